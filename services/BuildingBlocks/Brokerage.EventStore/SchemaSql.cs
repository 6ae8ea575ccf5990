namespace Brokerage.EventStore;

internal static class SchemaSql
{
    public const string EventColumns =
        "seq_id, id, stream_id, version, type, data::text, occurred_at, correlation_id, causation_id, user_id, on_behalf_of, tenant_id";

    /// <summary>Idempotent DDL. New columns are added with ADD COLUMN IF NOT EXISTS so older schemas upgrade in place.</summary>
    public static string Create(string s) => $"""
        SELECT pg_advisory_xact_lock(@lock);
        CREATE SCHEMA IF NOT EXISTS {s};
        CREATE TABLE IF NOT EXISTS {s}.streams (
            id uuid PRIMARY KEY,
            type text,
            version bigint NOT NULL,
            created timestamptz NOT NULL DEFAULT now(),
            occurred_at timestamptz NOT NULL DEFAULT now(),
            tenant_id text,
            is_archived boolean NOT NULL DEFAULT false
        );
        CREATE TABLE IF NOT EXISTS {s}.events (
            seq_id bigserial PRIMARY KEY,
            id uuid NOT NULL,
            stream_id uuid NOT NULL REFERENCES {s}.streams (id),
            version bigint NOT NULL,
            type text NOT NULL,
            data jsonb NOT NULL,
            occurred_at timestamptz NOT NULL,
            tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
            correlation_id text,
            causation_id text,
            user_id text,
            on_behalf_of text,
            tenant_id text,
            CONSTRAINT uq_events_stream_version UNIQUE (stream_id, version)
        );
        CREATE INDEX IF NOT EXISTS ix_events_tx_seq ON {s}.events (tx_id, seq_id);
        CREATE TABLE IF NOT EXISTS {s}.snapshots (
            stream_id uuid NOT NULL,
            type text NOT NULL,
            version bigint NOT NULL,
            occurred_at timestamptz NOT NULL,
            data jsonb NOT NULL,
            PRIMARY KEY (stream_id, type)
        );
        CREATE TABLE IF NOT EXISTS {s}.documents (
            type text NOT NULL,
            id text NOT NULL,
            data jsonb NOT NULL,
            version bigint NOT NULL DEFAULT 1,
            last_modified timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (type, id)
        );
        CREATE INDEX IF NOT EXISTS ix_documents_data ON {s}.documents USING gin (data jsonb_path_ops);
        CREATE TABLE IF NOT EXISTS {s}.projection_progress (
            name text PRIMARY KEY,
            last_tx_id xid8 NOT NULL DEFAULT '0',
            last_seq_id bigint NOT NULL DEFAULT 0,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    public static long LockKey(string name)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    public static long StreamLockKey(string schema, Guid streamId)
    {
        Span<byte> bytes = stackalloc byte[16];
        streamId.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]) ^ LockKey(schema);
    }
}
