using System.Net;
using System.Net.Http.Json;
using Brokerage.ServiceDefaults;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

[Collection(MembersApiCollection.Name)]
public sealed class RepresentativeTests(MembersFixture api)
{
    [Fact]
    public async Task GivenMember_WhenTheyNominateARepresentative_ThenTheRepresentativeCanActForThemAndEveryActRecordsWhoActedForWhom()
    {
        var pseudonym = UniquePseudonym();
        var id = await api.RegisterAsync(pseudonym);
        var representativeId = Guid.NewGuid();

        var appointed = await (await api.As(MemberToken(id)).PostAsJsonAsync($"/api/members/{id}/representatives",
            new { representativeId, name = "Grace Hopper", relationship = "daughter", basis = "care-act-s31-nominated" })).ExpectAsync(HttpStatusCode.Created);
        var representative = api.As(RepresentativeToken(representativeId, id));
        var details = await (await representative.GetAsync($"/api/members/{id}")).ExpectAsync(HttpStatusCode.OK);
        await (await representative.PatchAsJsonAsync($"/api/members/{id}", new { pseudonym = UniquePseudonym("Puffin") })).ExpectAsync(HttpStatusCode.OK);
        await (await representative.PutAsync($"/api/members/{id}/pooling-consent", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("member", true), (appointed.Text("appointedBy"), appointed.GetProperty("active").GetBoolean()));
        Assert.Equal(pseudonym, details.Text("pseudonym"));
        var events = (await api.FetchStreamAsync(id)).Select(EventMetadata.Of).ToArray();
        var byRepresentative = events.Skip(2).ToArray();
        Assert.Equal(2, byRepresentative.Length);
        Assert.All(byRepresentative, e => Assert.Equal((representativeId.ToString(), id.ToString()), (e.UserId, e.OnBehalfOf)));
        Assert.Null(events[1].OnBehalfOf); // the member's own act
        Assert.Equal(id.ToString(), events[1].UserId);
    }

    [Fact]
    public async Task GivenActiveRepresentative_WhenTheAppointmentEnds_ThenTheirStillValidTokenIsRefusedOnEveryMemberEndpoint()
    {
        var id = await api.RegisterAsync();
        var representativeId = await api.AppointAsync(id);
        var outcome = await api.AddOutcomeAsync(id);
        var representative = api.As(RepresentativeToken(representativeId, id));
        await (await representative.GetAsync($"/api/members/{id}/budget")).ExpectAsync(HttpStatusCode.OK);

        var ended = await (await api.Broker.PostAsync($"/api/members/{id}/representatives/{representativeId}/end", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(ended.GetProperty("active").GetBoolean());

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, ""), (HttpMethod.Get, "/budget"), (HttpMethod.Get, "/allocations"), (HttpMethod.Get, "/representatives"),
            (HttpMethod.Get, "/outcomes"), (HttpMethod.Get, $"/outcomes/{outcome}"), (HttpMethod.Put, "/pooling-consent"),
            (HttpMethod.Post, $"/outcomes/{outcome}/achieved"), (HttpMethod.Delete, $"/outcomes/{outcome}"),
        })
        {
            using var request = new HttpRequestMessage(method, $"/api/members/{id}{path}");
            await (await representative.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task GivenATokenNamingAMemberForSomeoneNeverAppointedForThem_WhenCalling_ThenForbidden()
    {
        var id = await api.RegisterAsync();
        var other = await api.RegisterAsync();
        var appointedForOther = await api.AppointAsync(other);

        var strangers = new[]
        {
            RepresentativeToken(appointedForOther, id), // appointed, but for another member
            RepresentativeToken(Guid.NewGuid(), id),   // never appointed
            Brokerage.ServiceDefaults.DevelopmentTokens.Issue("representative", "grace-hopper", Council, [id.ToString()]), // not a representative id
        };

        foreach (var token in strangers)
        {
            await (await api.As(token).GetAsync($"/api/members/{id}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
            await (await api.As(token).PutAsync($"/api/members/{id}/pooling-consent", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.False((await (await api.Broker.GetAsync($"/api/members/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("poolingConsent").GetBoolean());
    }

    [Fact]
    public async Task GivenBroker_WhenAuthorisingUnderSection32_ThenTheCapacityAssessmentIsRecordedForStaffAndTheMember()
    {
        var id = await api.RegisterAsync();

        var response = await api.Broker.PostAsJsonAsync($"/api/members/{id}/representatives", new
        {
            name = "Sam Appointee",
            basis = "care-act-s32-authorised",
            capacityAssessment = new { assessedOn = "2026-05-02", reference = "MCA-2026-0042" },
        });

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var generatedId = Guid.Parse(created.Text("representativeId"));
        Assert.Equal($"/api/members/{id}/representatives/{generatedId}", response.Headers.Location!.ToString());
        var read = await (await api.As(MemberToken(id)).GetAsync($"/api/members/{id}/representatives/{generatedId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("council", "2026-05-02", "MCA-2026-0042"), (read.Text("appointedBy"), read.GetProperty("capacityAssessment").Text("assessedOn"), read.GetProperty("capacityAssessment").Text("reference")));
        await (await api.As(RepresentativeToken(generatedId, id)).GetAsync($"/api/members/{id}")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GivenMember_WhenTheyTryToAuthoriseUnderSection32OrEndAnAuthorisation_ThenForbidden()
    {
        var id = await api.RegisterAsync();
        var authorised = await api.AppointAsync(id, "care-act-s32-authorised");
        var member = api.As(MemberToken(id));

        await (await member.PostAsJsonAsync($"/api/members/{id}/representatives", new
        {
            name = "Someone",
            basis = "care-act-s32-authorised",
            capacityAssessment = new { assessedOn = "2026-05-02", reference = "MCA-1" },
        })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await member.PostAsync($"/api/members/{id}/representatives/{authorised}/end", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var list = await (await member.GetAsync($"/api/members/{id}/representatives")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(list.EnumerateArray().Single().GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task GivenTwoRepresentatives_WhenOneStepsDownAndTriesToEndTheOther_ThenOnlyTheirOwnEnds()
    {
        var id = await api.RegisterAsync();
        var first = await api.AppointAsync(id);
        var second = await api.AppointAsync(id);
        var representative = api.As(RepresentativeToken(first, id));

        await (await representative.PostAsync($"/api/members/{id}/representatives/{second}/end", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await representative.PostAsync($"/api/members/{id}/representatives/{first}/end", null)).ExpectAsync(HttpStatusCode.OK);
        await (await representative.PostAsync($"/api/members/{id}/representatives/{first}/end", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);

        var list = await (await api.Broker.GetAsync($"/api/members/{id}/representatives")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([false, true], list.EnumerateArray().Select(r => r.GetProperty("active").GetBoolean()));
    }

    [Fact]
    public async Task GivenRepresentative_WhenTheyTryToAppointAnother_ThenForbidden()
    {
        var id = await api.RegisterAsync();
        var representativeId = await api.AppointAsync(id);

        var response = await api.As(RepresentativeToken(representativeId, id)).PostAsJsonAsync($"/api/members/{id}/representatives",
            new { name = "Friend", basis = "care-act-s31-nominated" });

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GivenRepresentativeIdInUse_WhenAppointingItAgain_ThenConflict()
    {
        var id = await api.RegisterAsync();
        var representativeId = await api.AppointAsync(id);

        var response = await api.Broker.PostAsJsonAsync($"/api/members/{id}/representatives",
            new { representativeId, name = "Again", basis = "care-act-s31-nominated" });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task GivenUnknownRepresentative_WhenEndingOrReadingIt_ThenNotFound()
    {
        var id = await api.RegisterAsync();

        await (await api.Broker.PostAsync($"/api/members/{id}/representatives/{Guid.NewGuid()}/end", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await api.Broker.GetAsync($"/api/members/{id}/representatives/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
