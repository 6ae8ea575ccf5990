using System.Net;
using System.Net.Http.Json;
using Brokerage.ServiceDefaults;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

[Collection(MembersApiCollection.Name)]
public sealed class SupportPlanTests(MembersFixture api)
{
    [Fact]
    public async Task GivenMember_WhenAddingEditingAchievingAndRemovingOutcomes_ThenTheSupportPlanFollows()
    {
        var id = await api.RegisterAsync();
        var member = api.As(MemberToken(id));

        var walking = await api.AddOutcomeAsync(id, "Walk to the shops on my own");
        var cooking = await api.AddOutcomeAsync(id, "Cook a meal for friends");
        var edited = await (await member.PutAsJsonAsync($"/api/members/{id}/outcomes/{walking}", new { description = "Walk to the market on my own" }))
            .ExpectAsync(HttpStatusCode.OK);
        var achieved = await (await member.PostAsync($"/api/members/{id}/outcomes/{walking}/achieved", null)).ExpectAsync(HttpStatusCode.OK);
        await (await member.PostAsync($"/api/members/{id}/outcomes/{walking}/achieved", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await member.DeleteAsync($"/api/members/{id}/outcomes/{cooking}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await member.DeleteAsync($"/api/members/{id}/outcomes/{cooking}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Walk to the market on my own", edited.Text("description"));
        Assert.True(achieved.GetProperty("achieved").GetBoolean());
        var plan = await (await api.As(AdminToken()).GetAsync($"/api/members/{id}/outcomes")).ExpectAsync(HttpStatusCode.OK);
        var only = Assert.Single(plan.EnumerateArray());
        Assert.Equal((walking, "Walk to the market on my own", true), (Guid.Parse(only.Text("outcomeId")), only.Text("description"), only.GetProperty("achieved").GetBoolean()));
    }

    [Fact]
    public async Task GivenRepresentative_WhenAddingAnOutcome_ThenItIsRecordedAsActingForTheMember()
    {
        var id = await api.RegisterAsync();
        var representativeId = await api.AppointAsync(id);

        await (await api.As(RepresentativeToken(representativeId, id)).PostAsJsonAsync($"/api/members/{id}/outcomes", new { description = "Sleep through the night" }))
            .ExpectAsync(HttpStatusCode.Created);

        var last = EventMetadata.Of((await api.FetchStreamAsync(id))[^1]);
        Assert.Equal((representativeId.ToString(), id.ToString()), (last.UserId, last.OnBehalfOf));
    }

    [Fact]
    public async Task GivenBroker_WhenTryingToWriteTheSupportPlan_ThenForbiddenButTheyCanReadIt()
    {
        var id = await api.RegisterAsync();
        var outcome = await api.AddOutcomeAsync(id);

        await (await api.Broker.PostAsJsonAsync($"/api/members/{id}/outcomes", new { description = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Broker.PutAsJsonAsync($"/api/members/{id}/outcomes/{outcome}", new { description = "x" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var read = await (await api.Broker.GetAsync($"/api/members/{id}/outcomes/{outcome}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Walk to the shops on my own", read.Text("description"));
    }

    [Fact]
    public async Task GivenUnknownOutcome_WhenEditingOrAchieving_ThenNotFoundWithoutAnyOutcomeTextInTheAnswer()
    {
        var id = await api.RegisterAsync();
        var member = api.As(MemberToken(id));

        var edit = await member.PutAsJsonAsync($"/api/members/{id}/outcomes/{Guid.NewGuid()}", new { description = "Secret wish about my health" });
        var achieve = await member.PostAsync($"/api/members/{id}/outcomes/{Guid.NewGuid()}/achieved", null);

        await edit.ExpectProblemAsync(HttpStatusCode.NotFound);
        await achieve.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain("Secret wish", await edit.Content.ReadAsStringAsync());
    }
}
