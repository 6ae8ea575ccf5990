using System.Linq.Expressions;
using System.Text.Json;
using Brokerage.EventStore;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Context;
using MassTransit.Saga;
using Npgsql;
using NpgsqlTypes;

namespace Brokerage.Messaging.Sagas;

/// <summary>Another delivery changed this saga instance first; the message is retried against the new state.</summary>
public sealed class SagaConcurrencyException(Type sagaType, Guid correlationId)
    : Exception($"Saga {sagaType.Name} {correlationId} was changed by another message; retrying.");

public static class PostgresSagaRepository
{
    /// <summary>
    /// Persists the saga as jsonb in the service's own PostgreSQL schema, with optimistic concurrency on a version
    /// column. Its writes join the message's transaction (opened by the inbox filter) together with the inbox record
    /// and every message the saga publishes through <see cref="SagaOutboxExtensions"/>.
    /// </summary>
    public static ISagaRegistrationConfigurator<T> PostgresRepository<T>(this ISagaRegistrationConfigurator<T> configurator) where T : class, ISaga =>
        configurator.Repository(r => r.RegisterSagaRepository<T, PostgresSagaContext<T>, PostgresSagaConsumeContextFactory<T>, PostgresSagaRepositoryContextFactory<T>>());

    internal static string TypeKey(Type sagaType) => sagaType.FullName ?? sagaType.Name;
}

/// <summary>The saga rows one message touches, written through its session on commit.</summary>
public sealed class PostgresSagaContext<TSaga>(EventSession session) where TSaga : class, ISaga
{
    private readonly Dictionary<Guid, int> loadedVersions = [];
    private readonly DocumentStore store = session.DocumentStore;

    public EventSession Session => session;

    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"SELECT version, data::text FROM {store.Schema}.sagas WHERE saga_type = @type AND correlation_id = @id", connection);
        cmd.Parameters.AddWithValue("type", PostgresSagaRepository.TypeKey(typeof(TSaga)));
        cmd.Parameters.AddWithValue("id", correlationId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        loadedVersions[correlationId] = reader.GetInt32(0);
        return JsonSerializer.Deserialize<TSaga>(reader.GetString(1), store.Options.Json);
    }

    /// <summary>Loads every instance of this saga type and filters in memory: sagas here are few and correlate by id.</summary>
    public async Task<IReadOnlyList<TSaga>> QueryAsync(Expression<Func<TSaga, bool>> filter, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"SELECT correlation_id, version, data::text FROM {store.Schema}.sagas WHERE saga_type = @type", connection);
        cmd.Parameters.AddWithValue("type", PostgresSagaRepository.TypeKey(typeof(TSaga)));
        var predicate = filter.Compile();
        var matches = new List<TSaga>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var saga = JsonSerializer.Deserialize<TSaga>(reader.GetString(2), store.Options.Json)!;
            if (predicate(saga))
            {
                loadedVersions[reader.GetGuid(0)] = reader.GetInt32(1);
                matches.Add(saga);
            }
        }

        return matches;
    }

    private enum WriteKind
    {
        Insert,
        Update,
        Delete,
    }

    private readonly Dictionary<Guid, (WriteKind Kind, TSaga Saga)> pending = [];
    private bool enlisted;

    // MassTransit may report an instance more than once per message (Save, Update, dispose): the last word wins,
    // and one write per instance joins the message's transaction.
    public void Insert(TSaga saga) => Pend(saga, WriteKind.Insert);

    public void Update(TSaga saga) =>
        Pend(saga, pending.TryGetValue(saga.CorrelationId, out var write) && write.Kind == WriteKind.Insert ? WriteKind.Insert : WriteKind.Update);

    public void Delete(TSaga saga)
    {
        if (pending.TryGetValue(saga.CorrelationId, out var write) && write.Kind == WriteKind.Insert && !loadedVersions.ContainsKey(saga.CorrelationId))
        {
            pending.Remove(saga.CorrelationId);
            return;
        }

        Pend(saga, WriteKind.Delete);
    }

    private void Pend(TSaga saga, WriteKind kind)
    {
        pending[saga.CorrelationId] = (kind, saga);
        if (enlisted)
        {
            return;
        }

        enlisted = true;
        session.Enlist(FlushAsync);
    }

    private async Task FlushAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        foreach (var (correlationId, (kind, saga)) in pending)
        {
            var sql = kind switch
            {
                WriteKind.Insert => $"""
                    INSERT INTO {store.Schema}.sagas (saga_type, correlation_id, version, state, data) VALUES (@type, @id, 1, @state, @data)
                    ON CONFLICT (saga_type, correlation_id) DO NOTHING
                    """,
                WriteKind.Update => $"""
                    UPDATE {store.Schema}.sagas SET version = version + 1, state = @state, data = @data, updated_at = now()
                    WHERE saga_type = @type AND correlation_id = @id AND version = @expected
                    """,
                _ => $"DELETE FROM {store.Schema}.sagas WHERE saga_type = @type AND correlation_id = @id AND version = @expected",
            };
            await using var cmd = new NpgsqlCommand(sql, connection, tx);
            cmd.Parameters.AddWithValue("type", PostgresSagaRepository.TypeKey(typeof(TSaga)));
            cmd.Parameters.AddWithValue("id", correlationId);
            cmd.Parameters.AddWithValue("expected", loadedVersions.GetValueOrDefault(correlationId));
            cmd.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Jsonb) { Value = kind == WriteKind.Delete ? DBNull.Value : Serialize(saga) });
            cmd.Parameters.Add(new NpgsqlParameter("state", NpgsqlDbType.Text) { Value = (object?)StateOf(saga) ?? DBNull.Value });
            if (await cmd.ExecuteNonQueryAsync(ct) == 0)
            {
                throw new SagaConcurrencyException(typeof(TSaga), correlationId);
            }
        }
    }

    private string Serialize(TSaga saga) => JsonSerializer.Serialize(saga, store.Options.Json);

    private static string? StateOf(TSaga saga) => typeof(TSaga).GetProperty("CurrentState")?.GetValue(saga)?.ToString();
}

