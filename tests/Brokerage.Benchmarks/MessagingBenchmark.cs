using System.Collections.Concurrent;
using System.Diagnostics;
using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Brokerage.Benchmarks;

public sealed record RawPing(Guid Id);

public sealed record OutboxPing(Guid Id, DateTimeOffset CommittedAt);

public sealed record PingRecorded(Guid Id);

public sealed class RawPingConsumer : IConsumer<RawPing>
{
    public static Counter Received { get; } = new();

    public Task Consume(ConsumeContext<RawPing> context)
    {
        Received.Increment();
        return Task.CompletedTask;
    }
}

public sealed class OutboxPingConsumer : IConsumer<OutboxPing>
{
    public static Counter Received { get; } = new();

    public static ConcurrentBag<double> LagMs { get; } = [];

    public Task Consume(ConsumeContext<OutboxPing> context)
    {
        context.Session().Events.Append(context.Message.Id, new PingRecorded(context.Message.Id));
        LagMs.Add((DateTimeOffset.UtcNow - context.Message.CommittedAt).TotalMilliseconds);
        Received.Increment();
        return Task.CompletedTask;
    }
}

public sealed class Counter
{
    private long value;
    private long target = long.MaxValue;
    private TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reset(long expected)
    {
        Interlocked.Exchange(ref value, 0);
        target = expected;
        done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return done.Task;
    }

    public void Increment()
    {
        if (Interlocked.Increment(ref value) == target)
        {
            done.TrySetResult();
        }
    }
}

/// <summary>Raw MassTransit publish→consume against Marten commit → outbox relay → consumer with inbox, same broker, same run.</summary>
public static class MessagingBenchmark
{
    public static async Task RunAsync(string connectionString, string rabbitMq, string root)
    {
        var messages = int.TryParse(Environment.GetEnvironmentVariable("BENCH_MESSAGES"), out var m) ? m : 3000;
        const int publishers = 8;
        var report = new BenchReport("messaging");
        report.Settings["messages"] = messages;
        report.Settings["publishers"] = publishers;
        report.Settings["broker"] = "RabbitMQ 3.10, quorum queues, publisher confirms";

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP SCHEMA IF EXISTS bench_msg CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var suffix = Guid.NewGuid().ToString("N")[..6];

        // Baseline: plain MassTransit, durable quorum queue, publisher confirms, no database.
        var rawBuilder = Host.CreateApplicationBuilder();
        rawBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        rawBuilder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        rawBuilder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter($"bench-raw-{suffix}", false));
            bus.AddConsumer<RawPingConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var uri = new Uri(rabbitMq);
                rabbit.Host(uri.Host, (ushort)uri.Port, PledgeBenchmark.VirtualHost(uri), h =>
                {
                    h.Username("guest");
                    h.Password("guest");
                    h.PublisherConfirmation = true;
                });
                rabbit.ConfigureEndpoints(context, new KebabCaseEndpointNameFormatter($"bench-raw-{suffix}", false));
                rabbit.ReceiveEndpoint($"bench-raw-{suffix}-q", e =>
                {
                    e.SetQuorumQueue();
                    e.ConfigureConsumer<RawPingConsumer>(context);
                });
            });
        });
        using var rawHost = rawBuilder.Build();
        await rawHost.StartAsync();
        var rawBus = rawHost.Services.GetRequiredService<IBus>();

        Console.WriteLine($"baseline: {messages} raw MassTransit publish→consume");
        await PublishRawAsync(rawBus, 200, publishers);
        var baselineDone = RawPingConsumer.Received.Reset(messages);
        var watch = Stopwatch.StartNew();
        await PublishRawAsync(rawBus, messages, publishers);
        await baselineDone.WaitAsync(TimeSpan.FromMinutes(5));
        var baseline = messages / watch.Elapsed.TotalSeconds;

        // Ours: commit an event with an outbox message; the relay publishes; the consumer writes through its inbox.
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBrokerageMarten(connectionString, "bench_msg", o => o.AddEventTypes([typeof(PingRecorded)]));
        builder.Services.AddBrokerageMessaging(o =>
        {
            o.RabbitMq = rabbitMq;
            o.EndpointPrefix = $"bench-outbox-{suffix}";
        }, bus => bus.AddConsumer<OutboxPingConsumer>());
        using var host = builder.Build();
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();

        Console.WriteLine($"outbox: {messages} commits → relay → consumer with inbox");
        var warmDone = OutboxPingConsumer.Received.Reset(200);
        await CommitAsync(store, 200, publishers);
        await warmDone.WaitAsync(TimeSpan.FromMinutes(2));
        OutboxPingConsumer.LagMs.Clear();
        var outboxDone = OutboxPingConsumer.Received.Reset(messages);
        watch.Restart();
        await CommitAsync(store, messages, publishers);
        await outboxDone.WaitAsync(TimeSpan.FromMinutes(5));
        var outbox = messages / watch.Elapsed.TotalSeconds;
        var lags = OutboxPingConsumer.LagMs.Order().ToArray();

        report.Add("baseline_mt_msgs_per_s", baseline);
        report.Add("outbox_msgs_per_s", outbox);
        report.Add("outbox_lag_p50_ms", lags[lags.Length / 2]);
        report.Add("outbox_lag_p99_ms", lags[(int)(lags.Length * 0.99)]);
        report.Add("ratio_outbox", outbox / baseline, "outbox / baseline");
        report.Target("ratio_outbox", ">=", 0.5);
        report.Target("outbox_lag_p99_ms", "<=", 1000);
        await report.SaveAsync(root);

        await host.StopAsync();
        await rawHost.StopAsync();
    }

    private static Task PublishRawAsync(IBus bus, int count, int publishers) =>
        Task.WhenAll(Enumerable.Range(0, publishers).Select(async p =>
        {
            for (var i = p; i < count; i += publishers)
            {
                await bus.Publish(new RawPing(Guid.NewGuid()));
            }
        }));

    private static Task CommitAsync(IDocumentStore store, int count, int publishers) =>
        Task.WhenAll(Enumerable.Range(0, publishers).Select(async p =>
        {
            for (var i = p; i < count; i += publishers)
            {
                await using var session = store.LightweightSession();
                var id = Guid.NewGuid();
                session.Events.StartStream(id, new PingRecorded(id));
                session.Publish(new OutboxPing(id, DateTimeOffset.UtcNow));
                await session.SaveChangesAsync();
            }
        }));
}
