using Brokerage.ServiceDefaults;
using Marten;
using Marten.Exceptions;
using MassTransit;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Brokerage.Messaging;

/// <summary>
/// Makes every consumer idempotent: the message id is recorded per consumer in the same Marten session as the
/// consumer's own writes (events, documents, saga state, outbox), so a redelivered or republished message has
/// no second effect. Consumers write through <c>context.Session()</c> and never save it themselves.
/// </summary>
public sealed class InboxFilter<T>(IDocumentStore store, ServiceStorage storage, ILogger<InboxFilter<T>> logger) : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var consumer = context.ReceiveContext.InputAddress.AbsolutePath.Trim('/');
        var messageId = context.MessageId ?? throw new InvalidOperationException($"A {typeof(T).Name} arrived without a message id.");
        var metadata = MessageHeaders.MetadataFrom(context);
        using var council = CurrentCouncil.Use(metadata.TenantId);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["CorrelationId"] = metadata.CorrelationId, ["MessageId"] = messageId });
        if (await Inbox.HasSeenAsync(storage, consumer, messageId, context.CancellationToken))
        {
            logger.LogInformation("Skipped duplicate {MessageType} {MessageId} on {Consumer}", typeof(T).Name, messageId, consumer);
            return;
        }

        // Each attempt (a retry after a lost race) gets a fresh session: nothing staged or tracked by the last one survives.
        var holder = context.GetOrAddPayload(() => new MessageSession());
        await using var session = holder.Open(store, metadata);
        await next.Send(context);

        session.QueueSqlCommand($"INSERT INTO {storage.Schema}.inbox (consumer, message_id) VALUES (?, ?::uuid)", consumer, messageId);
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (Exception e) when (Inbox.IsDuplicate(e))
        {
            // A concurrent delivery of the same message committed first; this one rolled back whole.
            logger.LogInformation("Skipped concurrent duplicate {MessageType} {MessageId} on {Consumer}", typeof(T).Name, messageId, consumer);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");
}

/// <summary>The Marten session of the message being consumed (a payload on its context).</summary>
public sealed class MessageSession
{
    private IDocumentSession? current;

    public IDocumentSession Current => current ?? throw new InvalidOperationException("No message session is open.");

    internal IDocumentSession Open(IDocumentStore store, EventMetadata metadata)
    {
        current = store.LightweightSession().Stamp(metadata);
        return current;
    }
}

public static class Inbox
{
    /// <summary>The message's unit of work: what a consumer appends or publishes here commits with its inbox record.</summary>
    public static IDocumentSession Session(this ConsumeContext context) =>
        context.TryGetPayload<MessageSession>(out var session)
            ? session.Current
            : throw new InvalidOperationException("No message session: the inbox filter (AddBrokerageMessaging) must run before consumers.");

    public static async Task<bool> HasSeenAsync(ServiceStorage storage, string consumer, Guid messageId, CancellationToken ct)
    {
        await using var cmd = storage.DataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {storage.Schema}.inbox WHERE consumer = $1 AND message_id = $2)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = consumer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = messageId });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>True when saving failed because this consumer's inbox already holds the message (Marten wraps the 23505).</summary>
    internal static bool IsDuplicate(Exception e)
    {
        for (var inner = (Exception?)e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_inbox" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Forgets message ids older than the retention; business keys guard the rare later duplicate.</summary>
    public static async Task<int> ForgetOlderThanAsync(ServiceStorage storage, TimeSpan retention, CancellationToken ct)
    {
        await using var cmd = storage.DataSource.CreateCommand($"DELETE FROM {storage.Schema}.inbox WHERE received_at < now() - $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = retention });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
