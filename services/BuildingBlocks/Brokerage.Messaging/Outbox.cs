using System.Text.Json;
using Brokerage.EventStore;
using MassTransit;
using Npgsql;
using NpgsqlTypes;

namespace Brokerage.Messaging;

/// <summary>
/// The transactional outbox: integration messages are rows written in the same transaction as the events that
/// caused them, and the <see cref="OutboxRelay"/> publishes them after commit.
/// </summary>
public static class Outbox
{
    /// <summary>Publishes <paramref name="message"/> once this session's changes commit — and only if they do.</summary>
    public static Guid Publish<T>(this EventSession session, T message) where T : class
    {
        var messageId = NewId.NextGuid();
        var type = message.GetType();
        var body = JsonSerializer.Serialize(message, type, session.DocumentStore.Options.Json);
        var metadata = session.Metadata;
        var schema = session.DocumentStore.Schema;
        session.Enlist(async (connection, tx, ct) =>
        {
            await using var cmd = new NpgsqlCommand($"""
                INSERT INTO {schema}.outbox (message_id, message_type, body, correlation_id, causation_id, user_id, on_behalf_of, tenant_id)
                VALUES (@id, @type, @body, @correlation, @causation, @user, @obo, @tenant);
                SELECT pg_notify(@channel, '');
                """, connection, tx);
            cmd.Parameters.AddWithValue("id", messageId);
            cmd.Parameters.AddWithValue("type", TypeName(type));
            cmd.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = body });
            cmd.Parameters.Add(Text("correlation", metadata.CorrelationId));
            cmd.Parameters.Add(Text("causation", metadata.CausationId));
            cmd.Parameters.Add(Text("user", metadata.UserId));
            cmd.Parameters.Add(Text("obo", metadata.OnBehalfOf));
            cmd.Parameters.Add(Text("tenant", metadata.TenantId));
            cmd.Parameters.AddWithValue("channel", MessagingSchema.NotifyChannel(schema));
            await cmd.ExecuteNonQueryAsync(ct);
        });
        return messageId;
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
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
