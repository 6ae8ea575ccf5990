using System.Diagnostics;
using Brokerage.ServiceDefaults;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Brokerage.Benchmarks;

public sealed record BenchOpened(Guid Id);

public sealed record BenchEntry(Guid Id, long Amount, string Note);

/// <summary>An event no snapshot applies: what an append costs without its inline read model.</summary>
public sealed record BenchNote(Guid Id, string Note);

public sealed record BenchLedger(Guid Id, long Total, long Entries)
{
    public static BenchLedger Create(BenchOpened e) => new(e.Id, 0, 0);

    public BenchLedger Apply(BenchEntry e) => this with { Total = Total + e.Amount, Entries = Entries + 1 };
}

/// <summary>
/// Marten as the services configure it (AddBrokerageMarten, an inline snapshot) against raw Npgsql inserts: single
/// appends, batched appends, load time across stream lengths, and real pledges through PooledFunds' HTTP API.
/// </summary>
public static class EventStoreBenchmark
{
    private const string Schema = "bench_es";

    // Every write is stamped, as a request's session is.
    private static readonly EventMetadata Metadata = new("bench", null, "bench", null, "bench");

    public static async Task RunAsync(string connectionString, string rabbitMq, string root)
    {
        var writers = Env("BENCH_WRITERS", 8);
        var seconds = Env("BENCH_SECONDS", 5);
        var rounds = Env("BENCH_ROUNDS", 5);
        var report = new BenchReport("eventstore");
        report.Settings["writers"] = writers;
        report.Settings["seconds_per_phase"] = seconds;
        report.Settings["rounds"] = rounds;
        report.Settings["store"] = "Marten 9.62 via AddBrokerageMarten (Rich append mode, metadata columns, inline snapshot)";
        report.Settings["load_samples"] = LoadSamples;

        // Built before anything is timed, so the compiler does not share the cores with a measured phase.
        var pooledFunds = await PooledFundsProcess.BuildAsync(root);

        await ResetAsync(connectionString);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBrokerageMarten(connectionString, Schema, opts =>
        {
            opts.AddEventTypes([typeof(BenchOpened), typeof(BenchEntry), typeof(BenchNote)]);
            opts.Projections.Snapshot<BenchLedger>(SnapshotLifecycle.Inline);
            // Lets a run compare the building blocks' Rich mode with Marten's Quick modes (Quick, QuickWithServerTimestamps).
            if (Environment.GetEnvironmentVariable("BENCH_APPEND_MODE") is { Length: > 0 } mode)
            {
                opts.Events.AppendMode = Enum.Parse<JasperFx.Events.EventAppendMode>(mode);
                report.Settings["append_mode"] = mode;
            }
        });
        using var host = builder.Build();
        await host.StartAsync(); // applies Marten's schema
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var payload = new string('x', 120);
        await using var raw = NpgsqlDataSource.Create(connectionString);

        // Long streams first: seeding 100,000 events is the heaviest write of the run and should be over before anything is timed.
        Console.WriteLine("load: seeding streams of 10 and 100,000 events (inline snapshot)");
        var shortStream = await SeedAsync(store, 10, payload);
        var longStream = await SeedAsync(store, 100_000, payload);

        var appendStreams = await StartStreamsAsync(store, writers, id => new BenchOpened(id), snapshotted: true);
        var plainStreams = await StartStreamsAsync(store, writers, id => new BenchNote(id, payload), snapshotted: false);
        var fetchStreams = await StartStreamsAsync(store, writers, id => new BenchOpened(id), snapshotted: true);
        var batchedStreams = await StartStreamsAsync(store, writers, id => new BenchOpened(id), snapshotted: true);
        List<Phase> phases =
        [
            // Raw Npgsql: one single-row jsonb insert per transaction.
            new("baseline_insert_per_s", writers, _ => async () =>
            {
                await using var connection = await raw.OpenConnectionAsync();
                await using var tx = await connection.BeginTransactionAsync();
                await using var cmd = new NpgsqlCommand("INSERT INTO bench_raw.events (stream_id, data) VALUES (@s, @d)", connection, tx);
                cmd.Parameters.AddWithValue("s", Guid.NewGuid());
                cmd.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Jsonb) { Value = $"{{\"amount\":1,\"note\":\"{payload}\"}}" });
                await cmd.ExecuteNonQueryAsync();
                await tx.CommitAsync();
                return 1;
            }),
            // One event per transaction on an existing stream with its expected version; the inline snapshot is updated with it.
            new("marten_append_per_s", writers, w => AppendOne(store, appendStreams[w], id => new BenchEntry(id, 1, payload))),
            // The same with an event no snapshot applies: what the read model costs.
            new("marten_append_no_snapshot_per_s", writers, w => AppendOne(store, plainStreams[w], id => new BenchNote(id, payload))),
            // As a command handler writes: FetchForWriting, then AppendOne.
            new("marten_fetch_append_per_s", writers, w => async () =>
            {
                var id = fetchStreams[w];
                await using var session = store.LightweightSession().Stamp(Metadata);
                var stream = await session.Events.FetchForWriting<BenchLedger>(id);
                stream.AppendOne(new BenchEntry(id, 1, payload));
                await session.SaveChangesAsync();
                return 1;
            }),
            // 100 events per transaction, with expected version.
            new("marten_batched_events_per_s", writers, w =>
            {
                var id = batchedStreams[w];
                long version = 1;
                return async () =>
                {
                    await using var session = store.LightweightSession().Stamp(Metadata);
                    var events = Enumerable.Range(0, 100).Select(_ => (object)new BenchEntry(id, 1, payload)).ToArray();
                    session.Events.Append(id, version + events.Length, events);
                    await session.SaveChangesAsync();
                    version += events.Length;
                    return events.Length;
                };
            }),
        ];

        var (pledges, pledgeProblem) = pooledFunds.Dll is null
            ? (null, pooledFunds.Problem)
            : await PledgeBenchmark.StartAsync(pooledFunds.Dll, connectionString, rabbitMq, root, writers);
        if (pledges is not null)
        {
            phases.Add(pledges.Phase);
        }

        Console.WriteLine($"measuring {string.Join(", ", phases.Select(p => p.Key))}: {writers} writers, {seconds}s each in {rounds} rotating turns");
        var rates = await BenchReport.InterleavedAsync(phases, TimeSpan.FromSeconds(seconds), rounds);
        report.Add("baseline_insert_per_s", rates["baseline_insert_per_s"].PerSecond, rates["baseline_insert_per_s"].Note);
        report.Add("marten_append_per_s", rates["marten_append_per_s"].PerSecond, $"Events.Append(id, version + 1, e), inline snapshot updated; {rates["marten_append_per_s"].Note}");
        report.Add("marten_append_no_snapshot_per_s", rates["marten_append_no_snapshot_per_s"].PerSecond, $"for comparison: no read model to update; {rates["marten_append_no_snapshot_per_s"].Note}");
        report.Add("marten_fetch_append_per_s", rates["marten_fetch_append_per_s"].PerSecond, $"for comparison: FetchForWriting + AppendOne; {rates["marten_fetch_append_per_s"].Note}");
        report.Add("marten_batched_events_per_s", rates["marten_batched_events_per_s"].PerSecond, rates["marten_batched_events_per_s"].Note);
        if (pledges is not null)
        {
            await pledges.ReportAsync(report, rates["pledge_http_per_s"].PerSecond);
            await pledges.DisposeAsync();
        }
        else
        {
            report.NotMeasured("pledge_http_per_s", pledgeProblem!);
        }

        Console.WriteLine("load: FetchForWriting at 10 and 100,000 events");
        var (load10, load100k) = await LoadMsAsync(store, (shortStream, 10), (longStream, 100_000));
        report.Add("load_ms_10", load10.Mean, $"mean of {LoadSamples}; median {load10.Median:0.###}");
        report.Add("load_ms_100k", load100k.Mean, $"mean of {LoadSamples}; median {load100k.Median:0.###}");

        report.Ratio("ratio_append", "marten_append_per_s", "baseline_insert_per_s");
        report.Ratio("ratio_batched", "marten_batched_events_per_s", "marten_append_per_s");
        report.Ratio("ratio_load", "load_ms_100k", "load_ms_10");
        report.Ratio("ratio_pledge", "pledge_http_per_s", "marten_append_per_s");
        report.Target("ratio_append", ">=", 0.5);
        report.Target("ratio_batched", ">=", 10);
        report.Target("ratio_load", "<=", 1.5);
        report.Target("ratio_pledge", ">=", 0.5);
        await report.SaveAsync(root);
        await host.StopAsync();
    }

    /// <summary>A writer appending one event per transaction to its own stream, with the expected version Marten wants: the one after the append.</summary>
    private static Func<Task<int>> AppendOne(IDocumentStore store, Guid id, Func<Guid, object> next)
    {
        long version = 1;
        return async () =>
        {
            await using var session = store.LightweightSession().Stamp(Metadata);
            session.Events.Append(id, version + 1, next(id));
            await session.SaveChangesAsync();
            version++;
            return 1;
        };
    }

    private const int LoadSamples = 200;

    /// <summary>One started stream (version 1) per writer, outside the timed loop; a snapshotted one as a <see cref="BenchLedger"/>.</summary>
    private static async Task<Guid[]> StartStreamsAsync(IDocumentStore store, int count, Func<Guid, object> first, bool snapshotted)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        await using var session = store.LightweightSession().Stamp(Metadata);
        foreach (var id in ids)
        {
            if (snapshotted)
            {
                session.Events.StartStream<BenchLedger>(id, first(id));
            }
            else
            {
                session.Events.StartStream(id, first(id));
            }
        }

        await session.SaveChangesAsync();
        return ids;
    }

    private static async Task<Guid> SeedAsync(IDocumentStore store, int length, string payload)
    {
        var id = Guid.NewGuid();
        var written = 0;
        while (written < length)
        {
            await using var session = store.LightweightSession().Stamp(Metadata);
            var count = Math.Min(1000, length - written);
            var events = Enumerable.Range(0, count).Select(i => written + i == 0 ? (object)new BenchOpened(id) : new BenchEntry(id, 1, payload)).ToArray();
            if (written == 0)
            {
                session.Events.StartStream<BenchLedger>(id, events);
            }
            else
            {
                session.Events.Append(id, written + count, events);
            }

            await session.SaveChangesAsync();
            written += count;
        }

        return id;
    }

    private sealed record LoadTimes(double Mean, double Median);

    /// <summary>Warms up, then alternates the two streams' loads, so that whatever else the machine does falls on both alike.</summary>
    private static async Task<(LoadTimes Short, LoadTimes Long)> LoadMsAsync(IDocumentStore store, (Guid Id, int Length) shortStream, (Guid Id, int Length) longStream)
    {
        for (var i = 0; i < 20; i++)
        {
            await LoadAsync(store, shortStream.Id, shortStream.Length);
            await LoadAsync(store, longStream.Id, longStream.Length);
        }

        var shortSamples = new List<double>();
        var longSamples = new List<double>();
        for (var i = 0; i < LoadSamples; i++)
        {
            shortSamples.Add(await LoadAsync(store, shortStream.Id, shortStream.Length));
            longSamples.Add(await LoadAsync(store, longStream.Id, longStream.Length));
        }

        return (new(shortSamples.Average(), BenchReport.Median(shortSamples)), new(longSamples.Average(), BenchReport.Median(longSamples)));
    }

    /// <summary>One command's read: a fresh session and FetchForWriting; fails if the snapshot is not the whole stream.</summary>
    private static async Task<double> LoadAsync(IDocumentStore store, Guid id, int length)
    {
        var watch = Stopwatch.StartNew();
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<BenchLedger>(id);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (stream.Aggregate?.Entries != length - 1 || stream.CurrentVersion != length)
        {
            throw new InvalidOperationException($"Benchmark stream {id} loaded {stream.Aggregate?.Entries} entries at version {stream.CurrentVersion}, expected {length - 1} at {length}.");
        }

        return elapsed;
    }

    private static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            DROP SCHEMA IF EXISTS {Schema} CASCADE;
            DROP SCHEMA IF EXISTS bench_raw CASCADE;
            CREATE SCHEMA bench_raw;
            CREATE TABLE bench_raw.events (seq_id bigserial PRIMARY KEY, stream_id uuid NOT NULL, data jsonb NOT NULL);
            """, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    internal static int Env(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : fallback;
}
