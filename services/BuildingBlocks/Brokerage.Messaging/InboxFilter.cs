using Brokerage.EventStore;
using MassTransit;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Brokerage.Messaging;

/// <summary>
/// Makes every consumer idempotent: the message id is recorded per consumer in the same transaction as the
/// consumer's own writes (events, documents, saga state, outbox), so a redelivered or republished message has
/// no second effect. Consumers write through <c>context.Session()</c> and never save it themselves.
/// </summary>
public sealed class InboxFilter<T>(DocumentStore store, ILogger<InboxFilter<T>> logger) : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var consumer = context.ReceiveContext.InputAddress.AbsolutePath.Trim('/');
        var messageId = context.MessageId ?? throw new InvalidOperationException($"A {typeof(T).Name} arrived without a message id.");

        // A retried attempt may find the session of the previous one: start it clean.
        var session = context.GetOrAddPayload(() => store.OpenSession());
        session.DiscardChanges();
        session.Metadata = MessageHeaders.MetadataFrom(context);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["CorrelationId"] = session.Metadata.CorrelationId, ["MessageId"] = messageId });
        if (await Inbox.HasSeenAsync(store, consumer, messageId, context.CancellationToken))
        {
            logger.LogInformation("Skipped duplicate {MessageType} {MessageId} on {Consumer}", typeof(T).Name, messageId, consumer);
            return;
        }

        await next.Send(context);

        session.Enlist((connection, tx, ct) => Inbox.RecordAsync(connection, tx, store.Schema, consumer, messageId, ct));
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "pk_inbox")
        {
            // A concurrent delivery of the same message committed first; this one rolled back whole.
            session.DiscardChanges();
            logger.LogInformation("Skipped concurrent duplicate {MessageType} {MessageId} on {Consumer}", typeof(T).Name, messageId, consumer);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");
}

public static class Inbox
{
    /// <summary>The message's unit of work: what a consumer appends or publishes here commits with its inbox record.</summary>
    public static EventSession Session(this ConsumeContext context) =>
        context.TryGetPayload<EventSession>(out var session)
            ? session
            : throw new InvalidOperationException("No message session: the inbox filter (AddBrokerageMessaging) must run before consumers.");

    public static async Task<bool> HasSeenAsync(DocumentStore store, string consumer, Guid messageId, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {store.Schema}.inbox WHERE consumer = @c AND message_id = @m)", connection);
        cmd.Parameters.AddWithValue("c", consumer);
        cmd.Parameters.AddWithValue("m", messageId);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    internal static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string schema, string consumer, Guid messageId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"INSERT INTO {schema}.inbox (consumer, message_id) VALUES (@c, @m)", connection, tx);
        cmd.Parameters.AddWithValue("c", consumer);
        cmd.Parameters.AddWithValue("m", messageId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Forgets message ids older than the retention; business keys guard the rare later duplicate.</summary>
    public static async Task<int> ForgetOlderThanAsync(DocumentStore store, TimeSpan retention, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"DELETE FROM {store.Schema}.inbox WHERE received_at < now() - @retention", connection);
        cmd.Parameters.AddWithValue("retention", retention);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