public sealed class PostgresSagaRepositoryContextFactory<TSaga>(ISagaConsumeContextFactory<PostgresSagaContext<TSaga>, TSaga> factory) : ISagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) where T : class
    {
        var sagaContext = new PostgresSagaContext<TSaga>(SessionOf(context));
        await next.Send(new PostgresSagaRepositoryContext<TSaga, T>(sagaContext, context, factory));
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next) where T : class
    {
        var sagaContext = new PostgresSagaContext<TSaga>(SessionOf(context));
        var instances = await sagaContext.QueryAsync(query.FilterExpression, context.CancellationToken);
        var repositoryContext = new PostgresSagaRepositoryContext<TSaga, T>(sagaContext, context, factory);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
    }

    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql");

    private static EventSession SessionOf(ConsumeContext context) =>
        context.TryGetPayload<EventSession>(out var session)
            ? session
            : throw new InvalidOperationException("Saga messages must pass the inbox filter, which opens the message's session (AddBrokerageMessaging).");
}

public sealed class PostgresSagaConsumeContextFactory<TSaga> : ISagaConsumeContextFactory<PostgresSagaContext<TSaga>, TSaga> where TSaga : class, ISaga
{
    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(
        PostgresSagaContext<TSaga> context, ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode) where T : class =>
        Task.FromResult<SagaConsumeContext<TSaga, T>>(new PostgresSagaConsumeContext<TSaga, T>(context, consumeContext, instance, mode));
}

public sealed class PostgresSagaRepositoryContext<TSaga, TMessage>(
    PostgresSagaContext<TSaga> context, ConsumeContext<TMessage> message, ISagaConsumeContextFactory<PostgresSagaContext<TSaga>, TSaga> factory)
    : ConsumeContextScope<TMessage>(message, context), SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    private readonly ConsumeContext<TMessage> consumeContext = message;

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class => factory.CreateSagaConsumeContext(context, consumeContext, instance, mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(context, consumeContext, instance, SagaConsumeContextMode.Add);

    public Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        context.Insert(instance);
        return factory.CreateSagaConsumeContext(context, consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await context.LoadAsync(correlationId, CancellationToken);
        return instance is null ? null! : await factory.CreateSagaConsumeContext(context, consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> sagaContext)
    {
        context.Insert(sagaContext.Saga);
        return Task.CompletedTask;
    }

    public Task Update(SagaConsumeContext<TSaga> sagaContext)
    {
        context.Update(sagaContext.Saga);
        return Task.CompletedTask;
    }

    public Task Delete(SagaConsumeContext<TSaga> sagaContext)
    {
        context.Delete(sagaContext.Saga);
        return Task.CompletedTask;
    }

    public Task Discard(SagaConsumeContext<TSaga> sagaContext) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> sagaContext) => Task.CompletedTask;
}

/// <summary>On dispose, records the instance's new state (insert when it was just added, update otherwise).</summary>
public sealed class PostgresSagaConsumeContext<TSaga, TMessage>(
    PostgresSagaContext<TSaga> context, ConsumeContext<TMessage> consumeContext, TSaga instance, SagaConsumeContextMode mode)
    : ConsumeContextScope<TMessage>(consumeContext), SagaConsumeContext<TSaga, TMessage>, IAsyncDisposable
    where TSaga : class, ISaga
    where TMessage : class
{
    private bool completed;

    public TSaga Saga { get; } = instance;

    public bool IsCompleted => completed;

    public Task SetCompleted()
    {
        if (mode is SagaConsumeContextMode.Insert or SagaConsumeContextMode.Load)
        {
            context.Delete(Saga);
        }

        completed = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (!completed)
        {
            if (mode == SagaConsumeContextMode.Add)
            {
                context.Insert(Saga);
            }
            else
            {
                context.Update(Saga);
            }
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>State-machine activities that publish through the transactional outbox instead of straight to the broker.</summary>
public static class SagaOutboxExtensions
{
    public static EventActivityBinder<TSaga, TMessage> PublishViaOutbox<TSaga, TMessage, TOut>(
        this EventActivityBinder<TSaga, TMessage> binder, Func<BehaviorContext<TSaga, TMessage>, TOut> create)
        where TSaga : class, SagaStateMachineInstance
        where TMessage : class
        where TOut : class =>
        binder.Then(context => context.GetPayload<EventSession>().Publish(create(context)));

    public static EventActivityBinder<TSaga> PublishViaOutbox<TSaga, TOut>(
        this EventActivityBinder<TSaga> binder, Func<BehaviorContext<TSaga>, TOut> create)
        where TSaga : class, SagaStateMachineInstance
        where TOut : class =>
        binder.Then(context => context.GetPayload<EventSession>().Publish(create(context)));
}
