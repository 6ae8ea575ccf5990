using Brokerage.EventStore;
using Brokerage.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Brokerage.Messaging.Tests;

/// <summary>
/// A real service process in miniature: its own database and schema, the event store, MassTransit on the real
/// RabbitMQ, the inbox filter and the outbox relay. Several can share one database to act as replicas.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    private readonly IHost host;

    private TestService(IHost host, string connectionString)
    {
        this.host = host;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public IServiceProvider Services => host.Services;

    public DocumentStore Store => host.Services.GetRequiredService<DocumentStore>();

    public IBus Bus => host.Services.GetRequiredService<IBus>();

    public static async Task<TestService> StartAsync(
        string connectionString,
        string schema,
        string endpointPrefix,
        Action<IBusRegistrationConfigurator> consumers,
        string? rabbitMq = null,
        bool runRelay = true,
        int retryLimit = 5)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders(); // the broker-outage test logs expected connection failures; set BROKERAGE_TEST_LOG to see logs
        if (Environment.GetEnvironmentVariable("BROKERAGE_TEST_LOG") is { Length: > 0 } logFile)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(new FileLoggerProvider(logFile));
        }
        builder.Services.AddEventStore(o =>
        {
            o.ConnectionString = connectionString;
            o.Schema = schema;
            o.Events.Add<PledgeCounted>();
            o.AddMessagingTables();
        });
        builder.Services.AddBrokerageMessaging(
            o =>
            {
                o.RabbitMq = rabbitMq ?? TestInfrastructure.RabbitMq;
                o.EndpointPrefix = endpointPrefix;
                o.RunOutboxRelay = runRelay;
                o.RetryLimit = retryLimit;
                o.Relay.MaxBackoff = TimeSpan.FromSeconds(1);
                o.Relay.PublishTimeout = TimeSpan.FromSeconds(3);
            },
            consumers);
        var host = builder.Build();
        await host.StartAsync();
        return new TestService(host, connectionString);
    }

    public async Task<long> CountAsync(Guid streamId) => (await Store.FetchStreamStateAsync(streamId))?.Version ?? 0;

    public async Task<long> OutboxPendingAsync()
    {
        await using var connection = await Store.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {Store.Schema}.outbox", connection);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Stops the service (bus, relay, projections) but keeps the process objects alive, as a crashed replica would leave them.</summary>
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
