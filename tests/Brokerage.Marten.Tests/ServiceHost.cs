using System.Collections.Concurrent;
using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Brokerage.Marten.Tests;

/// <summary>
/// Marten wired as a service wires it (<see cref="BrokerageMarten.AddBrokerageMarten"/>): the ledger events, its inline
/// snapshot, optionally the async daemon (hot/cold), a moved clock, and the messaging building block with its relay off,
/// so what a command publishes stays in the outbox for the test to count. Several hosts on one database act as replicas.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string Schema = "ledgers";

    private readonly IHost host;

    private ServiceHost(IHost host, string connectionString)
    {
        this.host = host;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public IServiceProvider Services => host.Services;

    public IDocumentStore Store => host.Services.GetRequiredService<IDocumentStore>();

    public ServiceStorage Storage => host.Services.GetRequiredService<ServiceStorage>();

    public static async Task<ServiceHost> StartAsync(
        string connectionString,
        Action<StoreOptions>? configure = null,
        TimeProvider? clock = null,
        bool daemon = false,
        bool messaging = false,
        CapturedLogs? logs = null,
        string schema = Schema)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        var marten = builder.Services.AddBrokerageMarten(connectionString, schema, o =>
        {
            o.AddEventTypes(Ledger.Events);
            o.AddEventTypes([typeof(PledgeNoted)]);
            o.Projections.Snapshot<Ledger>(SnapshotLifecycle.Inline);
            configure?.Invoke(o);
        });
        if (daemon)
        {
            marten.AddAsyncDaemon(DaemonMode.HotCold);
        }

        if (messaging)
        {
            builder.Services.AddBrokerageMessaging(o =>
            {
                o.RabbitMq = TestInfrastructure.RabbitMq;
                o.EndpointPrefix = $"m{Guid.NewGuid():N}"[..12];
                o.RunOutboxRelay = false;
            });
        }

        var host = builder.Build();
        await host.StartAsync();
        return new ServiceHost(host, connectionString);
    }

    /// <summary>Opens a ledger in a stream of its own with one pledge, committed.</summary>
    public async Task<Guid> PledgeAsync(Guid member, long amount)
    {
        var ledger = Guid.NewGuid();
        await using var session = Store.LightweightSession();
        session.Events.StartStream<Ledger>(ledger, new LedgerOpened(ledger, "lambeth"), new AmountPledged(ledger, member, amount));
        await session.SaveChangesAsync();
        return ledger;
    }

    public async Task<MemberTotal?> TotalAsync(Guid member)
    {
        await using var query = Store.QuerySession();
        return await query.LoadAsync<MemberTotal>(member);
    }

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await cmd.ExecuteScalarAsync();
    }

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

/// <summary>Keeps every log message, so a test can wait for what a background agent says it decided.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();

    public bool Any(string fragment) => messages.Any(m => m.Contains(fragment, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(messages);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception));
    }
}
