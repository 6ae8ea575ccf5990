using System.Net;
using System.Net.Http.Json;

namespace Brokerage.ProviderOffers.Tests.Api;

/// <summary>
/// Every endpoint with every role: no token, member, representative, the provider itself, another provider, broker and
/// council admin of the council concerned, and of another council. ProviderOffers holds nothing a member owns and grants
/// nothing for a representative's acts_for, so members and representatives are refused everywhere (403 by role, or 404
/// where the spec hides the resource) — a representative whose appointment ended, or who was never appointed for the
/// member their token names, exactly as any other representative (ADR 0019).
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class AccessMatrixTests(ServiceFixture service)
{
    private const string None = "no token", Member = "member", Rep = "representative", Self = "provider itself", OtherProvider = "other provider",
        Broker = "broker", OtherBroker = "other council's broker", Admin = "council-admin", OtherAdmin = "other council's admin",
        RepEnded = "representative, appointment ended", RepNeverAppointed = "representative, never appointed";

    private static readonly string[] AllRoles = [None, Member, Rep, RepEnded, RepNeverAppointed, Self, OtherProvider, Broker, OtherBroker, Admin, OtherAdmin];

    public static TheoryData<string> Endpoints => new(Rows.Keys);

    private static readonly Dictionary<string, Row> Rows = new[]
    {
        new Row("POST /api/providers", new(Register: false), w => Post("/api/providers", Scenario.ProviderBody([w.Council])),
            Expect(Self, 201, OtherProvider, 409, Broker, 403, OtherBroker, 403, Admin, 403, OtherAdmin, 403)),
        new Row("GET /api/providers", new(), _ => Get("/api/providers"),
            Expect(Self, 403, OtherProvider, 403, Broker, 200, OtherBroker, 200, Admin, 200, OtherAdmin, 200)),
        new Row("GET /api/providers/{id}", new(), w => Get($"/api/providers/{w.Provider}"),
            Expect(Self, 200, OtherProvider, 404, Broker, 200, OtherBroker, 404, Admin, 200, OtherAdmin, 404)),
        new Row("PUT /api/providers/{id}", new(), w => Put($"/api/providers/{w.Provider}", Scenario.ProviderBody([w.Council])),
            Expect(Self, 200, OtherProvider, 404, Broker, 403, OtherBroker, 403, Admin, 403, OtherAdmin, 403)),
        new Row("PUT /api/providers/{id}/payment-account", new(), w => Put($"/api/providers/{w.Provider}/payment-account", new { accountId = "acct_123ABC" }),
            Expect(Self, 200, OtherProvider, 404, Broker, 403, OtherBroker, 403, Admin, 403, OtherAdmin, 403)),
        new Row("POST /api/providers/{id}/verification", new(Verify: false), w => Post($"/api/providers/{w.Provider}/verification", new { }),
            Expect(Self, 403, OtherProvider, 403, Broker, 200, OtherBroker, 404, Admin, 403, OtherAdmin, 403)),
        new Row("POST /api/providers/{id}/suspension", new(), w => Post($"/api/providers/{w.Provider}/suspension", new { reason = "Review" }),
            Expect(Self, 403, OtherProvider, 403, Broker, 200, OtherBroker, 404, Admin, 403, OtherAdmin, 403)),
        new Row("GET /api/providers/{id}/bids", new(), w => Get($"/api/providers/{w.Provider}/bids"),
            Expect(Self, 200, OtherProvider, 404, Broker, 403, OtherBroker, 403, Admin, 403, OtherAdmin, 403)),
        new Row("GET /api/providers/{id}/results", new(), w => Get($"/api/providers/{w.Provider}/results"),
            Expect(Self, 200, OtherProvider, 404, Broker, 403, OtherBroker, 403, Admin, 403, OtherAdmin, 403)),
        new Row("GET /api/providers/{id}/contracts", new(), w => Get($"/api/providers/{w.Provider}/contracts"),
            Expect(Self, 200, OtherProvider, 404, Broker, 403, OtherBroker, 403, Admin, 403, OtherAdmin, 403)),
        new Row("GET /api/calls", new(), _ => Get("/api/calls"),
            Expect(Self, 200, OtherProvider, 200, Broker, 200, OtherBroker, 200, Admin, 200, OtherAdmin, 200)),
        new Row("GET /api/calls/{id}", new(), w => Get($"/api/calls/{w.Call}"),
            Expect(Self, 200, OtherProvider, 404, Broker, 200, OtherBroker, 404, Admin, 200, OtherAdmin, 404)),
        new Row("POST /api/calls/{id}/bids", new(Bid: false), w => Post($"/api/calls/{w.Call}/bids", Scenario.BidBody()),
            Expect(Self, 201, OtherProvider, 404, Broker, 403, OtherBroker, 403, Admin, 403, OtherAdmin, 403)),
        new Row("PUT /api/calls/{id}/bids/{bidId}", new(), w => Put($"/api/calls/{w.Call}/bids/{w.Bid}", Scenario.BidBody()),
            Expect(Self, 200, OtherProvider, 404, Broker, 403, OtherBroker, 403, Admin, 403, OtherAdmin, 403)),
        new Row("POST /api/calls/{id}/bids/{bidId}/withdrawal", new(), w => Post($"/api/calls/{w.Call}/bids/{w.Bid}/withdrawal", null),
            Expect(Self, 200, OtherProvider, 404, Broker, 403, OtherBroker, 403, Admin, 403, OtherAdmin, 403)),
        new Row("GET /api/calls/{id}/bids/{bidId} (sealed)", new(), w => Get($"/api/calls/{w.Call}/bids/{w.Bid}"),
            Expect(Member, 404, Rep, 404, Self, 200, OtherProvider, 404, Broker, 403, OtherBroker, 404, Admin, 403, OtherAdmin, 404)),
        new Row("GET /api/calls/{id}/bids/{bidId} (opened)", new(Close: true), w => Get($"/api/calls/{w.Call}/bids/{w.Bid}"),
            Expect(Member, 404, Rep, 404, Self, 200, OtherProvider, 404, Broker, 200, OtherBroker, 404, Admin, 200, OtherAdmin, 404)),
        new Row("GET /api/calls/{id}/bids (sealed)", new(), w => Get($"/api/calls/{w.Call}/bids"),
            Expect(Member, 404, Rep, 404, Self, 404, OtherProvider, 404, Broker, 403, OtherBroker, 404, Admin, 403, OtherAdmin, 404)),
        new Row("GET /api/calls/{id}/bids (opened)", new(Close: true), w => Get($"/api/calls/{w.Call}/bids"),
            Expect(Member, 404, Rep, 404, Self, 404, OtherProvider, 404, Broker, 200, OtherBroker, 404, Admin, 200, OtherAdmin, 404)),
    }.ToDictionary(row => row.Name);

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task GivenEveryRole_WhenCallingTheEndpoint_ThenOnlyTheRolesItNamesGetThrough(string endpoint)
    {
        var row = Rows[endpoint];
        var world = await World.CreateAsync(new Scenario(service), row.Setup);
        var failures = new List<string>();

        // Refusals first: a write that succeeds changes the world the next role would meet.
        foreach (var role in AllRoles.OrderBy(role => row.Expected[role] < 300))
        {
            var response = await service.Client(world.TokenFor(role)).SendAsync(row.Request(world));
            if ((int)response.StatusCode != row.Expected[role])
            {
                failures.Add($"{role}: expected {row.Expected[role]}, got {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, $"{endpoint}: {string.Join("; ", failures)}");
    }

    private static Dictionary<string, int> Expect(params object[] pairs)
    {
        // Members, representatives and callers without a token are refused everywhere; rows say how where it differs.
        var expected = new Dictionary<string, int> { [None] = 401, [Member] = 403, [Rep] = 403 };
        for (var i = 0; i < pairs.Length; i += 2)
        {
            expected[(string)pairs[i]] = (int)pairs[i + 1];
        }

        // Refused as any representative is, wherever a row says how.
        expected[RepEnded] = expected[RepNeverAppointed] = expected[Rep];
        return expected;
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Post(string url, object? body) => new(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };

    private static HttpRequestMessage Put(string url, object body) => new(HttpMethod.Put, url) { Content = JsonContent.Create(body) };

    private sealed record Setup(bool Register = true, bool Verify = true, bool Bid = true, bool Close = false);

    private sealed record Row(string Name, Setup Setup, Func<World, HttpRequestMessage> Request, Dictionary<string, int> Expected);

    /// <summary>
    /// Council A with provider P (the "provider itself") and an open call with P's bid; council B with its own verified
    /// provider (the "other provider"), which may not bid in A.
    /// </summary>
    private sealed record World(string Council, string OtherCouncil, Guid Provider, Guid Other, Guid Call, Guid Bid)
    {
        public static async Task<World> CreateAsync(Scenario scenario, Setup setup)
        {
            var (council, otherCouncil) = (Scenario.NewCouncil(), Scenario.NewCouncil());
            var provider = setup.Register ? await scenario.RegisterProviderAsync([council]) : Guid.NewGuid();
            var other = await scenario.VerifiedProviderAsync(otherCouncil);
            var helper = setup.Register ? Guid.Empty : await scenario.VerifiedProviderAsync(council);
            if (setup.Register && setup.Verify)
            {
                await scenario.VerifyAsync(provider, council);
            }

            var call = await scenario.PublishCallAsync(council);
            var bid = setup.Register && setup.Verify && setup.Bid ? await scenario.BidAsync(provider, call) : Guid.Empty;
            if (!setup.Register)
            {
                // The provider registering here owns nothing yet; another provider of the council holds the call's bid.
                bid = await scenario.BidAsync(helper, call);
            }

            if (setup.Close)
            {
                await scenario.CloseCallAsync(call, council);
            }

            return new World(council, otherCouncil, provider, other, call, bid);
        }

        public string? TokenFor(string role) => role switch
        {
            None => null,
            Member => Tokens.Member(Council),
            Rep => Tokens.Representative(Council),
            // Members recorded this representative's appointment as ended, and the token still names the member.
            RepEnded => Tokens.Representative(Council, forMember: Guid.NewGuid()),
            RepNeverAppointed => Tokens.Representative(Council, forMember: Guid.NewGuid()),
            Self => Tokens.Provider(Provider),
            OtherProvider => Tokens.Provider(Other),
            Broker => Tokens.Broker(Council),
            OtherBroker => Tokens.Broker(OtherCouncil),
            Admin => Tokens.CouncilAdmin(Council),
            OtherAdmin => Tokens.CouncilAdmin(OtherCouncil),
            _ => throw new ArgumentOutOfRangeException(nameof(role)),
        };
    }
}
