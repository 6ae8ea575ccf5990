using System.Data;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Brokerage.EventStore;

/// <summary>
/// The store: one per service, owning one PostgreSQL schema. Open a session to write; read aggregates,
/// streams and documents straight from here.
/// </summary>
public sealed class DocumentStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly bool ownsDataSource;

    public DocumentStore(EventStoreOptions options, NpgsqlDataSource? dataSource = null)
    {
        Options = options;
        ownsDataSource = dataSource is null;
        this.dataSource = dataSource ?? NpgsqlDataSource.Create(options.ConnectionString);
    }

    public EventStoreOptions Options { get; }

    public string Schema => Options.Schema;

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Creates or upgrades this store's schema; safe to call from several processes at once.</summary>
    public async Task ApplySchemaAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var ddl = string.Join(";\n", [SchemaSql.Create(Schema), .. Options.SchemaExtensions.Select(extend => extend(Schema))]);
        await using (var cmd = new NpgsqlCommand(ddl, connection, tx))
        {
            cmd.Parameters.AddWithValue("lock", SchemaSql.LockKey(Schema));
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    public EventSession OpenSession(EventMetadata? metadata = null) => new(this, metadata ?? EventMetadata.None);

    public async Task<StreamState?> FetchStreamStateAsync(Guid streamId, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await FetchStreamStateAsync(connection, null, streamId, ct);
    }

    /// <summary>The events of a stream, oldest first; an archived stream reads as empty unless <paramref name="includeArchived"/>.</summary>
    public async Task<IReadOnlyList<IEvent>> FetchStreamAsync(
        Guid streamId, long? version = null, DateTimeOffset? timestamp = null, bool includeArchived = false, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var state = await FetchStreamStateAsync(connection, null, streamId, ct);
        if (state is null || (state.IsArchived && !includeArchived))
        {
            return [];
        }

        return await ReadStreamEventsAsync(connection, null, streamId, 0, version, timestamp, ct);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events of a stream after <paramref name="afterVersion"/>, oldest first, without their
    /// data: place, type, time and metadata, what an audit trail shows. Archived streams read too (they are kept for
    /// audit), and an event type no longer registered still reads.
    /// </summary>
    public async Task<IReadOnlyList<EventHistoryEntry>> FetchStreamHistoryAsync(Guid streamId, long afterVersion, int limit, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            SELECT version, occurred_at, type, correlation_id, causation_id, user_id, on_behalf_of, tenant_id
            FROM {Schema}.events WHERE stream_id = @id AND version > @after ORDER BY version LIMIT @limit
            """, connection);
        cmd.Parameters.AddWithValue("id", streamId);
        cmd.Parameters.AddWithValue("after", afterVersion);
        cmd.Parameters.AddWithValue("limit", limit);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var entries = new List<EventHistoryEntry>();
        while (await reader.ReadAsync(ct))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            entries.Add(new EventHistoryEntry(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                new EventMetadata(Text(3), Text(4), Text(5), Text(6), Text(7))));
        }

        return entries;
    }

    /// <summary>
    /// Rebuilds an aggregate, optionally as it stood at a version or a moment (point-in-time read).
    /// Uses the latest snapshot at or before that point, then the events after it.
    /// </summary>
    public async Task<T?> AggregateStreamAsync<T>(
        Guid streamId, long? version = null, DateTimeOffset? timestamp = null, bool includeArchived = false, CancellationToken ct = default)
        where T : class
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var state = await FetchStreamStateAsync(connection, null, streamId, ct);
        if (state is null || (state.IsArchived && !includeArchived))
        {
            return null;
        }

        var (aggregate, _) = await AggregateAsync<T>(connection, null, streamId, version, timestamp, ct);
        return aggregate;
    }

    public async Task<T?> LoadAsync<T>(string id, CancellationToken ct = default) where T : class
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await Documents(connection, null).LoadAsync<T>(id, ct);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(object? contains = null, int limit = 1000, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await Documents(connection, null).QueryAsync<T>(contains, limit, ct);
    }

    /// <inheritdoc cref="DocumentOperations.PageAsync{T}"/>
    public async Task<DocumentPage<T>> PageAsync<T>(
        string condition, IEnumerable<NpgsqlParameter> parameters, string orderBy, int offset, int limit, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await Documents(connection, null).PageAsync<T>(condition, parameters, orderBy, offset, limit, ct);
    }

    /// <summary>A page of the documents that contain <paramref name="contains"/> (jsonb <c>@&gt;</c>); see <see cref="DocumentOperations.PageAsync{T}"/>.</summary>
    public Task<DocumentPage<T>> PageAsync<T>(object contains, string orderBy, int offset, int limit, CancellationToken ct = default) =>
        PageAsync<T>("data @> @contains::jsonb", [new NpgsqlParameter("contains", JsonSerializer.Serialize(contains, Options.Json))], orderBy, offset, limit, ct);

    public async Task<IReadOnlyList<T>> WhereAsync<T>(string condition, IEnumerable<NpgsqlParameter> parameters, int limit = 1000, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await Documents(connection, null).WhereAsync<T>(condition, parameters, limit, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (ownsDataSource)
        {
            await dataSource.DisposeAsync();
        }
    }

    internal DocumentOperations Documents(NpgsqlConnection connection, NpgsqlTransaction? tx) => new(connection, tx, Schema, Options.Json);

    internal async Task<(T? Aggregate, long Version)> AggregateAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction? tx, Guid streamId, long? version, DateTimeOffset? timestamp, CancellationToken ct)
        where T : class
    {
        T? aggregate = null;
        long from = 0;
        if (Options.SnapshotEvery.ContainsKey(typeof(T)))
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT version, data FROM {Schema}.snapshots
                WHERE stream_id = @id AND type = @type
                  AND (@version::bigint IS NULL OR version <= @version) AND (@ts::timestamptz IS NULL OR occurred_at <= @ts)
                """, connection, tx);
            cmd.Parameters.AddWithValue("id", streamId);
            cmd.Parameters.AddWithValue("type", SnapshotType<T>());
            cmd.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Bigint) { Value = (object?)version ?? DBNull.Value });
            cmd.Parameters.Add(new NpgsqlParameter("ts", NpgsqlDbType.TimestampTz) { Value = (object?)timestamp ?? DBNull.Value });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                from = reader.GetInt64(0);
                aggregate = JsonSerializer.Deserialize<T>(reader.GetString(1), Options.Json);
            }
        }

        var events = await ReadStreamEventsAsync(connection, tx, streamId, from, version, timestamp, ct);
        aggregate = AggregateConventions.Fold(aggregate, events);
        return (aggregate, events.Count > 0 ? events[^1].Version : from);
    }

    internal static string SnapshotType<T>() => typeof(T).FullName ?? typeof(T).Name;

    internal async Task<StreamState?> FetchStreamStateAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid streamId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT id, type, version, created, occurred_at, tenant_id, is_archived FROM {Schema}.streams WHERE id = @id", connection, tx);
        cmd.Parameters.AddWithValue("id", streamId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new StreamState(
            reader.GetGuid(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetInt64(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetBoolean(6));
    }

    internal async Task<IReadOnlyList<IEvent>> ReadStreamEventsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, Guid streamId, long afterVersion, long? upToVersion, DateTimeOffset? timestamp, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            SELECT {SchemaSql.EventColumns} FROM {Schema}.events
            WHERE stream_id = @id AND version > @after
              AND (@version::bigint IS NULL OR version <= @version) AND (@ts::timestamptz IS NULL OR occurred_at <= @ts)
            ORDER BY version
            """, connection, tx);
        cmd.Parameters.AddWithValue("id", streamId);
        cmd.Parameters.AddWithValue("after", afterVersion);
        cmd.Parameters.Add(new NpgsqlParameter("version", NpgsqlDbType.Bigint) { Value = (object?)upToVersion ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("ts", NpgsqlDbType.TimestampTz) { Value = (object?)timestamp ?? DBNull.Value });
        return await ReadEventsAsync(cmd, ct);
    }

    internal async Task<IReadOnlyList<IEvent>> ReadEventsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var events = new List<IEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(ReadEvent(reader));
        }

        return events;
    }

    /// <summary>Reads one row selected with <see cref="SchemaSql.EventColumns"/>.</summary>
    internal IEvent ReadEvent(NpgsqlDataReader reader)
    {
        var seq = reader.GetInt64(0);
        var id = reader.GetGuid(1);
        var streamId = reader.GetGuid(2);
        var version = reader.GetInt64(3);
        var alias = reader.GetString(4);
        var data = reader.GetString(5);
        var timestamp = reader.GetFieldValue<DateTimeOffset>(6);
        var metadata = new EventMetadata(
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.IsDBNull(11) ? null : reader.GetString(11));
        var type = Options.Events.TypeFor(alias);
        var body = JsonSerializer.Deserialize(data, type, Options.Json)!;
        return new StoredEvent(id, seq, streamId, version, alias, type, body, timestamp, metadata);
    }
}
