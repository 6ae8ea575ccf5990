using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Contracts;
using Brokerage.ServiceDefaults;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>A broker rewrites a draft call before publishing it, with the drafting body; once published its terms are fixed.</summary>
[Collection(ServiceCollection.Name)]
public sealed class DraftEditingTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    private static HttpRequestMessage Put(Guid callId, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{callId}") { Content = JsonContent.Create(body, options: Scenario.Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    /// <summary>The drafting body for <paramref name="needId"/> with some fields changed.</summary>
    private JsonObject Rewritten(Guid needId, Action<JsonObject> change)
    {
        var body = JsonSerializer.SerializeToNode(S.CallRequest(needId), Scenario.Json)!.AsObject();
        change(body);
        return body;
    }

    [Fact]
    public async Task GivenADraft_WhenTheBrokerRewritesIt_ThenTheCallHasTheNewTermsAndIsPublishedOnThem()
    {
        var member = Guid.NewGuid();
        var needId = await S.NeedAsync(await S.PoolAsync([member]), member);
        var drafted = await S.Broker.PostAsJsonAsync("/api/calls", S.CallRequest(needId));
        var callId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var body = Rewritten(needId, b =>
        {
            b["title"] = "Evening and weekend support";
            b["outcomes"] = new JsonArray("People go out in the evenings", "People meet friends at weekends");
            b["maximumAnnualAmount"] = 900_000;
            b["weights"] = new JsonObject { ["price"] = 50, ["quality"] = 25, ["memberVote"] = 25 };
            b["votingWindowHours"] = 72;
        });

        var edited = await S.Broker.SendAsync(Put(callId, body, drafted.Headers.ETag!.Tag));

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("\"2\"", edited.Headers.ETag!.Tag);
        var view = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Evening and weekend support", view.GetProperty("title").GetString());
        Assert.Equal("draft", view.GetProperty("status").GetString());
        var call = (await S.CallAsync(callId))!;
        Assert.Equal(900_000, call.MaximumAnnualPrice);
        Assert.Equal(new EvaluationWeights(50, 25, 25), call.Weights);
        Assert.Equal(72, call.VotingWindowHours);
        Assert.Equal(2, call.Outcomes.Count);
        var stored = (await S.Service.ReadAsync(q => q.Events.FetchStreamAsync(callId))).Last();
        Assert.Equal("draft-call-edited", stored.EventTypeName); // the audit trail's name for it
        Assert.Equal("broker-1", EventMetadata.Of(stored).UserId);

        // The same body again records nothing; a stale If-Match is refused.
        var repeated = await S.Broker.SendAsync(Put(callId, body));
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal("\"2\"", repeated.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await S.Broker.SendAsync(Put(callId, body, "\"1\""))).StatusCode);
        Assert.Equal(2, (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(callId)))!.Version);

        // Providers hear of the call on its edited terms; from then on the terms are fixed.
        await S.PublishAsync(callId);
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<CallForOffersPublished>().Any(p => p.CallId == callId)), "CallForOffersPublished");
        var published = S.Partners.All<CallForOffersPublished>().Single(p => p.CallId == callId);
        Assert.Equal("Evening and weekend support", published.Title);
        Assert.Equal(900_000, published.MaximumAnnualPrice);
        var late = await S.Broker.SendAsync(Put(callId, Rewritten(needId, b => b["title"] = "Too late")));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("call-not-in-state", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("Evening and weekend support", (await S.CallAsync(callId))!.Title);
    }

    [Fact]
    public async Task GivenADraft_WhenRewrittenForAnotherNeedOrByAnotherCouncil_ThenRefusedAndUnchanged()
    {
        var member = Guid.NewGuid();
        var poolId = await S.PoolAsync([member]);
        var needId = await S.NeedAsync(poolId, member);
        var otherNeed = await S.NeedAsync(poolId, member);
        var callId = await S.DraftAsync(needId);

        var anotherNeed = await S.Broker.SendAsync(Put(callId, S.CallRequest(otherNeed)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, anotherNeed.StatusCode);
        Assert.Equal("need-cannot-change", (await anotherNeed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var otherCouncil = await S.As(Tokens.Broker(Tokens.OtherCouncil)).SendAsync(Put(callId, Rewritten(needId, b => b["title"] = "Ours now")));
        Assert.Equal(HttpStatusCode.NotFound, otherCouncil.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await S.Broker.SendAsync(Put(Guid.NewGuid(), S.CallRequest(needId)))).StatusCode);

        Assert.Equal(1, (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(callId)))!.Version);
        var call = (await S.CallAsync(callId))!;
        Assert.Equal(needId, call.NeedId);
        Assert.Equal("Evening support service", call.Title);
    }
}
