using Brokerage.ServiceDefaults;
using Npgsql;

namespace Brokerage.Messaging;

/// <summary>
/// The outbox and inbox tables, created in the service's Marten schema once Marten has applied its own (saga state is a
/// Marten document: see <see cref="Sagas.MartenSagaRepository"/>).
/// </summary>
internal static class MessagingSchema
{
    public static string Create(string s) => $"""
        CREATE SCHEMA IF NOT EXISTS {s};
        CREATE TABLE IF NOT EXISTS {s}.outbox (
            seq bigserial PRIMARY KEY,
            message_id uuid NOT NULL UNIQUE,
            message_type text NOT NULL,
            body jsonb NOT NULL,
            correlation_id text,
            causation_id text,
            user_id text,
            on_behalf_of text,
            tenant_id text,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        -- Rows the relay could not read (their message type no longer loads, or the body no longer fits it) wait here
        -- for an operator instead of blocking every message behind them.
        CREATE TABLE IF NOT EXISTS {s}.outbox_parked (
            seq bigint PRIMARY KEY,
            message_id uuid NOT NULL,
            message_type text NOT NULL,
            body jsonb NOT NULL,
            correlation_id text,
            causation_id text,
            user_id text,
            on_behalf_of text,
            tenant_id text,
            created_at timestamptz NOT NULL,
            reason text NOT NULL,
            parked_at timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        CREATE TABLE IF NOT EXISTS {s}.inbox (
            consumer text NOT NULL,
            message_id uuid NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT pk_inbox PRIMARY KEY (consumer, message_id)
        );
        CREATE INDEX IF NOT EXISTS ix_inbox_received ON {s}.inbox (received_at)
        """;

    public static string NotifyChannel(string schema) => $"outbox_{schema}";

    /// <summary>A stable advisory-lock key for a name (FNV-1a: the same in every process, unlike string.GetHashCode).</summary>
    public static long LockKey(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}

/// <summary>Creates the outbox and inbox tables at start-up, one process at a time (replicas start together).</summary>
internal sealed class MessagingSchemaInitializer(ServiceStorage storage) : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await storage.DataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var cmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(@lock); {MessagingSchema.Create(storage.Schema)}", connection, tx))
        {
            cmd.Parameters.AddWithValue("lock", MessagingSchema.LockKey($"{storage.Schema}:schema"));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
