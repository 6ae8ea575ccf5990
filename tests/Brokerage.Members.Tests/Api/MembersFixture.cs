using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Members.Tests.Api;

/// <summary>
/// The real Members service (Development) on a fresh database and a fresh RabbitMQ vhost, started once for every API
/// test (MassTransit's static log context does not survive a host being disposed and another built in one process).
/// The clock is a <see cref="FakeTimeProvider"/> starting at the real time, so tests can move it.
/// </summary>
public sealed class MembersFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Council = "lambeth";
    public const string OtherCouncil = "southwark";

    private string database = "";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CapturedLogs Logs { get; } = new();

    public string RabbitMq { get; private set; } = "";

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public ServiceStorage Storage => Services.GetRequiredService<ServiceStorage>();

    public IBus Bus => Services.GetRequiredService<IBus>();

    public HttpClient Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        database = await TestInfrastructure.CreateDatabaseAsync("members");
        RabbitMq = await TestInfrastructure.CreateVirtualHostAsync("members");
        Broker = As(BrokerToken());
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask; // disposed with the test run: see the class comment

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseEnvironment("Development")
            .UseSetting("ConnectionStrings:EventStore", database)
            .UseSetting("ConnectionStrings:RabbitMq", RabbitMq)
            .UseSetting("Logging:Console:LogLevel:Default", "Warning")
            .ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>(null, LogLevel.Debug))
            .ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            });

    public HttpClient As(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static string BrokerToken(string council = Council) => DevelopmentTokens.Issue(Roles.Broker, "broker-ana", council);

    public static string AdminToken(string council = Council) => DevelopmentTokens.Issue(Roles.CouncilAdmin, "admin-ola", council);

    public static string MemberToken(Guid memberId, string council = Council) => DevelopmentTokens.Issue(Roles.Member, memberId.ToString(), council);

    public static string RepresentativeToken(Guid representativeId, Guid memberId, string council = Council) =>
        DevelopmentTokens.Issue(Roles.Representative, representativeId.ToString(), council, [memberId.ToString()]);

    public static string ProviderToken(string council = Council) => DevelopmentTokens.Issue(Roles.Provider, Guid.NewGuid().ToString(), council);

    private static int pseudonyms;

    /// <summary>A pseudonym no other member of the test run has: within a council each names one member.</summary>
    public static string UniquePseudonym(string stem = "Blue Heron") => $"{stem} {Interlocked.Increment(ref pseudonyms)}";

    /// <summary>Registers a member as a broker of <paramref name="council"/> and returns the new id.</summary>
    public async Task<Guid> RegisterAsync(string? pseudonym = null, string council = Council, string name = "Ada Lovelace")
    {
        pseudonym ??= UniquePseudonym();
        var response = await As(BrokerToken(council)).PostAsJsonAsync("/api/members", new
        {
            name,
            contact = new { email = "ada@example.org", phone = "020 7926 1000" },
            communicationNeeds = new[] { "large-print" },
            pseudonym,
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    public async Task AllocateAsync(Guid memberId, int year, string stream, long amount)
    {
        var response = await Broker.PostAsJsonAsync($"/api/members/{memberId}/allocations", new { budgetYear = year, fundingStream = stream, amount, currency = "GBP" });
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>Appoints a representative as a broker and returns the representative id.</summary>
    public async Task<Guid> AppointAsync(Guid memberId, string basis = "care-act-s31-nominated")
    {
        var id = Guid.NewGuid();
        var response = await Broker.PostAsJsonAsync($"/api/members/{memberId}/representatives", new
        {
            representativeId = id,
            name = "Grace Hopper",
            relationship = "daughter",
            basis,
            capacityAssessment = basis == "care-act-s32-authorised" ? new { assessedOn = "2026-05-02", reference = "MCA-2026-0042" } : null,
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return id;
    }

    public async Task<Guid> AddOutcomeAsync(Guid memberId, string description = "Walk to the shops on my own")
    {
        var response = await As(MemberToken(memberId)).PostAsJsonAsync($"/api/members/{memberId}/outcomes", new { description });
        await response.ExpectAsync(HttpStatusCode.Created);
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    /// <summary>The events of a stream as stored, oldest first (none for an unknown stream).</summary>
    public async Task<IReadOnlyList<IEvent>> FetchStreamAsync(Guid streamId)
    {
        await using var query = Store.QuerySession();
        return await query.Events.FetchStreamAsync(streamId);
    }

    /// <summary>The member stream's version, from the ETag of its details: every change to a member moves it.</summary>
    public async Task<long> VersionAsync(Guid memberId)
    {
        var response = await Broker.GetAsync($"/api/members/{memberId}");
        await response.ExpectAsync(HttpStatusCode.OK);
        return long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
    }
}

[CollectionDefinition(Name)]
public sealed class MembersApiCollection : ICollectionFixture<MembersFixture>
{
    public const string Name = "members-api";
}

public static class HttpAssertions
{
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json answer with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static string[] ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(field => field.Name).ToArray() : [];

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}

public static class Eventually
{
    /// <summary>Polls until the condition holds (15 s unless told), then fails naming <paramref name="what"/>.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, int seconds = 15) =>
        Testing.Eventually.HoldsAsync(condition, what, TimeSpan.FromSeconds(seconds));
}
