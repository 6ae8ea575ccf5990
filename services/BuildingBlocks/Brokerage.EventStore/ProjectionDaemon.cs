using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Brokerage.EventStore;

/// <summary>
/// Runs async projections. Gap-safe by construction: it reads events in (tx_id, seq_id) order and only those whose
/// transaction id is below the oldest transaction still running (<c>pg_snapshot_xmin</c>), so an event that commits
/// late with a lower sequence number is never passed over — the reader waits for it instead.
/// </summary>
public sealed class ProjectionDaemon(DocumentStore store, ILogger<ProjectionDaemon>? logger = null)
{
    public int BatchSize { get; init; } = 500;

    /// <summary>Applies every event available now to one projection; returns how many it applied.</summary>
    public async Task<int> CatchUpAsync(string projectionName, CancellationToken ct = default)
    {
        var projection = store.Options.Projections.Find(projectionName);
        var total = 0;
        while (true)
        {
            var applied = await ApplyNextBatchAsync(projection, ct);
            if (applied <= 0)
            {
                return total;
            }

            total += applied;
        }
    }

    public async Task<int> CatchUpAllAsync(CancellationToken ct = default)
    {
        var total = 0;
        foreach (var projection in store.Options.Projections.Async)
        {
            total += await CatchUpAsync(projection.Name, ct);
        }

        return total;
    }

    /// <summary>Empties the projection's documents, resets its progression and replays every event.</summary>
    public async Task<int> RebuildAsync(string projectionName, CancellationToken ct = default)
    {
        var projection = store.Options.Projections.Find(projectionName);
        await using (var connection = await store.DataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await LockAsync(connection, tx, projection.Name, wait: true, ct);
            await projection.ClearAsync(store.Documents(connection, tx), ct);
            await using var reset = new NpgsqlCommand(
                $"UPDATE {store.Schema}.projection_progress SET last_tx_id = '0', last_seq_id = 0, updated_at = now() WHERE name = @name", connection, tx);
            reset.Parameters.AddWithValue("name", projection.Name);
            await reset.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }

        return await CatchUpAsync(projectionName, ct);
    }

    public async Task<(ulong TxId, long Sequence)> ProgressOfAsync(string projectionName, CancellationToken ct = default)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"SELECT last_tx_id::text, last_seq_id FROM {store.Schema}.projection_progress WHERE name = @name", connection);
        cmd.Parameters.AddWithValue("name", projectionName);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (ulong.Parse(reader.GetString(0)), reader.GetInt64(1)) : (0, 0);
    }

    /// <summary>One batch in one transaction: events applied and progression moved together, so a restart resumes exactly.</summary>
    private async Task<int> ApplyNextBatchAsync(IProjection projection, CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using (var ensure = new NpgsqlCommand(
            $"INSERT INTO {store.Schema}.projection_progress (name) VALUES (@name) ON CONFLICT (name) DO NOTHING", connection))
        {
            ensure.Parameters.AddWithValue("name", projection.Name);
            await ensure.ExecuteNonQueryAsync(ct);
        }

        await using var tx = await connection.BeginTransactionAsync(ct);

        // An advisory lock (not a row lock) so this transaction takes no transaction id before it reads, and so
        // two service instances never run the same projection at once.
        if (!await LockAsync(connection, tx, projection.Name, wait: false, ct))
        {
            return -1;
        }

        string lastTx;
        long lastSeq;
        await using (var progress = new NpgsqlCommand(
            $"SELECT last_tx_id::text, last_seq_id FROM {store.Schema}.projection_progress WHERE name = @name", connection, tx))
        {
            progress.Parameters.AddWithValue("name", projection.Name);
            await using var reader = await progress.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            lastTx = reader.GetString(0);
            lastSeq = reader.GetInt64(1);
        }

        // The text copy of tx_id has its own name: ORDER BY resolves a bare name to an output column first, and an
        // output column called tx_id holding text sorted '1000' before '999', so batches read events out of order and
        // re-read them once transaction ids gained a digit (the two-daemon test applied 200 events 287 and 385 times).
        var events = new List<IEvent>();
        string? batchLastTx = null;
        await using (var read = new NpgsqlCommand($"""
            SELECT {SchemaSql.EventColumns}, tx_id::text AS tx_id_text FROM {store.Schema}.events
            WHERE (tx_id, seq_id) > (@tx::xid8, @seq) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx_id, seq_id
            LIMIT @limit
            """, connection, tx))
        {
            read.Parameters.AddWithValue("tx", lastTx);
            read.Parameters.AddWithValue("seq", lastSeq);
            read.Parameters.AddWithValue("limit", BatchSize);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                events.Add(store.ReadEvent(reader));
                batchLastTx = reader.GetString(12);
            }
        }

        if (events.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return 0;
        }

        var relevant = events.Where(e => projection.Handles(e.EventType)).ToList();
        if (relevant.Count > 0)
        {
            await projection.ApplyAsync(store.Documents(connection, tx), relevant, ct);
        }

        // Compare-and-set on the progression, forward only: should anything else have moved it since it was read (a
        // rebuild), or should the batch not lie beyond it, the batch is rolled back instead of being applied twice.
        await using (var advance = new NpgsqlCommand($"""
            UPDATE {store.Schema}.projection_progress SET last_tx_id = @tx::xid8, last_seq_id = @seq, updated_at = now()
            WHERE name = @name AND last_tx_id = @from_tx::xid8 AND last_seq_id = @from_seq
              AND (@tx::xid8, @seq) > (last_tx_id, last_seq_id)
            """, connection, tx))
        {
            advance.Parameters.AddWithValue("name", projection.Name);
            advance.Parameters.AddWithValue("tx", batchLastTx!);
            advance.Parameters.AddWithValue("seq", events[^1].Sequence);
            advance.Parameters.AddWithValue("from_tx", lastTx);
            advance.Parameters.AddWithValue("from_seq", lastSeq);
            if (await advance.ExecuteNonQueryAsync(ct) != 1)
            {
                await tx.RollbackAsync(ct);
                logger?.LogWarning("Projection {Projection} progression moved under a batch; the batch was rolled back", projection.Name);
                return -1;
            }
        }

        await tx.CommitAsync(ct);
        logger?.LogDebug("Projection {Projection} applied {Count} events up to sequence {Sequence}", projection.Name, events.Count, events[^1].Sequence);
        return events.Count;
    }

    private async Task<bool> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, bool wait, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(wait ? "SELECT pg_advisory_xact_lock(@key)" : "SELECT pg_try_advisory_xact_lock(@key)", connection, tx);
        cmd.Parameters.AddWithValue("key", SchemaSql.LockKey($"{store.Schema}:projection:{name}"));
        if (wait)
        {
            await cmd.ExecuteNonQueryAsync(ct);
            return true;
        }

        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>Keeps every async projection caught up while the service runs.</summary>
public sealed class ProjectionDaemonService(ProjectionDaemon daemon, ILogger<ProjectionDaemonService> logger) : BackgroundService
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await daemon.CatchUpAllAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Async projections could not catch up; retrying");
            }

            try
            {
                await Task.Delay(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
