using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Brokerage.Members.Contracts;

namespace Brokerage.PooledFunds.Tests.Api;

/// <summary>Every write endpoint refuses bad input with a 4xx problem+json naming the field, and changes nothing.</summary>
[Collection(ServiceCollection.Name)]
public sealed class BadInputTests(PooledFundsService service)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Oversized() => "{\"name\":\"" + new string('x', 1_100_000) + "\"}";

    private static string With(object body, string path, JsonNode? value, bool remove = false)
    {
        var node = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))!;
        var parts = path.Split('.');
        var parent = node;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!;
        }

        if (remove)
        {
            parent.AsObject().Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = value;
        }

        return node.ToJsonString();
    }

    private static async Task ExpectFieldAsync(HttpResponseMessage response, int status, string? field, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{what}: expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.True(body.Contains($"\"{field}\"", StringComparison.Ordinal), $"{what}: the problem does not name '{field}': {body}");
        }
    }

    public static TheoryData<string, string, string?> ProposeCases => new()
    {
        { "missing name", "name|remove", "name" },
        { "blank purpose", "purpose|\"  \"", "purpose" },
        { "no outcomes", "outcomes|[]", "outcomes" },
        { "unknown funding stream", "fundingStreams|[\"dental\"]", "fundingStreams[0]" },
        { "missing governance", "governance|remove", "governance" },
        { "zero minimum members", "governance.minimumMembers|0", "governance.minimumMembers" },
        { "negative target", "governance.targetAmount|-1", "governance.targetAmount" },
        { "overflowing target", "governance.targetAmount|99999999999999999999", "governance.targetAmount" },
        { "target as a string", "governance.targetAmount|\"100\"", "governance.targetAmount" },
        { "wrong currency", "governance.currency|\"EUR\"", "governance.currency" },
        { "quorum above 100", "governance.voteQuorumPercent|101", "governance.voteQuorumPercent" },
        { "unknown voting method", "governance.votingMethod|\"loudest-wins\"", "governance.votingMethod" },
        { "missing rules", "rules|remove", "rules" },
    };

    [Theory]
    [MemberData(nameof(ProposeCases))]
    public async Task ProposePool(string what, string change, string? field)
    {
        var before = (await service.Broker().GetFromJsonAsync<List<PoolView>>("/api/pools"))!.Count;
        var (path, value) = (change.Split('|')[0], change.Split('|')[1]);
        var json = With(PooledFundsService.PoolRequest(), path, value == "remove" ? null : JsonNode.Parse(value), value == "remove");

        await ExpectFieldAsync(await service.Broker().PostAsync("/api/pools", Json(json)), 400, field, what);

        Assert.Equal(before, (await service.Broker().GetFromJsonAsync<List<PoolView>>("/api/pools"))!.Count);
    }

    [Fact]
    public async Task ProposePoolWithMalformedOrOversizedBodies()
    {
        var before = (await service.Broker().GetFromJsonAsync<List<PoolView>>("/api/pools"))!.Count;
        await ExpectFieldAsync(await service.Broker().PostAsync("/api/pools", Json("{\"name\": \"Club\",")), 400, "body", "malformed JSON");
        await ExpectFieldAsync(await service.Broker().PostAsync("/api/pools", Json(Oversized())), 413, null, "oversized body");
        await ExpectFieldAsync(await service.Broker().PostAsync("/api/pools", Json("")), 400, null, "empty body");
        Assert.Equal(before, (await service.Broker().GetFromJsonAsync<List<PoolView>>("/api/pools"))!.Count);
    }

    public static TheoryData<string, string, string?> PledgeCases => new()
    {
        { "missing amount", "amount|remove", "amount" },
        { "zero amount", "amount|0", "amount" },
        { "negative amount", "amount|-5", "amount" },
        { "overflowing amount", "amount|99999999999999999999", "amount" },
        { "fractional amount", "amount|10.5", "amount" },
        { "amount above the maximum", "amount|10000000001", "amount" },
        { "amount as a string", "amount|\"100\"", "amount" },
        { "missing currency", "currency|remove", "currency" },
        { "wrong currency", "currency|\"USD\"", "currency" },
        { "unknown funding stream", "fundingStream|\"dental\"", "fundingStream" },
        { "missing budget year", "budgetYear|remove", "budgetYear" },
        { "implausible budget year", "budgetYear|1999", "budgetYear" },
        { "conditional not a boolean", "conditional|\"yes\"", "conditional" },
    };

    [Theory]
    [MemberData(nameof(PledgeCases))]
    public async Task JoinPool(string what, string change, string? field)
    {
        var member = await service.RegisterMemberAsync(10_000);
        var pool = await service.CreatePoolAsync();
        var body = new { amount = 100, currency = "GBP", fundingStream = FundingStreams.SocialCare, budgetYear = 2026, conditional = false };
        var (path, value) = (change.Split('|')[0], change.Split('|')[1]);

        var response = await service.Member(member).PostAsync($"/api/pools/{pool}/pledges", Json(With(body, path, value == "remove" ? null : JsonNode.Parse(value), value == "remove")));
        await ExpectFieldAsync(response, 400, field, what);

        Assert.Empty((await service.PoolAsync(pool)).Pledges);
        Assert.Equal(10_000, (await service.MemberViewAsync(member))!.Budget(2026, FundingStreams.SocialCare).Headroom);
    }

    [Fact]
    public async Task JoinPoolWithMalformedOrOversizedBodies()
    {
        var member = await service.RegisterMemberAsync(10_000);
        var pool = await service.CreatePoolAsync();
        await ExpectFieldAsync(await service.Member(member).PostAsync($"/api/pools/{pool}/pledges", Json("pledge 100 please")), 400, "body", "malformed JSON");
        await ExpectFieldAsync(await service.Member(member).PostAsync($"/api/pools/{pool}/pledges", Json(Oversized())), 413, null, "oversized body");
        await ExpectFieldAsync(await service.Member(member).PostAsync($"/api/pools/{pool}/pledges", new StringContent("amount=1", Encoding.UTF8, "text/plain")), 415, null, "not JSON");
        Assert.Empty((await service.PoolAsync(pool)).Pledges);
    }

    [Fact]
    public async Task ChangePledge()
    {
        var member = await service.RegisterMemberAsync(10_000);
        var pool = await service.CreatePoolAsync();
        await (await service.PledgeAsync(pool, member, 1_000)).EnsureStatus(HttpStatusCode.Created);
        var client = service.Member(member);
        var url = $"/api/pools/{pool}/pledges/{member}";

        (string What, string Json, int Status, string? Field)[] cases =
        [
            ("missing amount", "{\"currency\":\"GBP\"}", 400, "amount"),
            ("zero amount", "{\"amount\":0,\"currency\":\"GBP\"}", 400, "amount"),
            ("negative amount", "{\"amount\":-1,\"currency\":\"GBP\"}", 400, "amount"),
            ("overflowing amount", "{\"amount\":99999999999999999999,\"currency\":\"GBP\"}", 400, "amount"),
            ("wrong currency", "{\"amount\":500,\"currency\":\"EUR\"}", 400, "currency"),
            ("missing currency", "{\"amount\":500}", 400, "currency"),
            ("malformed JSON", "{\"amount\":", 400, "amount"), // the reader names where it broke
            ("not JSON at all", "lower it please", 400, "body"),
            ("oversized body", Oversized(), 413, null),
        ];
        foreach (var (what, json, status, field) in cases)
        {
            await ExpectFieldAsync(await client.PutAsync(url, Json(json)), status, field, what);
        }

        var badIfMatch = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json("{\"amount\":500,\"currency\":\"GBP\"}") };
        badIfMatch.Headers.TryAddWithoutValidation("If-Match", "not-a-version");
        await ExpectFieldAsync(await client.SendAsync(badIfMatch), 400, "If-Match", "malformed If-Match");

        Assert.Equal(1_000, (await service.PoolAsync(pool)).Pledges.Single().Amount);
        Assert.Equal(9_000, (await service.MemberViewAsync(member))!.Budget(2026, FundingStreams.SocialCare).Headroom);
    }

    [Fact]
    public async Task WithdrawPledgeAndLifecycleCommands()
    {
        var member = await service.RegisterMemberAsync(10_000);
        var pool = await service.CreatePoolAsync();
        await (await service.PledgeAsync(pool, member, 1_000)).EnsureStatus(HttpStatusCode.Created);

        var withdraw = new HttpRequestMessage(HttpMethod.Delete, $"/api/pools/{pool}/pledges/{member}");
        withdraw.Headers.TryAddWithoutValidation("If-Match", "\"-3\"");
        await ExpectFieldAsync(await service.Member(member).SendAsync(withdraw), 400, "If-Match", "malformed If-Match on withdraw");
        await ExpectFieldAsync(await service.Member(member).DeleteAsync($"/api/pools/{pool}/pledges/not-a-guid"), 404, null, "malformed member id");

        foreach (var action in new[] { "activate", "wind-down", "close", "open" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/pools/{pool}/{action}");
            request.Headers.TryAddWithoutValidation("If-Match", "W/\"abc\"");
            await ExpectFieldAsync(await service.Broker().SendAsync(request), 400, "If-Match", $"malformed If-Match on {action}");
            await ExpectFieldAsync(await service.Broker().PostAsync($"/api/pools/{Guid.NewGuid()}/{action}", null), 404, null, $"unknown pool on {action}");
        }

        var pledged = await service.PoolAsync(pool);
        Assert.Equal("open", pledged.Status);
        Assert.Equal(("live", 1_000L), (pledged.Pledges.Single().Status, pledged.Pledges.Single().Amount));
    }

    [Fact]
    public async Task ReadPoolHistoryWithBadPaging()
    {
        var pool = await service.CreatePoolAsync();
        (string Query, string Field)[] cases =
        [
            ("?after=-1", "after"), ("?after=three", "after"), ("?after=99999999999999999999", "after"),
            ("?limit=0", "limit"), ("?limit=501", "limit"), ("?limit=ten", "limit"), ("?limit=2.5", "limit"),
        ];
        foreach (var (query, field) in cases)
        {
            var problem = await (await service.Broker().GetAsync($"/api/pools/{pool}/history{query}")).AssertProblem(400);
            Assert.Equal([field], problem.ErrorFields());
        }

        await ExpectFieldAsync(await service.Broker().GetAsync($"/api/pools/not-a-guid/history"), 404, null, "malformed pool id");
    }
}
