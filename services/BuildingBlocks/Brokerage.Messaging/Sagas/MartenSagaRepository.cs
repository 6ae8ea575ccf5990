using System.Linq.Expressions;
using System.Text.Json;
using Marten;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Context;
using MassTransit.Saga;

namespace Brokerage.Messaging.Sagas;

public static class MartenSagaRepository
{
    /// <summary>
    /// Persists the saga as a Marten document (register it with <see cref="AddSaga{T}"/>) with optimistic concurrency.
    /// Its writes join the message's session (opened by the inbox filter), so the state change commits together with the
    /// inbox record and every message the saga publishes through <see cref="SagaOutboxExtensions"/>: a crash between
    /// the state change and a send loses nothing, and a racing delivery fails with Marten's concurrency error and is retried.
    /// </summary>
    public static ISagaRegistrationConfigurator<T> MartenRepository<T>(this ISagaRegistrationConfigurator<T> configurator) where T : class, ISaga =>
        configurator.Repository(r => r.RegisterSagaRepository<T, MartenSagaContext<T>, MartenSagaConsumeContextFactory<T>, MartenSagaRepositoryContextFactory<T>>());

    /// <summary>Stores saga <typeparamref name="T"/> as a document keyed by its correlation id, with optimistic concurrency.</summary>
    public static StoreOptions AddSaga<T>(this StoreOptions options) where T : class, ISaga
    {
        options.Schema.For<T>().Identity(x => x.CorrelationId).UseOptimisticConcurrency(true);
        return options;
    }
}

/// <summary>The saga documents one message touches, staged in its session and written on commit.</summary>
public sealed class MartenSagaContext<TSaga>(IDocumentSession session) where TSaga : class, ISaga
{
    private readonly HashSet<Guid> loaded = [];

    private enum WriteKind
    {
        Insert,
        Update,
        Delete,
    }

    private readonly Dictionary<Guid, (WriteKind Kind, TSaga Saga)> pending = [];

    public IDocumentSession Session => session;

    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken ct)
    {
        var saga = await session.LoadAsync<TSaga>(correlationId, ct);
        if (saga is not null)
        {
            loaded.Add(correlationId);
        }

        return saga;
    }

    public async Task<IReadOnlyList<TSaga>> QueryAsync(Expression<Func<TSaga, bool>> filter, CancellationToken ct)
    {
        var matches = await session.Query<TSaga>().Where(filter).ToListAsync(ct);
        foreach (var saga in matches)
        {
            loaded.Add(saga.CorrelationId);
        }

        return matches;
    }

    // MassTransit may report an instance more than once per message (Save, Update, dispose): the last word wins,
    // and one write per instance is staged, when the inbox filter saves the session.
    public void Insert(TSaga saga) => Pend(saga, WriteKind.Insert);

    public void Update(TSaga saga) =>
        Pend(saga, pending.TryGetValue(saga.CorrelationId, out var write) && write.Kind == WriteKind.Insert ? WriteKind.Insert : WriteKind.Update);

    public void Delete(TSaga saga)
    {
        if (pending.TryGetValue(saga.CorrelationId, out var write) && write.Kind == WriteKind.Insert && !loaded.Contains(saga.CorrelationId))
        {
            pending.Remove(saga.CorrelationId);
            return;
        }

        Pend(saga, WriteKind.Delete);
    }

    private void Pend(TSaga saga, WriteKind kind)
    {
        var first = pending.Count == 0;
        pending[saga.CorrelationId] = (kind, saga);
        if (first)
        {
            session.Listeners.Add(new StageOnSave(this));
        }
    }

    private void Stage()
    {
        foreach (var (id, (kind, saga)) in pending)
        {
            switch (kind)
            {
                // Insert fails with DocumentAlreadyExistsException when a racing delivery created it first: the retry loads it.
                case WriteKind.Insert when !loaded.Contains(id):
                    session.Insert(saga);
                    break;
                case WriteKind.Delete:
                    session.Delete(saga);
                    break;
                default:
                    // Checked against the version this message loaded: Marten throws its ConcurrencyException when it moved on.
                    session.Update(saga);
                    break;
            }
        }

        pending.Clear();
    }

    private sealed class StageOnSave(MartenSagaContext<TSaga> context) : DocumentSessionListenerBase
    {
        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            context.Stage();
            return Task.CompletedTask;
        }
    }
}

public sealed class MartenSagaRepositoryContextFactory<TSaga>(ISagaConsumeContextFactory<MartenSagaContext<TSaga>, TSaga> factory) : ISagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) where T : class
    {
        var sagaContext = new MartenSagaContext<TSaga>(SessionOf(context));
        await next.Send(new MartenSagaRepositoryContext<TSaga, T>(sagaContext, context, factory));
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next) where T : class
    {
        var sagaContext = new MartenSagaContext<TSaga>(SessionOf(context));
        var instances = await sagaContext.QueryAsync(query.FilterExpression, context.CancellationToken);
        var repositoryContext = new MartenSagaRepositoryContext<TSaga, T>(sagaContext, context, factory);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
    }

    public void Probe(ProbeContext context) => context.Add("persistence", "marten");

    private static IDocumentSession SessionOf(ConsumeContext context) =>
        context.TryGetPayload<MessageSession>(out var session)
            ? session.Current
            : throw new InvalidOperationException("Saga messages must pass the inbox filter, which opens the message's session (AddBrokerageMessaging).");
}

public sealed class MartenSagaConsumeContextFactory<TSaga> : ISagaConsumeContextFactory<MartenSagaContext<TSaga>, TSaga> where TSaga : class, ISaga
{
    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(
        MartenSagaContext<TSaga> context, ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode) where T : class =>
        Task.FromResult<SagaConsumeContext<TSaga, T>>(new MartenSagaConsumeContext<TSaga, T>(context, consumeContext, instance, mode));
}

public sealed class MartenSagaRepositoryContext<TSaga, TMessage>(
    MartenSagaContext<TSaga> context, ConsumeContext<TMessage> message, ISagaConsumeContextFactory<MartenSagaContext<TSaga>, TSaga> factory)
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
public sealed class MartenSagaConsumeContext<TSaga, TMessage>(
    MartenSagaContext<TSaga> context, ConsumeContext<TMessage> consumeContext, TSaga instance, SagaConsumeContextMode mode)
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
        binder.Then(context => context.Session().Publish(create(context)));

    public static EventActivityBinder<TSaga> PublishViaOutbox<TSaga, TOut>(
        this EventActivityBinder<TSaga> binder, Func<BehaviorContext<TSaga>, TOut> create)
        where TSaga : class, SagaStateMachineInstance
        where TOut : class =>
        binder.Then(context => context.Session().Publish(create(context)));
}
