using System.Diagnostics;
using Brokerage.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Brokerage.Benchmarks;

public sealed record BenchOpened(Guid Id);

public sealed record BenchEntry(Guid Id, long Amount, string Note);

public sealed record BenchLedger(Guid Id, long Total, long Entries)
{
    public static BenchLedger Create(BenchOpened e) => new(e.Id, 0, 0);

    public BenchLedger Apply(BenchEntry e) => this with { Total = Total + e.Amount, Entries = Entries + 1 };
}

/// <summary>Event appends against raw Npgsql inserts, batched appends, and load time across stream lengths.</summary>
public static class EventStoreBenchmark
{
    public static async Task RunAsync(string connectionString, string root)
    {
        var writers = Env("BENCH_WRITERS", 8);
        var seconds = Env("BENCH_SECONDS", 5);
        var duration = TimeSpan.FromSeconds(seconds);
        var report = new BenchReport("eventstore");
        report.Settings["writers"] = writers;
        report.Settings["seconds_per_phase"] = seconds;
        report.Settings["snapshot_every"] = 100;

        var options = new EventStoreOptions { ConnectionString = connectionString, Schema = "bench_es" };
        options.Events.Add<BenchOpened>().Add<BenchEntry>();
        options.Snapshot<BenchLedger>(every: 100);
        await using var store = new DocumentStore(options);
        await ResetAsync(connectionString);
        await store.ApplySchemaAsync();
        var payload = new string('x', 120);

        Console.WriteLine($"baseline: raw Npgsql single-row jsonb insert per transaction, {writers} writers, {seconds}s");
        await using var raw = NpgsqlDataSource.Create(connectionString);
        var baseline = await BenchReport.ThroughputAsync(writers, duration, _ => async () =>
        {
            await using var connection = await raw.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using var cmd = new NpgsqlCommand("INSERT INTO bench_raw.events (stream_id, data) VALUES (@s, @d)", connection, tx);
            cmd.Parameters.AddWithValue("s", Guid.NewGuid());
            cmd.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Jsonb) { Value = $"{{\"amount\":1,\"note\":\"{payload}\"}}" });
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            return 1;
        });

        Console.WriteLine("append_single: one event per transaction, each writer on its own stream, with expected version");
        var single = await BenchReport.ThroughputAsync(writers, duration, _ =>
        {
            var id = Guid.NewGuid();
            long version = 0;
            return async () =>
            {
                await using var session = store.OpenSession(new EventMetadata("bench", null, "bench", null, "bench"));
                session.Append(id, version, version == 0 ? new BenchOpened(id) : new BenchEntry(id, 1, payload));
                await session.SaveChangesAsync();
                version++;
                return 1;
            };
        });

        Console.WriteLine("append_batched: 100 events per transaction");
        var batched = await BenchReport.ThroughputAsync(writers, duration, _ =>
        {
            var id = Guid.NewGuid();
            var started = false;
            return async () =>
            {
                await using var session = store.OpenSession();
                var events = Enumerable.Range(0, 100).Select(_ => (object)new BenchEntry(id, 1, payload)).ToList();
                if (!started)
                {
                    events[0] = new BenchOpened(id);
                    started = true;
                }

                session.Append(id, events.ToArray());
                await session.SaveChangesAsync();
                return 100;
            };
        });

        Console.WriteLine("load: aggregate for a command at 10 and 100,000 events");
        var shortStream = await SeedAsync(store, 10, payload);
        var longStream = await SeedAsync(store, 100_000, payload);
        var load10 = await MedianLoadMsAsync(store, shortStream);
        var load100k = await MedianLoadMsAsync(store, longStream);

        report.Add("baseline_insert_per_s", baseline);
        report.Add("append_single_per_s", single);
        report.Add("append_batched_events_per_s", batched);
        report.Add("load_ms_10", load10);
        report.Add("load_ms_100k", load100k);
        report.Add("ratio_single", single / baseline, "append_single / baseline");
        report.Add("ratio_batched", batched / single, "batched events/s / append_single");
        report.Add("ratio_load", load100k / load10, "load_ms_100k / load_ms_10");
        report.Target("ratio_single", ">=", 0.7);
        report.Target("ratio_batched", ">=", 10);
        report.Target("ratio_load", "<=", 1.5);
        await report.SaveAsync(root);
    }

    private static async Task<Guid> SeedAsync( DocumentStore store, int length, string payload)
    {
        var id = Guid.NewGuid();
        await using var session = store.OpenSession();
        var written = 0;
        while (written < length)
        {
            var count = Math.Min(1000, length - written);
            var events = Enumerable.Range(0, count).Select(i => written + i == 0 ? (object)new BenchOpened(id) : new BenchEntry(id, 1, payload)).ToArray();
            if (written == 0)
            {
                session.StartStream<BenchLedger>(id, events);
            }
            else
            {
                session.Append(id, events);
            }

            await session.SaveChangesAsync();
            written += count;
        }

        return id;
    }

    private static async Task<double> MedianLoadMsAsync( DocumentStore store, Guid id)
    {
        for (var i = 0; i < 20; i++)
        {
            await LoadAsync(store, id);
        }

        var samples = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var watch = Stopwatch.StartNew();
            await LoadAsync(store, id);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return BenchReport.Median(samples);
    }

    private static async Task LoadAsync( DocumentStore store, Guid id)
    {
        await using var session = store.OpenSession();
        var stream = await session.FetchForWritingAsync<BenchLedger>(id);
        if (stream.Aggregate is null)
        {
            throw new InvalidOperationException("Benchmark stream did not load.");
        }
    }

    private static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            DROP SCHEMA IF EXISTS bench_es CASCADE;
            DROP SCHEMA IF EXISTS bench_raw CASCADE;
            CREATE SCHEMA bench_raw;
            CREATE TABLE bench_raw.events (seq_id bigserial PRIMARY KEY, stream_id uuid NOT NULL, data jsonb NOT NULL);
            """, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    private static int Env(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : fallback;
}
