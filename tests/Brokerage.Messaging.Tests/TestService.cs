using System.Collections.Concurrent;
using Brokerage.Messaging.Sagas;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Brokerage.Messaging.Tests;

/// <summary>
/// A real service process in miniature: its own database and schema, Marten, MassTransit on the real RabbitMQ, the
/// inbox filter and the outbox relay. Several can share one database to act as replicas.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    private readonly IHost host;

    private TestService(IHost host, string connectionString, string schema, Deliveries deliveries)
    {
        this.host = host;
        ConnectionString = connectionString;
        Schema = schema;
        Deliveries = deliveries;
    }

    public string ConnectionString { get; }

    public string Schema { get; }

    public IServiceProvider Services => host.Services;

    public IDocumentStore Store => host.Services.GetRequiredService<IDocumentStore>();

    public IBus Bus => host.Services.GetRequiredService<IBus>();

    /// <summary>How many messages each of this service's queues has finished receiving (consumed, skipped as a duplicate, or faulted).</summary>
    public Deliveries Deliveries { get; }

    /// <summary>How many messages this service's relay has published.</summary>
    public long Relayed => host.Services.GetRequiredService<OutboxRelayStatus>().Published;

    public static async Task<TestService> StartAsync(
        string connectionString,
        string schema,
        string endpointPrefix,
        Action<IBusRegistrationConfigurator> consumers,
        string? rabbitMq = null,
        bool runRelay = true,
        int retryLimit = 5,
        int? prefetchCount = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders(); // the broker-outage test logs expected connection failures; set BROKERAGE_TEST_LOG to see logs
        if (Environment.GetEnvironmentVariable("BROKERAGE_TEST_LOG") is { Length: > 0 } logFile)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(new FileLoggerProvider(logFile));
        }

        builder.Services.AddBrokerageMarten(connectionString, schema, o =>
        {
            o.AddEventTypes([typeof(PledgeCounted)]);
            o.AddSaga<PotState>();
        });
        builder.Services.AddBrokerageMessaging(
            o =>
            {
                o.RabbitMq = rabbitMq ?? TestInfrastructure.RabbitMq;
                o.EndpointPrefix = endpointPrefix;
                o.RunOutboxRelay = runRelay;
                o.RetryLimit = retryLimit;
                o.PrefetchCount = prefetchCount ?? o.PrefetchCount;
                o.Relay.MaxBackoff = TimeSpan.FromSeconds(1);
                o.Relay.PublishTimeout = TimeSpan.FromSeconds(3);
            },
            consumers);
        var host = builder.Build();
        var deliveries = new Deliveries();
        host.Services.GetRequiredService<IBus>().ConnectReceiveObserver(deliveries);
        await host.StartAsync();
        return new TestService(host, connectionString, schema, deliveries);
    }

    /// <summary>How many effects a stream records: its version (0 when it does not exist).</summary>
    public async Task<long> CountAsync(Guid streamId)
    {
        await using var query = Store.QuerySession();
        return (await query.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }

    public async Task<IReadOnlyList<long>> AmountsAsync(Guid streamId)
    {
        await using var query = Store.QuerySession();
        return (await query.Events.FetchStreamAsync(streamId)).Select(e => ((PledgeCounted)e.Data).Amount).ToArray();
    }

    /// <summary>A session as a request would have it: stamped with who acted.</summary>
    public IDocumentSession OpenSession(EventMetadata? metadata = null) => Store.LightweightSession().Stamp(metadata ?? EventMetadata.None);

    public async Task<long> OutboxPendingAsync() => (long)(await ScalarAsync($"SELECT count(*) FROM {Schema}.outbox"))!;

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>Stops the service (bus, relay) but keeps the process objects alive, as a crashed replica would leave them.</summary>
    public Task StopAsync() => host.StopAsync(TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            host.Dispose();
        }
    }
}

/// <summary>
/// Counts, per queue, the messages whose receipt has finished: once a queue has finished as many as were sent to it,
/// no later effect of them can come, so a test can assert absence without sleeping.
/// </summary>
public sealed class Deliveries : IReceiveObserver
{
    private readonly ConcurrentDictionary<string, int> finished = new();

    /// <summary>Messages the queue named <paramref name="queue"/> has finished receiving.</summary>
    public int FinishedOn(string queue) => finished.GetValueOrDefault(queue);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Finish(context);

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Finish(context);

    private Task Finish(ReceiveContext context)
    {
        finished.AddOrUpdate(context.InputAddress.AbsolutePath.Split('/')[^1], 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test with <paramref name="what"/> after the timeout.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Testing.Eventually.HoldsAsync(condition, what, timeout);
}

/// <summary>Appends log lines to a file when BROKERAGE_TEST_LOG names one: for diagnosing a failing test run.</summary>
internal sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Gate)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}\n");
            }
        }
    }
}
