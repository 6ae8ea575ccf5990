namespace Brokerage.Messaging;

/// <summary>The outbox, inbox and saga tables, created in the service's event-store schema.</summary>
internal static class MessagingSchema
{
    public static string Create(string s) => $"""
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
        CREATE INDEX IF NOT EXISTS ix_inbox_received ON {s}.inbox (received_at);
        CREATE TABLE IF NOT EXISTS {s}.sagas (
            saga_type text NOT NULL,
            correlation_id uuid NOT NULL,
            version integer NOT NULL,
            state text,
            data jsonb NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (saga_type, correlation_id)
        )
        """;

    public static string NotifyChannel(string schema) => $"outbox_{schema}";
}
