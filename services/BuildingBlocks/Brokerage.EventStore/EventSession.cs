using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Brokerage.EventStore;

/// <summary>
/// A unit of work: streams started or appended, documents stored, and enlisted writes (outbox, inbox, saga state)
/// all commit in one PostgreSQL transaction on <see cref="SaveChangesAsync"/>.
/// </summary>
public sealed class EventSession : IAsyncDisposable
{
    private readonly DocumentStore store;
    private readonly List<StreamAction> actions = [];
    private readonly List<Guid> archives = [];
    private readonly List<Func<DocumentOperations, CancellationToken, Task>> documentWrites = [];
    private readonly List<Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>> enlisted = [];

    internal EventSession( DocumentStore store, EventMetadata metadata)
    {
        this.store = store;
        Metadata = metadata;
    }

    /// <summary>Stamped on every event this session appends.</summary>
    public EventMetadata Metadata { get; set; }

    public DocumentStore DocumentStore => store;

    /// <summary>The events written by the last successful <see cref="SaveChangesAsync"/>, in commit order.</summary>
    public IReadOnlyList<IEvent> Committed { get; private set; } = [];

    public bool HasChanges => actions.Count > 0 || archives.Count > 0 || documentWrites.Count > 0 || enlisted.Count > 0;

    /// <summary>Starts a new stream; saving fails with <see cref="ExistingStreamIdCollisionException"/> if it exists.</summary>
    public StreamAction StartStream<TAggregate>(Guid streamId, params object[] events) where TAggregate : class =>
        Add(new StreamAction(streamId, StreamActionKind.Start, null, typeof(TAggregate)), events);

    /// <summary>Appends, failing with <see cref="ConcurrencyException"/> unless the stream is at <paramref name="expectedVersion"/> (0: must not exist yet).</summary>
    public StreamAction Append(Guid streamId, long expectedVersion, params object[] events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        return Add(new StreamAction(streamId, StreamActionKind.Expected, expectedVersion, null), events);
    }

    internal StreamAction AppendExpected(Guid streamId, long expectedVersion, Type aggregateType, object[] events) =>
        Add(new StreamAction(streamId, StreamActionKind.Expected, expectedVersion, aggregateType), events);

    /// <summary>Appends whatever the stream's version, creating the stream if needed.</summary>
    public StreamAction Append(Guid streamId, params object[] events) =>
        Add(new StreamAction(streamId, StreamActionKind.Any, null, null), events);

    /// <summary>Loads the aggregate for a command; what you append through the result is checked against the version read.</summary>
    public async Task<EventStream<T>> FetchForWritingAsync<T>(Guid streamId, CancellationToken ct = default) where T : class
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        var state = await store.FetchStreamStateAsync(connection, null, streamId, ct);
        if (state is { IsArchived: true })
        {
            throw new StreamArchivedException(streamId);
        }

