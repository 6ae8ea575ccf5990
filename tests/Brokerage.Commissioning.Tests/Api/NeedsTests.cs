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
