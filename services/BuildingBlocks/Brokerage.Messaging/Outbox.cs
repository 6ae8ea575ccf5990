using System.Text.Json;
using Brokerage.ServiceDefaults;
using MassTransit;
using Marten;

namespace Brokerage.Messaging;

/// <summary>
/// The transactional outbox: integration messages are rows written in the same Marten session (one PostgreSQL
/// transaction) as the events that caused them, and the <see cref="OutboxRelay"/> publishes them after commit.
/// </summary>
public static class Outbox
{
    /// <summary>Publishes <paramref name="message"/> once this session's changes commit — and only if they do.</summary>
    public static Guid Publish<T>(this IDocumentSession session, T message) where T : class
    {
        var messageId = NewId.NextGuid();
        var type = message.GetType();
        var body = JsonSerializer.Serialize(message, type, BrokerageMarten.Json);
        var metadata = session.Metadata();
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        session.QueueSqlCommand(
            $"""
            INSERT INTO {schema}.outbox (message_id, message_type, body, correlation_id, causation_id, user_id, on_behalf_of, tenant_id)
            VALUES (?::uuid, ?, ?::jsonb, ?, ?, ?, ?, ?)
            """,
            messageId, TypeName(type), body, Text(metadata.CorrelationId), Text(metadata.CausationId), Text(metadata.UserId),
            Text(metadata.OnBehalfOf), Text(metadata.TenantId));
        // NOTIFY inside the transaction is delivered on commit, and never for a rolled-back one: it wakes the relay.
        // A command of its own (Marten refuses ';' in queued SQL), and NOTIFY rather than SELECT pg_notify: a queued command
        // must not return rows, or Marten reads them as the result of the batch's next operation.
        session.QueueSqlCommand($"NOTIFY {MessagingSchema.NotifyChannel(schema)}");
        return messageId;
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    // A null cannot tell Npgsql its type; an empty-typed DBNull as text can.
    private static object Text(string? value) => (object?)value ?? DBNull.Value;
}

/// <summary>Header names for who acted, carried on every integration message. Ids only: never health data.</summary>
public static class MessageHeaders
{
    public const string UserId = "Brokerage-User";
    public const string OnBehalfOf = "Brokerage-On-Behalf-Of";
    public const string Council = "Brokerage-Council";
    public const string Causation = "Brokerage-Causation";

    /// <summary>Event metadata for work caused by a consumed message: same correlation, caused by that message.</summary>
    public static EventMetadata MetadataFrom(ConsumeContext context) => new(
        (context.CorrelationId ?? context.ConversationId)?.ToString(),
        context.MessageId?.ToString(),
        context.Headers.Get<string>(UserId),
        context.Headers.Get<string>(OnBehalfOf),
        context.Headers.Get<string>(Council));
}
