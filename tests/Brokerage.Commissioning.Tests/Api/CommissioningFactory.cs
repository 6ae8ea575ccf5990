using System.Net.Http.Headers;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>The real Commissioning service (Development) on a given database and RabbitMQ vhost, with a fake clock.</summary>
public sealed class CommissioningFactory(string connectionString, string rabbitMq, FakeTimeProvider clock) : WebApplicationFactory<Program>
{
    public FakeTimeProvider Clock { get; } = clock;

    public string ConnectionString { get; } = connectionString;

    public IHost? RunningHost { get; private set; }

    /// <summary>The service's own "now" (the fake clock plus any /dev/clock offset).</summary>
    public DateTimeOffset Now => Services.GetRequiredService<TimeProvider>().GetUtcNow();

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>One read on a fresh query session of the service's store, as a test checks what was committed.</summary>
    public async Task<T> ReadAsync<T>(Func<IQuerySession, Task<T>> read)
    {
        await using var query = Store.QuerySession();
        return await read(query);
    }

    /// <summary>
    /// Waits until the outbox relay has published every message committed so far. With the store's own count of the events
    /// that publish a message, this proves how many messages left: nothing more is on its way, however long one waits.
    /// </summary>
    public Task OutboxDrainedAsync() => Eventually.HoldsAsync(async () =>
    {
        var storage = Services.GetRequiredService<ServiceStorage>();
        await using var count = storage.DataSource.CreateCommand($"SELECT count(*) FROM {storage.Schema}.outbox");
        return (long)(await count.ExecuteScalarAsync())! == 0;
    }, "the outbox to be empty");

    /// <summary>Waits until the service has consumed the message with id <paramref name="messageId"/> (its inbox holds it), whatever it did with it.</summary>
    public Task ConsumedAsync(Guid messageId) => Eventually.HoldsAsync(async () =>
    {
        var storage = Services.GetRequiredService<ServiceStorage>();
        await using var seen = storage.DataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {storage.Schema}.inbox WHERE message_id = $1)");
        seen.Parameters.Add(new Npgsql.NpgsqlParameter { Value = messageId });
        return (bool)(await seen.ExecuteScalarAsync())!;
    }, $"message {messageId} to be consumed");

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseEnvironment("Development")
            .UseSetting("ConnectionStrings:EventStore", ConnectionString)
            .UseSetting("ConnectionStrings:RabbitMq", rabbitMq)
            .UseSetting("Commissioning:PollIntervalMilliseconds", "150")
            .UseSetting("Logging:Console:LogLevel:Default", "Warning")
            .ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                // The Development offset clock over the fake one: tests move the fake, POST /dev/clock moves the offset.
                services.AddSingleton<TimeProvider>(new Brokerage.Commissioning.Api.Clock.OffsetTimeProvider(Clock));
            });

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        RunningHost = host;
        return host;
    }

    /// <summary>Stops the service as a process stop would: bus, relay and timers end; the database keeps what committed.</summary>
    public async Task StopAsync()
    {
        if (RunningHost is { } host)
        {
            await host.StopAsync(TimeSpan.FromSeconds(30));
        }
    }

    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Starts a factory on fresh infrastructure of its own.</summary>
    public static async Task<CommissioningFactory> StartAsync(string? connectionString = null, string? rabbitMq = null, FakeTimeProvider? clock = null)
    {
        var factory = new CommissioningFactory(
            connectionString ?? await TestInfrastructure.CreateDatabaseAsync("commissioning"),
            rabbitMq ?? await TestInfrastructure.CreateVirtualHostAsync("commissioning"),
            clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow));
        // Starts the host (schema, bus, relay, timers). Off xunit's synchronisation context: the host starts synchronously
        // and waits for the bus, and on a two-core machine blocking xunit's few threads with it can deadlock the run.
        await Task.Run(() => factory.CreateClient().Dispose());
        return factory;
    }

    public string RabbitMq => rabbitMq;
}

/// <summary>Tokens valid for the real clock and for the fake clock moved weeks ahead.</summary>
public static class Tokens
{
    public const string Council = "lambeth";
    public const string OtherCouncil = "southwark";

    private static string Issue(string role, string subject, string council, IEnumerable<string>? actsFor = null) =>
        DevelopmentTokens.Issue(role, subject, council, actsFor, lifetime: TimeSpan.FromDays(3650), issuedAt: DateTimeOffset.UtcNow.AddDays(-1));

    public static string Member(Guid id, string council = Council) => Issue(Roles.Member, id.ToString(), council);

    public static string Representative(Guid id, IEnumerable<Guid> actsFor, string council = Council) =>
        Issue(Roles.Representative, id.ToString(), council, actsFor.Select(a => a.ToString()));

    public static string Broker(string council = Council) => Issue(Roles.Broker, "broker-1", council);

    public static string CouncilAdmin(string council = Council) => Issue(Roles.CouncilAdmin, "admin-1", council);

    public static string Provider(Guid id, string council = Council) => Issue(Roles.Provider, id.ToString(), council);
}

public static class Eventually
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Testing.Eventually.HoldsAsync(condition, what, timeout ?? Wait);
}
