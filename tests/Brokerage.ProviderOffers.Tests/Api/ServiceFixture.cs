using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Brokerage.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Brokerage.ProviderOffers.Tests.Api;

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "ProviderOffers service";
}

/// <summary>
/// The real ProviderOffers service, started once for every API test: its own database and RabbitMQ vhost, a clock the tests
/// move, every log line it writes, and every message published on its vhost (RabbitMQ's firehose tracer).
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public Firehose Published { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public string ConnectionString { get; private set; } = "";

    public string Broker { get; private set; } = "";

    public ProviderOffersFactory Factory { get; private set; } = null!;

    public IBus Bus => Factory.Services.GetRequiredService<IBus>();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestInfrastructure.CreateDatabaseAsync("provideroffers");
        Broker = await TestInfrastructure.CreateVirtualHostAsync("provideroffers");
        var vhost = Uri.UnescapeDataString(new Uri(Broker).AbsolutePath.Trim('/'));
        await TestInfrastructure.RabbitMqCtlAsync("trace_on", "-p", vhost);
        await Published.StartAsync(Broker);
        Factory = new ProviderOffersFactory(ConnectionString, Broker, Clock, Logs);
        _ = Factory.Server; // starts the host: schema, bus (queues bound), relay
    }

    public async Task DisposeAsync()
    {
        await Published.DisposeAsync();
        // The host stays alive until the process ends (MassTransit's static log context; see common brief).
    }

    public HttpClient Client(string? token = null)
    {
        var client = Factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the service has consumed the message with <paramref name="messageId"/> (on any of its consumers).</summary>
    public Task ConsumedAsync(Guid messageId) =>
        Eventually.HoldsAsync(
            async () => await ScalarAsync("SELECT count(*) FROM provideroffers.inbox WHERE message_id = @m", ("m", messageId)) > 0,
            $"message {messageId} consumed");

    /// <summary>
    /// Waits until everything the service committed has left its outbox and reached the firehose: the outbox is empty, then a
    /// sentinel published after that is seen.
    /// </summary>
    public async Task SettledAsync()
    {
        await Eventually.HoldsAsync(async () => await ScalarAsync("SELECT count(*) FROM provideroffers.outbox") == 0, "the outbox drained");
        var sentinel = Guid.NewGuid();
        await Bus.Publish(new Sentinel(sentinel));
        await Eventually.HoldsAsync(() => Task.FromResult(Published.Messages.Any(m => m.Body.Contains(sentinel.ToString(), StringComparison.Ordinal))), "the sentinel traced");
    }
}

/// <summary>A message nobody consumes: its trace marks a point in the firehose.</summary>
public sealed record Sentinel(Guid Id);

public sealed class ProviderOffersFactory(string connectionString, string broker, TimeProvider clock, CapturedLogs logs) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseEnvironment("Development")
            .UseSetting("ConnectionStrings:EventStore", connectionString)
            .UseSetting("ConnectionStrings:RabbitMq", broker)
            .UseSetting("Logging:Console:LogLevel:Default", "Warning")
            .ConfigureLogging(logging => logging.AddProvider(logs))
            .ConfigureTestServices(services => services.AddSingleton(clock));
}

/// <summary>A message as RabbitMQ's firehose traced its publication: exchange, body (the MassTransit envelope) and when it was seen.</summary>
public sealed record TracedMessage(string Exchange, string Body, DateTimeOffset SeenAt)
{
    public bool Is<T>() => Exchange.EndsWith(":" + typeof(T).Name, StringComparison.Ordinal);
}

/// <summary>Every publish on the vhost, through amq.rabbitmq.trace (rabbitmqctl trace_on).</summary>
public sealed class Firehose : IAsyncDisposable
{
    private readonly ConcurrentQueue<TracedMessage> messages = new();
    private IConnection? connection;
    private IChannel? channel;

    public IReadOnlyList<TracedMessage> Messages => messages.ToArray();

    public async Task StartAsync(string broker)
    {
        connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
        channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, "amq.rabbitmq.trace", "publish.#");
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var exchange = delivery.BasicProperties.Headers?.TryGetValue("exchange_name", out var name) == true && name is byte[] bytes
                ? Encoding.UTF8.GetString(bytes)
                : delivery.RoutingKey;
            messages.Enqueue(new TracedMessage(exchange, Encoding.UTF8.GetString(delivery.Body.Span), DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
    }

    public async ValueTask DisposeAsync()
    {
        if (channel is not null)
        {
            await channel.DisposeAsync();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}

/// <summary>Every log line the service writes at Information or above (the production level), with its scopes and exception.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            owner.scopes.ForEachScope((scope, builder) => builder.Append(" | ").Append(scope), line);
            owner.lines.Enqueue(line.ToString());
        }
    }
}

public static class Eventually
{
    /// <summary>Polls until the condition holds (20 s unless told), then fails naming <paramref name="what"/>.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Testing.Eventually.HoldsAsync(condition, what, timeout ?? TimeSpan.FromSeconds(20));
}