        var (aggregate, version) = state is null ? (null, 0L) : await store.AggregateAsync<T>(connection, null, streamId, null, null, ct);
        return new EventStream<T>(this, streamId, aggregate, version);
    }

    /// <summary>Marks a stream archived: kept for audit (readable with includeArchived), hidden from normal reads, closed to appends.</summary>
    public void ArchiveStream(Guid streamId) => archives.Add(streamId);

    public void Store<T>(string id, T document) where T : class =>
        documentWrites.Add((docs, ct) => docs.StoreAsync(id, document, ct));

    public void Delete<T>(string id) => documentWrites.Add((docs, ct) => docs.DeleteAsync<T>(id, ct));

    /// <summary>Adds work to run inside the save's transaction, after the events are written (used by the outbox, inbox and saga repository).</summary>
    public void Enlist(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> work) => enlisted.Add(work);

    public async Task SaveChangesAsync(CancellationToken ct = default)
    {
        if (!HasChanges)
        {
            return;
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var committed = new List<IEvent>();
        try
        {
            await AppendStreamsAsync(connection, tx, committed, ct);
            await ArchiveAsync(connection, tx, ct);
            await SnapshotAsync(connection, tx, ct);

            var documents = store.Documents(connection, tx);
            foreach (var projection in store.Options.Projections.Inline)
            {
                var relevant = committed.Where(e => projection.Handles(e.EventType)).ToList();
                if (relevant.Count > 0)
                {
                    await projection.ApplyAsync(documents, relevant, ct);
                }
            }

            foreach (var write in documentWrites)
            {
                await write(documents, ct);
            }

            foreach (var work in enlisted)
            {
                await work(connection, tx, ct);
            }

            await tx.CommitAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "uq_events_stream_version")
        {
            // Safety net: the version checks above should make this unreachable, but never surface a raw 23505.
            var action = actions.FirstOrDefault();
            throw new ConcurrencyException(action?.StreamId ?? Guid.Empty, action?.ExpectedVersion ?? -1, null, e);
        }

        Committed = committed;
        DiscardChanges();
    }

    /// <summary>Forgets everything not yet saved (a retried message starts from a clean session).</summary>
    public void DiscardChanges()
    {
        actions.Clear();
        archives.Clear();
        documentWrites.Clear();
        enlisted.Clear();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private StreamAction Add(StreamAction action, object[] events)
    {
        var existing = actions.FirstOrDefault(a => a.StreamId == action.StreamId);
        if (existing is not null)
        {
            existing.Events.AddRange(events);
            return existing;
        }

        action.Events.AddRange(events);
        actions.Add(action);
        return action;
    }

    private async Task AppendStreamsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<IEvent> committed, CancellationToken ct)
    {
        var toWrite = actions.Where(a => a.Events.Count > 0).ToList();
        var lockKeys = toWrite.Select(a => a.StreamId).Concat(archives)
            .Select(id => SchemaSql.StreamLockKey(store.Schema, id)).Distinct().Order().ToList();
        if (lockKeys.Count == 0)
        {
            return;
        }

        var now = store.Options.Clock.GetUtcNow();
        await using var batch = new NpgsqlBatch(connection, tx);

        // Stream locks first, in a fixed order: they serialise writers per stream before any transaction id is
        // assigned, so the async daemon's (tx_id, seq_id) order is also each stream's version order.
        foreach (var key in lockKeys)
        {
            var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = key });
            batch.BatchCommands.Add(lockCommand);
        }

        foreach (var action in toWrite)
        {
            batch.BatchCommands.Add(AppendCommand(action, now));
        }

        var failed = new List<StreamAction>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            for (var i = 0; i < lockKeys.Count; i++)
            {
                await reader.NextResultAsync(ct);
            }

            foreach (var action in toWrite)
            {
                var rows = 0;
                while (await reader.ReadAsync(ct))
                {
                    var seq = reader.GetInt64(0);
                    var version = reader.GetInt64(1);
                    var data = action.Events[rows];
                    committed.Add(new StoredEvent(
                        action.EventIds[rows], seq, action.StreamId, version, store.Options.Events.AliasFor(data.GetType()),
                        data.GetType(), data, now, StampedMetadata));
                    rows++;
                    action.ResultingVersion = version;
                }

                if (rows == 0)
                {
                    failed.Add(action);
                }

                await reader.NextResultAsync(ct);
            }
        }

        if (failed.Count > 0)
        {
            throw await RejectionFor(connection, tx, failed[0], ct);
        }
    }

    private EventMetadata StampedMetadata => Metadata;

    /// <summary>
    /// One statement per stream: the CTE claims the stream version (or fails to), and events are inserted only by joining
    /// to its result, so a stale expected version takes no sequence number.
    /// </summary>
    private NpgsqlBatchCommand AppendCommand(StreamAction action, DateTimeOffset now)
    {
        var s = store.Schema;
        var count = action.Events.Count;
        var claim = action.Kind switch
        {
            StreamActionKind.Start => $"""
                INSERT INTO {s}.streams (id, type, version, created, occurred_at, tenant_id) VALUES (@id, @type, @n, @now, @now, @tenant)
                ON CONFLICT (id) DO NOTHING RETURNING 0::bigint AS start
                """,
            StreamActionKind.Expected when action.ExpectedVersion == 0 => $"""
                INSERT INTO {s}.streams (id, type, version, created, occurred_at, tenant_id) VALUES (@id, @type, @n, @now, @now, @tenant)
                ON CONFLICT (id) DO NOTHING RETURNING 0::bigint AS start
                """,
            StreamActionKind.Expected => $"""
                UPDATE {s}.streams SET version = version + @n, occurred_at = @now, type = COALESCE(type, @type)
                WHERE id = @id AND version = @expected AND NOT is_archived RETURNING version - @n AS start
                """,
            _ => $"""
                INSERT INTO {s}.streams AS st (id, type, version, created, occurred_at, tenant_id) VALUES (@id, @type, @n, @now, @now, @tenant)
                ON CONFLICT (id) DO UPDATE SET version = st.version + @n, occurred_at = @now, type = COALESCE(st.type, @type) WHERE NOT st.is_archived
                RETURNING st.version - @n AS start
                """,
        };

        var command = new NpgsqlBatchCommand($"""
            WITH claim AS ({claim})
            INSERT INTO {s}.events (id, stream_id, version, type, data, occurred_at, correlation_id, causation_id, user_id, on_behalf_of, tenant_id)
            SELECT u.id, @id, claim.start + u.ord, u.type, u.data::jsonb, @now, @correlation, @causation, @user, @on_behalf_of, @tenant
            FROM unnest(@ids, @types, @datas) WITH ORDINALITY AS u(id, type, data, ord) CROSS JOIN claim
            ORDER BY u.ord
            RETURNING seq_id, version
            """);

        action.EventIds = action.Events.Select(_ => Guid.CreateVersion7(now)).ToList();
        var p = command.Parameters;
        p.AddWithValue("id", action.StreamId);
        p.Add(new NpgsqlParameter("type", NpgsqlDbType.Text) { Value = (object?)action.AggregateType?.FullName ?? DBNull.Value });
        p.AddWithValue("n", (long)count);
        p.AddWithValue("now", now);
        p.AddWithValue("expected", action.ExpectedVersion ?? 0L);
        p.Add(Text("tenant", Metadata.TenantId));
        p.Add(Text("correlation", Metadata.CorrelationId));
        p.Add(Text("causation", Metadata.CausationId));
        p.Add(Text("user", Metadata.UserId));
        p.Add(Text("on_behalf_of", Metadata.OnBehalfOf));
        p.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = action.EventIds.ToArray() });
        p.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = action.Events.Select(e => store.Options.Events.AliasFor(e.GetType())).ToArray(),
        });
        p.Add(new NpgsqlParameter("datas", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = action.Events.Select(e => JsonSerializer.Serialize(e, e.GetType(), store.Options.Json)).ToArray(),
        });
        return command;
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private async Task<Exception> RejectionFor(NpgsqlConnection connection, NpgsqlTransaction tx, StreamAction action, CancellationToken ct)
    {
        var state = await store.FetchStreamStateAsync(connection, tx, action.StreamId, ct);
        return action switch
        {
            { Kind: StreamActionKind.Start } => new ExistingStreamIdCollisionException(action.StreamId),
            _ when state is { IsArchived: true } => new StreamArchivedException(action.StreamId),
            _ => new ConcurrencyException(action.StreamId, action.ExpectedVersion ?? 0, state?.Version),
        };
    }

    private async Task ArchiveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        if (archives.Count == 0)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand($"UPDATE {store.Schema}.streams SET is_archived = true WHERE id = ANY(@ids)", connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = archives.Distinct().ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes a snapshot whenever a stream crosses a multiple of its aggregate's snapshot interval.</summary>
    private async Task SnapshotAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        if (store.Options.SnapshotEvery.Count == 0)
        {
            return;
        }

        foreach (var action in actions.Where(a => a.Events.Count > 0))
        {
            var before = action.ResultingVersion - action.Events.Count;
            var crossesAnInterval = store.Options.SnapshotEvery.Values.Any(every => action.ResultingVersion / every != before / every);
            if (!crossesAnInterval)
            {
                continue;
            }

            var aggregateType = action.AggregateType;
            if (aggregateType is null)
            {
                var state = await store.FetchStreamStateAsync(connection, tx, action.StreamId, ct);
                aggregateType = store.Options.SnapshotEvery.Keys.FirstOrDefault(t => t.FullName == state?.AggregateType);
            }

            if (aggregateType is null || !store.Options.SnapshotEvery.TryGetValue(aggregateType, out var every)
                || action.ResultingVersion / every == before / every)
            {
                continue;
            }

            await (Task)typeof(EventSession).GetMethod(nameof(WriteSnapshotAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(aggregateType)
                .Invoke(this, [connection, tx, action.StreamId, ct])!;
        }
    }

    private async Task WriteSnapshotAsync<T>(NpgsqlConnection connection, NpgsqlTransaction tx, Guid streamId, CancellationToken ct) where T : class
    {
        var (aggregate, version) = await store.AggregateAsync<T>(connection, tx, streamId, null, null, ct);
        if (aggregate is null)
        {
            return;
        }

        await using var cmd = new NpgsqlCommand($"""
            INSERT INTO {store.Schema}.snapshots (stream_id, type, version, occurred_at, data)
            SELECT @id, @type, @version, occurred_at, @data FROM {store.Schema}.events WHERE stream_id = @id AND version = @version
            ON CONFLICT (stream_id, type) DO UPDATE SET version = excluded.version, occurred_at = excluded.occurred_at, data = excluded.data
            """, connection, tx);
        cmd.Parameters.AddWithValue("id", streamId);
        cmd.Parameters.AddWithValue("type", DocumentStore.SnapshotType<T>());
        cmd.Parameters.AddWithValue("version", version);
        cmd.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(aggregate, store.Options.Json) });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

public enum StreamActionKind
{
    Start,
    Expected,
    Any,
}

/// <summary>What a session will do to one stream on save.</summary>
public sealed class StreamAction(Guid streamId, StreamActionKind kind, long? expectedVersion, Type? aggregateType)
{
    public Guid StreamId { get; } = streamId;

    public StreamActionKind Kind { get; } = kind;

    public long? ExpectedVersion { get; } = expectedVersion;

    public Type? AggregateType { get; } = aggregateType;

    public List<object> Events { get; } = [];

    /// <summary>The stream's version after a successful save.</summary>
    public long ResultingVersion { get; internal set; }

    internal List<Guid> EventIds { get; set; } = [];
}

/// <summary>An aggregate loaded for a command, with the version it was loaded at.</summary>
public sealed class EventStream<T>(EventSession session, Guid streamId, T? aggregate, long currentVersion) where T : class
{
    private StreamAction? action;

    public Guid StreamId { get; } = streamId;

    public T? Aggregate { get; } = aggregate;

    /// <summary>The version the aggregate was loaded at (0 when the stream does not exist yet).</summary>
    public long CurrentVersion { get; } = currentVersion;

    /// <summary>The version after save, once saved.</summary>
    public long ResultingVersion => action?.ResultingVersion ?? CurrentVersion;

    /// <summary>
    /// Throws <see cref="ConcurrencyException"/> when the caller expected another version (HTTP <c>If-Match</c>: 412).
    /// Call it after deciding the caller may know the stream exists, so a stale version never reveals that it does.
    /// </summary>
    public void EnsureVersion(long? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != CurrentVersion)
        {
            throw new ConcurrencyException(StreamId, expected, CurrentVersion);
        }
    }

    public void AppendOne(object @event) => AppendMany(@event);

    /// <summary>Appends the events; none (a decision that decided nothing, e.g. a repeated message) writes nothing.</summary>
    public void AppendMany(params object[] events)
    {
        if (events.Length == 0)
        {
            return;
        }

        if (action is not null)
        {
            action.Events.AddRange(events);
            return;
        }

        action = session.AppendExpected(StreamId, CurrentVersion, typeof(T), events);
    }
}
