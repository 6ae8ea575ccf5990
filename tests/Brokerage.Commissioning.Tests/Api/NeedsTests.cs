using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.ServiceDefaults;

namespace Brokerage.Commissioning.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class NeedsTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    [Fact]
    public async Task GivenNeedsWithSupport_WhenBrokerAndMembersRead_ThenRankedBySupportAndMembersStayPseudonymous()
    {
        Guid m1 = Guid.NewGuid(), m2 = Guid.NewGuid(), m3 = Guid.NewGuid();
        var poolId = await S.PoolAsync([m1, m2, m3]);
        var lessSupported = await S.NeedAsync(poolId, m1);

        // A representative raises a need for m2; m1 and m3 support it.
        var representative = Guid.NewGuid();
        var rep = S.As(await S.AppointedRepresentativeAsync(representative, m2));
        var raised = await rep.PostAsJsonAsync($"/api/pools/{poolId}/needs", new { title = "Swimming", description = "Accessible swimming sessions" });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var mostSupported = (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(m1)).PostAsync($"/api/needs/{mostSupported}/support", JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(m3)).PostAsync($"/api/needs/{mostSupported}/support", JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await S.As(Tokens.Member(m3)).PostAsync($"/api/needs/{mostSupported}/support", JsonContent.Create(new { }))).StatusCode);

        var raisedEvent = (await S.Service.ReadAsync(q => q.Events.FetchStreamAsync(mostSupported))).First();
        Assert.Equal(representative.ToString(), EventMetadata.Of(raisedEvent).UserId);
        Assert.Equal(m2.ToString(), EventMetadata.Of(raisedEvent).OnBehalfOf);

        var asBroker = await S.Broker.GetFromJsonAsync<JsonElement>($"/api/pools/{poolId}/needs");
        Assert.Equal(mostSupported, asBroker[0].GetProperty("id").GetGuid());
        Assert.Equal(3, asBroker[0].GetProperty("support").GetInt32());
        Assert.Equal(m2, asBroker[0].GetProperty("raisedBy").GetGuid());
        Assert.Equal(lessSupported, asBroker[1].GetProperty("id").GetGuid());

        var asMember = await S.As(Tokens.Member(m3)).GetFromJsonAsync<JsonElement>($"/api/pools/{poolId}/needs");
        Assert.True(asMember[0].GetProperty("supportedByYou").GetBoolean());
        Assert.False(asMember[1].GetProperty("supportedByYou").GetBoolean());
        Assert.Equal(JsonValueKind.Null, asMember[0].GetProperty("raisedBy").ValueKind);
        Assert.Equal(JsonValueKind.Null, asMember[0].GetProperty("supporters").ValueKind);
    }

    [Fact]
    public async Task GivenANeedTurnedIntoACall_WhenItsReadersReadIt_ThenItSaysWhichCallAnswersIt()
    {
        Guid m1 = Guid.NewGuid(), m2 = Guid.NewGuid();
        var poolId = await S.PoolAsync([m1, m2]);
        var needId = await S.NeedAsync(poolId, m1);
        var member = S.As(Tokens.Member(m1));
        var representative = S.As(await S.RepresentativeAsync(m2));
        Assert.Equal(Open, Answer(await member.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")));

        // A draft answers the need for council staff; members hear of the call once it is published.
        var callId = await S.DraftAsync(needId);
        Assert.Equal(AnsweredBy(callId, "draft"), Answer(await S.Broker.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")));
        Assert.Equal(Open, Answer(await member.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")));
        await S.PublishAsync(callId);
        Assert.Equal(AnsweredBy(callId, "published"), Answer(await member.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")));
        Assert.Equal(AnsweredBy(callId, "published"), Answer(await representative.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")));
        Assert.Equal(AnsweredBy(callId, "published"), Answer((await member.GetFromJsonAsync<JsonElement>($"/api/pools/{poolId}/needs"))[0]));
        Assert.Equal(AnsweredBy(callId, "published"), Answer((await S.Broker.GetFromJsonAsync<JsonElement>($"/api/pools/{poolId}/needs"))[0]));
        var supported = await S.As(Tokens.Member(m2)).PostAsync($"/api/needs/{needId}/support", null);
        Assert.Equal(AnsweredBy(callId, "published"), Answer(await supported.Content.ReadFromJsonAsync<JsonElement>()));

        // A cancelled call answers nothing: the need is open again, for a new call.
        Assert.Equal(HttpStatusCode.OK, (await S.Broker.PostAsJsonAsync($"/api/calls/{callId}/cancel", new { reason = "Wrong category" })).StatusCode);
        Assert.Equal(Open, Answer(await member.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")));
        Assert.Equal(Open, Answer(await S.Broker.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")));
        var again = await S.DraftAsync(needId);
        Assert.Equal(AnsweredBy(again, "draft"), Answer(await S.Broker.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")));
    }

    [Fact]
    public async Task GivenNeedsInTwoPools_WhenCouncilStaffListTheCouncilsNeeds_ThenMostSupportedFirstPagedAndFiltered()
    {
        Guid m1 = Guid.NewGuid(), m2 = Guid.NewGuid(), m3 = Guid.NewGuid();
        var poolA = await S.PoolAsync([m1, m2, m3]);
        var poolB = await S.PoolAsync([m1]);
        var lessSupported = await S.NeedAsync(poolA, m1);
        S.Service.Clock.Advance(TimeSpan.FromMinutes(1));
        var mostSupported = await S.NeedAsync(poolA, m2);
        foreach (var supporter in new[] { m1, m3 })
        {
            Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(supporter)).PostAsync($"/api/needs/{mostSupported}/support", null)).StatusCode);
        }

        S.Service.Clock.Advance(TimeSpan.FromMinutes(1));
        var inPoolB = await S.NeedAsync(poolB, m1);
        var callId = await S.DraftAsync(mostSupported);

        // The whole council's, ranked as a pool's are: by support, then the oldest first.
        var all = Ids(await S.Broker.GetFromJsonAsync<JsonElement>("/api/needs"));
        Assert.Equal([mostSupported, lessSupported, inPoolB], all.Where(new[] { mostSupported, lessSupported, inPoolB }.Contains));
        Assert.Equal([mostSupported, lessSupported], Ids(await S.Broker.GetFromJsonAsync<JsonElement>($"/api/needs?poolId={poolA}")));
        Assert.Equal([inPoolB], Ids(await S.As(Tokens.CouncilAdmin()).GetFromJsonAsync<JsonElement>($"/api/needs?poolId={poolB}")));
        Assert.Equal([mostSupported], Ids(await S.Broker.GetFromJsonAsync<JsonElement>($"/api/needs?poolId={poolA}&status=answered")));
        Assert.Equal([lessSupported], Ids(await S.Broker.GetFromJsonAsync<JsonElement>($"/api/needs?poolId={poolA}&status=open")));

        var second = await S.Broker.GetAsync($"/api/needs?poolId={poolA}&page=2&pageSize=1");
        Assert.Equal("2", second.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("rel=\"prev\"", second.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal([lessSupported], Ids(await second.Content.ReadFromJsonAsync<JsonElement>()));

        // Staff see who raised and supports each need, and the call that answers it (a draft too).
        var top = (await S.Broker.GetFromJsonAsync<JsonElement>($"/api/needs?poolId={poolA}"))[0];
        Assert.Equal(m2, top.GetProperty("raisedBy").GetGuid());
        Assert.Equal(3, top.GetProperty("supporters").GetArrayLength());
        Assert.Equal(AnsweredBy(callId, "draft"), Answer(top));

        // Another council's staff see none of them; members and providers are refused.
        Assert.DoesNotContain(Ids(await S.As(Tokens.Broker(Tokens.OtherCouncil)).GetFromJsonAsync<JsonElement>("/api/needs")), all.Contains);
        Assert.Empty(Ids(await S.As(Tokens.Broker(Tokens.OtherCouncil)).GetFromJsonAsync<JsonElement>($"/api/needs?poolId={poolA}")));
        Assert.Equal(HttpStatusCode.Forbidden, (await S.As(Tokens.Member(m1)).GetAsync("/api/needs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await S.As(await S.RepresentativeAsync(m1)).GetAsync("/api/needs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await S.As(Tokens.Provider(Guid.NewGuid())).GetAsync("/api/needs")).StatusCode);
    }

    private static readonly (string Status, Guid? CallId, string? CallStatus) Open = ("open", null, null);

    private static (string Status, Guid? CallId, string? CallStatus) AnsweredBy(Guid callId, string callStatus) => ("answered", callId, callStatus);

    /// <summary>The need's status and the call that answers it, as the reader was shown them.</summary>
    private static (string Status, Guid? CallId, string? CallStatus) Answer(JsonElement need) =>
        need.GetProperty("call") is { ValueKind: JsonValueKind.Object } call
            ? (need.GetProperty("status").GetString()!, call.GetProperty("id").GetGuid(), call.GetProperty("status").GetString())
            : (need.GetProperty("status").GetString()!, null, null);

    private static List<Guid> Ids(JsonElement needs) => needs.EnumerateArray().Select(n => n.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task GivenNoBody_WhenSupportingOrAwarding_ThenTheBodyIsOptional()
    {
        Guid m1 = Guid.NewGuid(), m2 = Guid.NewGuid();
        var bid = Scenario.Bid("Brixton Bikes", 100_000);
        var (_, callId) = await S.EvaluatingCallAsync([m1, m2], [bid]);
        var needId = (await S.CallAsync(callId))!.NeedId;
        Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(m2)).PostAsync($"/api/needs/{needId}/support", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await S.Broker.PostAsync($"/api/calls/{callId}/award", null)).StatusCode); // voting still open
    }

    [Fact]
    public async Task GivenTheService_WhenTheOpenApiDocumentIsRead_ThenItDescribesTheEndpoints()
    {
        var json = await S.As(null).GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/calls/{callId}/award", json);
        Assert.Contains("/ocds/releases", json);
        Assert.Contains("/ocds/councils/{council}/releases", json);
    }
}
