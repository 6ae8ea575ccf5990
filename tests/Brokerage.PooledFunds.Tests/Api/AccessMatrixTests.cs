using System.Net.Http.Json;
using Brokerage.Members.Contracts;

namespace Brokerage.PooledFunds.Tests.Api;

/// <summary>
/// Every endpoint against every kind of caller: member (self / another member), representative (for / not for), broker
/// (own / other council), council admin, provider, no token. Another council's pool answers 404 like an unknown one.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class AccessMatrixTests(PooledFundsService service)
{
    private sealed record Caller(string Name, HttpClient Client, int Status);

    /// <summary>A pool (open) where <c>Pledger</c> has a live pledge; <c>Outsider</c> is a member of the council with no pledge there.</summary>
    private async Task<(Guid Pool, Guid Pledger, Guid Outsider)> SceneAsync(bool open = true)
    {
        var pledger = await service.RegisterMemberAsync(10_000);
        var outsider = await service.RegisterMemberAsync(10_000);
        var pool = await service.CreatePoolAsync(open: true);
        await (await service.PledgeAsync(pool, pledger, 1_000)).EnsureStatus(System.Net.HttpStatusCode.Created);
        return (pool, pledger, outsider);
    }

    private HttpClient Anonymous => service.CreateClient();

    private Task<HttpClient> Rep(params Guid[] actsFor) => service.RepresentativeAsync(actsFor);

    /// <summary>
    /// Representatives whose token names <paramref name="member"/> but whom Members has not appointed for them (any more):
    /// acting for no one here, they are refused everywhere (403) before any endpoint reads the claims.
    /// </summary>
    private async Task<Caller[]> UnauthorisedRepresentatives(Guid member) =>
    [
        new("representative, appointment ended", await service.EndedRepresentativeAsync(member), 403),
        new("representative, never appointed", service.NeverAppointedRepresentative(member), 403),
    ];

    private static async Task ExpectAsync(string endpoint, IEnumerable<Caller> callers, Func<HttpClient, Task<HttpResponseMessage>> call)
    {
        var failures = new List<string>();
        foreach (var caller in callers)
        {
            var response = await call(caller.Client);
            if ((int)response.StatusCode != caller.Status)
            {
                failures.Add($"{caller.Name}: expected {caller.Status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failures.Count == 0, $"{endpoint}\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task ProposePool()
    {
        var (_, member, other) = await SceneAsync();
        var body = PooledFundsService.PoolRequest();
        object For(Guid m) => new
        {
            name = "Walking group", purpose = "Walks", outcomes = new[] { "Fitness" }, fundingStreams = new[] { FundingStreams.SocialCare },
            governance = new { minimumMembers = 1, targetAmount = 0, currency = "GBP", voteQuorumPercent = 50 }, rules = "Be kind.", memberId = m,
        };

        await ExpectAsync("POST /api/pools", [
            new("member self", service.Member(member), 201),
            new("broker own council", service.Broker(), 201),
            new("council admin", service.As(Tokens.Admin()), 403),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
        ], client => client.PostAsJsonAsync("/api/pools", body));
        await ExpectAsync("POST /api/pools (naming a member)", [
            new("member for another member", service.Member(other), 403),
            new("representative not for", await Rep(other), 403),
            new("representative for", await Rep(member), 201),
            .. await UnauthorisedRepresentatives(member),
        ], client => client.PostAsJsonAsync("/api/pools", For(member)));
    }

    [Fact]
    public async Task ListAndReadPools()
    {
        var (pool, member, other) = await SceneAsync();
        await ExpectAsync("GET /api/pools", [
            new("member", service.Member(member), 200),
            new("representative", await Rep(member), 200),
            .. await UnauthorisedRepresentatives(member),
            new("broker own council", service.Broker(), 200),
            new("council admin", service.As(Tokens.Admin()), 200),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
        ], client => client.GetAsync("/api/pools"));
        Assert.DoesNotContain(await service.Broker(PooledFundsService.OtherCouncil).GetFromJsonAsync<List<PoolView>>("/api/pools") ?? [], p => p.Id == pool);

        await ExpectAsync("GET /api/pools/{id}", [
            new("member with a pledge", service.Member(member), 200),
            new("member of the council (open pool)", service.Member(other), 200),
            new("member of another council", service.Member(Guid.NewGuid(), PooledFundsService.OtherCouncil), 404),
            new("representative for", await Rep(member), 200),
            .. await UnauthorisedRepresentatives(member),
            new("broker own council", service.Broker(), 200),
            new("broker other council", service.Broker(PooledFundsService.OtherCouncil), 404),
            new("council admin", service.As(Tokens.Admin()), 200),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
        ], client => client.GetAsync($"/api/pools/{pool}"));

        var mine = (await service.Member(other).GetFromJsonAsync<PoolView>($"/api/pools/{pool}"))!;
        Assert.Empty(mine.Pledges); // a member sees only their own pledges in the pool view
        Assert.Single((await service.PoolAsync(pool)).Pledges);
    }

    [Fact]
    public async Task LifecycleCommands()
    {
        var representative = await Rep(Guid.NewGuid());
        var denied = new Func<Caller[]>(() => [
            new("member", service.Member(Guid.NewGuid()), 403),
            new("representative", representative, 403),
            new("broker other council", service.Broker(PooledFundsService.OtherCouncil), 404),
            new("council admin", service.As(Tokens.Admin()), 403),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
        ]);
        var pool = await service.CreatePoolAsync(open: false);
        var member = await service.RegisterMemberAsync(10_000);
        foreach (var action in new[] { "open", "activate", "wind-down", "close" })
        {
            await ExpectAsync($"POST /api/pools/{{id}}/{action}", [.. denied(), new("broker own council", service.Broker(), 200)],
                client => client.PostAsync($"/api/pools/{pool}/{action}", null));
            if (action == "open")
            {
                await (await service.PledgeAsync(pool, member, 500)).EnsureStatus(System.Net.HttpStatusCode.Created);
            }
        }

        Assert.Equal("closed", (await service.PoolAsync(pool)).Status);
    }

    [Fact]
    public async Task JoinPool()
    {
        var (pool, member, other) = await SceneAsync();
        var third = await service.RegisterMemberAsync(10_000);
        object Body(Guid? memberId = null) => new { memberId, amount = 100, currency = "GBP", fundingStream = FundingStreams.SocialCare, budgetYear = 2026 };

        await ExpectAsync("POST /api/pools/{id}/pledges (for another member)", [
            new("member for another member", service.Member(member), 403),
            new("representative not for", await Rep(member), 403),
        ], client => client.PostAsJsonAsync($"/api/pools/{pool}/pledges", Body(other)));
        await ExpectAsync("POST /api/pools/{id}/pledges", [
            new("broker", service.Broker(), 403),
            new("council admin", service.As(Tokens.Admin()), 403),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
            new("member of another council", service.Member(Guid.NewGuid(), PooledFundsService.OtherCouncil), 404),
            new("member self", service.Member(other), 201),
        ], client => client.PostAsJsonAsync($"/api/pools/{pool}/pledges", Body()));
        var fourth = await service.RegisterMemberAsync(10_000);
        await ExpectAsync("POST /api/pools/{id}/pledges (representative who may not act)", await UnauthorisedRepresentatives(fourth),
            client => client.PostAsJsonAsync($"/api/pools/{pool}/pledges", Body(fourth)));
        await ExpectAsync("POST /api/pools/{id}/pledges (representative)", [new("representative for", await Rep(third), 201)],
            client => client.PostAsJsonAsync($"/api/pools/{pool}/pledges", Body(third)));
        Assert.DoesNotContain((await service.PoolAsync(pool)).Pledges, p => p.MemberId == fourth);
    }

    [Fact]
    public async Task ChangeAndWithdrawPledge()
    {
        var (pool, member, other) = await SceneAsync();
        var same = new { amount = 1_000, currency = "GBP" };
        var notFor = await Rep(other);
        var unauthorised = await UnauthorisedRepresentatives(member);
        Caller[] Denied() => [
            .. unauthorised,
            new("member for another member", service.Member(other), 404),
            new("representative not for", notFor, 404),
            new("broker", service.Broker(), 403),
            new("council admin", service.As(Tokens.Admin()), 403),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
        ];

        await ExpectAsync("PUT /api/pools/{id}/pledges/{memberId}", [
            .. Denied(), new("member self", service.Member(member), 200), new("representative for", await Rep(member), 200),
        ], client => client.PutAsJsonAsync($"/api/pools/{pool}/pledges/{member}", same));
        await ExpectAsync("DELETE /api/pools/{id}/pledges/{memberId}", [.. Denied(), new("representative for", await Rep(member), 204)],
            client => client.DeleteAsync($"/api/pools/{pool}/pledges/{member}"));
        Assert.Equal("withdrawn", (await service.PoolAsync(pool)).Pledges.Single(p => p.MemberId == member).Status);
    }

    [Fact]
    public async Task ReadLedger()
    {
        var (pool, member, other) = await SceneAsync();
        await ExpectAsync("GET /api/pools/{id}/ledger", [
            new("member with a pledge", service.Member(member), 200),
            new("member without a pledge", service.Member(other), 403),
            new("member of another council", service.Member(Guid.NewGuid(), PooledFundsService.OtherCouncil), 404),
            new("representative for", await Rep(member), 200),
            new("representative not for", await Rep(other), 403),
            .. await UnauthorisedRepresentatives(member),
            new("broker own council", service.Broker(), 200),
            new("broker other council", service.Broker(PooledFundsService.OtherCouncil), 404),
            new("council admin", service.As(Tokens.Admin()), 200),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
        ], client => client.GetAsync($"/api/pools/{pool}/ledger"));
        await ExpectAsync("GET /api/pools/{id}/ledger.csv", [
            new("member with a pledge", service.Member(member), 403),
            new("representative for", await Rep(member), 403),
            .. await UnauthorisedRepresentatives(member),
            new("broker own council", service.Broker(), 200),
            new("broker other council", service.Broker(PooledFundsService.OtherCouncil), 404),
            new("council admin", service.As(Tokens.Admin()), 200),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
        ], client => client.GetAsync($"/api/pools/{pool}/ledger.csv"));
    }

    [Fact]
    public async Task ReadPoolHistory()
    {
        var (pool, member, other) = await SceneAsync();
        await ExpectAsync("GET /api/pools/{id}/history", [
            new("member with a pledge", service.Member(member), 403),
            new("member without a pledge", service.Member(other), 403),
            new("member of another council", service.Member(Guid.NewGuid(), PooledFundsService.OtherCouncil), 403),
            new("representative for", await Rep(member), 403),
            new("representative not for", await Rep(other), 403),
            .. await UnauthorisedRepresentatives(member),
            new("broker own council", service.Broker(), 200),
            new("broker other council", service.Broker(PooledFundsService.OtherCouncil), 404),
            new("council admin", service.As(Tokens.Admin()), 200),
            new("council admin other council", service.As(Tokens.Admin(PooledFundsService.OtherCouncil)), 404),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
        ], client => client.GetAsync($"/api/pools/{pool}/history"));
        await ExpectAsync("GET /api/pools/{unknown}/history", [new("broker own council", service.Broker(), 404)],
            client => client.GetAsync($"/api/pools/{Guid.NewGuid()}/history"));
    }

    [Fact]
    public async Task ReadMemberPledges()
    {
        var (_, member, other) = await SceneAsync();
        await ExpectAsync("GET /api/members/{memberId}/pledges", [
            new("member self", service.Member(member), 200),
            new("member for another member", service.Member(other), 404),
            new("representative for", await Rep(member), 200),
            new("representative not for", await Rep(other), 404),
            .. await UnauthorisedRepresentatives(member),
            new("broker own council", service.Broker(), 200),
            new("broker other council", service.Broker(PooledFundsService.OtherCouncil), 404),
            new("council admin", service.As(Tokens.Admin()), 200),
            new("provider", service.As(Tokens.Provider()), 403),
            new("no token", Anonymous, 401),
        ], client => client.GetAsync($"/api/members/{member}/pledges"));
    }
}
