using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.ServiceDefaults;

namespace Brokerage.Portal.Tests;

/// <summary>
/// What a test needs to exist before a person opens the Portal, made through the services' APIs in a council of the
/// test's own; each person made is added to the demo sign-in page.
/// </summary>
public sealed partial class Arrange(PortalStack stack)
{
    public static readonly TimeSpan MessageWait = TimeSpan.FromSeconds(30);

    public string Council { get; } = "portal-" + Guid.NewGuid().ToString("N")[..10];

    public static int BudgetYear => DateTime.UtcNow.Month >= 4 ? DateTime.UtcNow.Year : DateTime.UtcNow.Year - 1;

    public string BrokerToken => DevelopmentTokens.Issue(Roles.Broker, "broker-" + Council, Council, name: "Ama Mensah");

    public PortalStack Stack => stack;

    public HttpClient As(ServiceProcess service, string token) => service.Client(token);

    public HttpClient Broker(ServiceProcess service) => service.Client(BrokerToken);

    public async Task<string> BrokerAsync(string name = "Ama Mensah")
    {
        await stack.AddPersonAsync(Council, "broker", name, Roles.Broker, "broker-" + Council);
        return name;
    }

    /// <summary>A member registered by the broker, with a social-care allocation, who consents to pooling; listed on the sign-in page.</summary>
    public async Task<Guid> MemberAsync(string name, string pseudonym, long allocation)
    {
        using var members = Broker(stack.Members);
        var member = await members.PostAsJsonAsync("/api/members", new
        {
            name,
            contact = new { email = $"{Guid.NewGuid():N}@example.org" },
            communicationNeeds = Array.Empty<string>(),
            pseudonym,
        }).ExpectAsync(HttpStatusCode.Created);
        var memberId = member.GetProperty("id").GetGuid();
        await members.PostAsJsonAsync($"/api/members/{memberId}/allocations",
            new { budgetYear = BudgetYear, fundingStream = "social-care", amount = allocation, currency = "GBP" }).ExpectAsync(HttpStatusCode.Created);
        using var self = stack.Members.Client(DevelopmentTokens.Issue(Roles.Member, memberId.ToString(), Council));
        await self.PutAsync($"/api/members/{memberId}/pooling-consent", null).ExpectAsync(HttpStatusCode.OK);
        await stack.AddPersonAsync(Council, name.Split(' ')[0].ToLowerInvariant(), name, Roles.Member, memberId.ToString());

        // PooledFunds learns of the member and the allocation by message: wait until it would accept a pledge.
        using var funds = stack.PooledFunds.Client(BrokerToken);
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await funds.GetAsync($"/api/members/{memberId}/pledges");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("poolingConsent").GetBoolean() && body.GetProperty("budgets").GetArrayLength() > 0;
        }, $"PooledFunds knows member {name}'s budget and consent", MessageWait);
        return memberId;
    }

    /// <summary>A representative appointed (s31) by the broker for <paramref name="memberId"/>; listed on the sign-in page.</summary>
    public async Task<Guid> RepresentativeAsync(string name, Guid memberId)
    {
        var representativeId = Guid.NewGuid();
        using var members = Broker(stack.Members);
        await members.PostAsJsonAsync($"/api/members/{memberId}/representatives", new
        {
            representativeId,
            name,
            relationship = "daughter",
            basis = "care-act-s31-nominated",
        }).ExpectAsync(HttpStatusCode.Created);
        await stack.AddPersonAsync(Council, name.Split(' ')[0].ToLowerInvariant(), name, Roles.Representative, representativeId.ToString(), memberId.ToString());

        // PooledFunds and Commissioning learn of the appointment by message.
        using var funds = stack.PooledFunds.Client(DevelopmentTokens.Issue(Roles.Representative, representativeId.ToString(), Council, actsFor: [memberId.ToString()]));
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await funds.GetAsync($"/api/members/{memberId}/pledges");
            return response.StatusCode == HttpStatusCode.OK;
        }, $"PooledFunds knows {name} acts for the member", MessageWait);
        return representativeId;
    }

    /// <summary>A social-care pool the broker proposed and opened.</summary>
    public async Task<Guid> OpenPoolAsync(string name, int minimumMembers = 1, long target = 100_000)
    {
        using var pools = Broker(stack.PooledFunds);
        var pool = await pools.PostAsJsonAsync("/api/pools", new
        {
            name,
            purpose = "Support chosen and shaped by the people who use it",
            outcomes = new[] { "Evenings out with friends", "Feeling part of the neighbourhood" },
            fundingStreams = new[] { "social-care" },
            governance = new { minimumMembers, targetAmount = target, currency = "GBP", voteQuorumPercent = 50, votingMethod = "one-member-one-vote" },
            rules = "Members give four weeks' notice before leaving. New joiners are welcome each quarter.",
        }).ExpectAsync(HttpStatusCode.Created);
        var poolId = pool.GetProperty("id").GetGuid();
        await pools.PostAsync($"/api/pools/{poolId}/open", null).ExpectAsync(HttpStatusCode.OK);
        return poolId;
    }
}

public static class HttpExpectations
{
    /// <summary>Sends and asserts the status, with the body in the failure message.</summary>
    public static async Task<JsonElement> ExpectAsync(this Task<HttpResponseMessage> sending, HttpStatusCode status)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)status}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
