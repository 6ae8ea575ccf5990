using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Brokerage.Commissioning.Contracts;
using Brokerage.ServiceDefaults;
using MassTransit;

namespace Brokerage.ProviderOffers.Tests.Api;

/// <summary>Tokens for every role. Long-lived and issued in the past, so they stay valid while tests move the service's clock.</summary>
public static class Tokens
{
    public static string Provider(Guid providerId, string council = "any") => Issue(Roles.Provider, providerId.ToString(), council);

    public static string Broker(string council, string staffId = "broker-1") => Issue(Roles.Broker, staffId, council);

    public static string CouncilAdmin(string council) => Issue(Roles.CouncilAdmin, "admin-1", council);

    public static string Member(string council, Guid? memberId = null) => Issue(Roles.Member, (memberId ?? Guid.NewGuid()).ToString(), council);

    public static string Representative(string council, Guid? forMember = null) =>
        Issue(Roles.Representative, Guid.NewGuid().ToString(), council, [(forMember ?? Guid.NewGuid()).ToString()]);

    private static string Issue(string role, string subject, string council, IEnumerable<string>? actsFor = null) =>
        DevelopmentTokens.Issue(role, subject, council, actsFor, lifetime: TimeSpan.FromDays(60), issuedAt: DateTimeOffset.UtcNow.AddHours(-1));
}

/// <summary>Steps a test takes: as a provider, as a broker, and as Commissioning (publishing its contract messages on the vhost).</summary>
public sealed class Scenario(ServiceFixture service)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ServiceFixture Service => service;

    public static string NewCouncil() => "c-" + Guid.NewGuid().ToString("N")[..10];

    public static object ProviderBody(string[] councils, string[]? categories = null, string name = "Acme Care Ltd") => new
    {
        legalName = name,
        registrationNumbers = new { cqcProviderId = "1-101234567", charityNumber = "1123456", companyNumber = "SC123456" },
        serviceCategories = categories ?? ["home-care"],
        areasServed = new[] { "Brixton", "Stockwell" },
        councilIds = councils,
    };

    public static object BidBody(long price = 4_000_000, string proposal = "Two carers each weekday", int capacity = 10, string[]? commitments = null) => new
    {
        annualPriceAmount = price,
        currency = "GBP",
        capacity,
        proposal,
        outcomeCommitments = commitments ?? ["People choose their carers"],
    };

    public static string BidBodyJson(string proposal) => System.Text.Json.JsonSerializer.Serialize(BidBody(proposal: proposal), Json);

    public async Task<Guid> RegisterProviderAsync(string[] councils, string[]? categories = null, string name = "Acme Care Ltd")
    {
        var id = Guid.NewGuid();
        var response = await service.Client(Tokens.Provider(id)).PostAsJsonAsync("/api/providers", ProviderBody(councils, categories, name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    public async Task VerifyAsync(Guid providerId, string council)
    {
        var response = await service.Client(Tokens.Broker(council)).PostAsJsonAsync($"/api/providers/{providerId}/verification", new { reason = "Checked CQC rating" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task SuspendAsync(Guid providerId, string council)
    {
        var response = await service.Client(Tokens.Broker(council)).PostAsJsonAsync($"/api/providers/{providerId}/suspension", new { reason = "Safeguarding review" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A provider registered with <paramref name="council"/> and verified there.</summary>
    public async Task<Guid> VerifiedProviderAsync(string council, string[]? categories = null, string name = "Acme Care Ltd")
    {
        var id = await RegisterProviderAsync([council], categories, name);
        await VerifyAsync(id, council);
        return id;
    }

    /// <summary>Commissioning publishes a call; returns once ProviderOffers has recorded it.</summary>
    public async Task<Guid> PublishCallAsync(string council, string[]? categories = null, long maximumAnnualPrice = 5_000_000, TimeSpan? closesIn = null)
    {
        var callId = Guid.NewGuid();
        var now = service.Clock.GetUtcNow();
        await service.Bus.Publish(new CallForOffersPublished(
            callId, council, Guid.NewGuid(), "Weekday home care in Brixton", "Home care for eight pool members", ["Stay independent at home"],
            categories ?? ["home-care"], maximumAnnualPrice, "GBP", 24, DateOnly.FromDateTime(now.UtcDateTime.AddMonths(2)),
            now + (closesIn ?? TimeSpan.FromDays(14)), now));
        await Eventually.HoldsAsync(
            async () => (await service.Client(Tokens.Broker(council)).GetAsync($"/api/calls/{callId}")).StatusCode == HttpStatusCode.OK,
            "the call recorded");
        return callId;
    }

    /// <summary>Commissioning closes the call; returns once the bids are opened.</summary>
    public async Task CloseCallAsync(Guid callId, string council, Guid? messageId = null)
    {
        var id = messageId ?? Guid.NewGuid();
        await service.Bus.Publish(new CallForOffersClosed(callId, council, service.Clock.GetUtcNow()), (PublishContext<CallForOffersClosed> context) => context.MessageId = id);
        await service.ConsumedAsync(id);
    }

    public async Task<HttpResponseMessage> SubmitBidAsync(Guid providerId, Guid callId, object? body = null) =>
        await service.Client(Tokens.Provider(providerId)).PostAsJsonAsync($"/api/calls/{callId}/bids", body ?? BidBody());

    public async Task<Guid> BidAsync(Guid providerId, Guid callId, object? body = null)
    {
        var response = await SubmitBidAsync(providerId, callId, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadAsync(response))["id"]!.GetValue<Guid>();
    }

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty body");
    }

    public static async Task<JsonArray> ReadArrayAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadAsync(response)).AsArray();
    }

    /// <summary>Asserts a problem+json answer with <paramref name="status"/> (and, when given, its title).</summary>
    public static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response);
        if (title is not null)
        {
            Assert.Equal(title, problem["title"]?.GetValue<string>());
        }

        return problem;
    }

    /// <summary>A 400 validation problem naming <paramref name="field"/>.</summary>
    public static async Task ValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject() ?? throw new Xunit.Sdk.XunitException("No errors in the validation problem");
        Assert.True(errors.ContainsKey(field), $"Expected an error for '{field}', got: {string.Join(", ", errors.Select(e => e.Key))}");
    }
}
