using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>
/// The council's calls come a page at a time, newest first, with the total and links to the other pages: every call to
/// council staff, the published calls of their pools to members and their representatives.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class CallListTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    [Fact]
    public async Task GivenTwoNewCalls_WhenTheBrokerReadsOneAtATime_ThenTheNewestComesFirstAndEveryPageMatchesTheWholeList()
    {
        var member = Guid.NewGuid();
        var need = await S.NeedAsync(await S.PoolAsync([member]), member);
        S.Service.Clock.Advance(TimeSpan.FromMinutes(1)); // after every call drafted before, which may share the clock's current time
        var older = await S.DraftAsync(need);
        S.Service.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await S.DraftAsync(need);

        var whole = await S.Broker.GetAsync("/api/calls");
        var all = Ids(await whole.Content.ReadAsStringAsync());
        var first = await S.Broker.GetAsync("/api/calls?page=1&pageSize=1");
        var second = await S.Broker.GetAsync("/api/calls?page=2&pageSize=1");

        Assert.Equal([newer, older], all.Take(2));
        Assert.Equal([newer], Ids(await first.Content.ReadAsStringAsync()));
        Assert.Equal([older], Ids(await second.Content.ReadAsStringAsync()));
        Assert.All(new[] { whole, first, second }, r => Assert.Equal(all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Headers.GetValues("X-Total-Count").Single()));
        Assert.Contains("</api/calls?page=2&pageSize=1>; rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenCallsInTwoPools_WhenMembersAndRepresentativesList_ThenEachSeesThePublishedCallsOfTheirPoolsWithTheVotingWindow()
    {
        Guid m1 = Guid.NewGuid(), m2 = Guid.NewGuid(), m3 = Guid.NewGuid(), outsider = Guid.NewGuid();
        var (poolA, voting) = await S.EvaluatingCallAsync([m1, m2], [Scenario.Bid("Kennington Clubs", 300_000)]);
        var needA = (await S.CallAsync(voting))!.NeedId;
        S.Service.Clock.Advance(TimeSpan.FromMinutes(1));
        var draft = await S.DraftAsync(needA);
        S.Service.Clock.Advance(TimeSpan.FromMinutes(1));
        var cancelledDraft = await S.DraftAsync(needA);
        Assert.Equal(HttpStatusCode.OK, (await S.Broker.PostAsJsonAsync($"/api/calls/{cancelledDraft}/cancel", new { reason = "Drafted twice" })).StatusCode);
        var poolB = await S.PoolAsync([m3]);
        S.Service.Clock.Advance(TimeSpan.FromMinutes(1));
        var published = await S.DraftAsync(await S.NeedAsync(poolB, m3));
        await S.PublishAsync(published);
        var representative = await S.RepresentativeAsync(m1, m3);

        Assert.Equal([voting], await ListedAsync(Tokens.Member(m1)));
        Assert.Equal([voting], await ListedAsync(Tokens.Member(m2)));
        Assert.Equal([published], await ListedAsync(Tokens.Member(m3)));
        Assert.Equal([published, voting], await ListedAsync(representative));
        Assert.Equal([voting], await ListedAsync(representative, $"?poolId={poolA}"));
        Assert.Empty(await ListedAsync(Tokens.Member(m3), $"?poolId={poolA}"));
        Assert.Empty(await ListedAsync(Tokens.Member(outsider)));
        Assert.Empty(await ListedAsync(await S.RepresentativeAsync(outsider)));
        Assert.Empty(await ListedAsync(Tokens.Member(m1, Tokens.OtherCouncil)));
        // Staff see every call of the pool, drafts (cancelled or not) too.
        Assert.Equal([cancelledDraft, draft, voting], await ListedAsync(Tokens.Broker(), $"?poolId={poolA}"));
        Assert.Equal([cancelledDraft, draft, voting], await ListedAsync(Tokens.CouncilAdmin(), $"?poolId={poolA}"));
        Assert.Empty(await ListedAsync(Tokens.Broker(Tokens.OtherCouncil), $"?poolId={poolA}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await S.As(Tokens.Provider(Guid.NewGuid())).GetAsync("/api/calls")).StatusCode);

        // The page and the total count only what the reader may read; the call carries its voting window.
        var page = await S.As(representative).GetAsync("/api/calls?pageSize=1");
        Assert.Equal("2", page.Headers.GetValues("X-Total-Count").Single());
        var first = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Single();
        Assert.Equal(published, first.GetProperty("id").GetGuid());
        var listed = (await S.As(Tokens.Member(m1)).GetFromJsonAsync<JsonElement>("/api/calls"))[0];
        var call = (await S.CallAsync(voting))!;
        Assert.Equal(call.VotingOpensAt, listed.GetProperty("votingOpensAt").GetDateTimeOffset());
        Assert.Equal(call.VotingClosesAt, listed.GetProperty("votingClosesAt").GetDateTimeOffset());
        Assert.Equal("evaluating", listed.GetProperty("status").GetString());

        // The list's rule is the single call's: a draft cancelled before it was published stays staff's alone.
        Assert.Equal(HttpStatusCode.NotFound, (await S.As(Tokens.Member(m1)).GetAsync($"/api/calls/{cancelledDraft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await S.As(Tokens.Member(m1)).GetAsync($"/api/calls/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await S.Broker.GetAsync($"/api/calls/{cancelledDraft}")).StatusCode);
    }

    [Theory]
    [InlineData("/api/calls?page=0", "page")]
    [InlineData("/api/calls?poolId=not-a-pool", "poolId")]
    [InlineData("/api/calls?poolId=00000000-0000-0000-0000-000000000000", "poolId")]
    [InlineData("/api/contracts?pageSize=1001", "pageSize")]
    [InlineData("/api/needs?page=0", "page")]
    [InlineData("/api/needs?poolId=not-a-pool", "poolId")]
    [InlineData("/api/needs?status=closed", "status")]
    [InlineData("/api/needs?status=Open", "status")]
    public async Task GivenAPageOutOfRange_WhenListing_ThenBadRequestNamingIt(string url, string field)
    {
        var response = await S.Broker.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<List<Guid>> ListedAsync(string token, string query = "")
    {
        var response = await S.As(token).GetAsync("/api/calls" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Ids(await response.Content.ReadAsStringAsync());
    }

    private static List<Guid> Ids(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
}
