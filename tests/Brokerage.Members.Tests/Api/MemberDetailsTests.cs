using System.Net;
using System.Net.Http.Json;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

[Collection(MembersApiCollection.Name)]
public sealed class MemberDetailsTests(MembersFixture api)
{
    [Fact]
    public async Task GivenBroker_WhenRegisteringAMember_ThenCreatedWithANewIdAndTheDetailsReadBack()
    {
        var response = await api.Broker.PostAsJsonAsync("/api/members", new
        {
            name = "Mary Seacole",
            contact = new { email = "mary@example.org", address = new { line1 = "1 Brixton Hill", town = "London", postcode = "SW2 1RW" } },
            communicationNeeds = new[] { "easy-read", "interpreter" },
            interpreterLanguage = "Jamaican Patois",
            pseudonym = "Kingfisher",
        });

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = Guid.Parse(created.Text("id"));
        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal($"/api/members/{id}", response.Headers.Location!.ToString());
        var read = await api.Broker.GetAsync($"/api/members/{id}");
        var member = await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Mary Seacole", "Kingfisher", Council, "active"), (member.Text("name"), member.Text("pseudonym"), member.Text("council"), member.Text("status")));
        Assert.Equal("SW2 1RW", member.GetProperty("contact").GetProperty("address").Text("postcode"));
        Assert.Equal(["easy-read", "interpreter"], member.GetProperty("communicationNeeds").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("Jamaican Patois", member.Text("interpreterLanguage"));
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal(read.Headers.ETag, response.Headers.ETag); // registration answers with the version too, like every write
    }

    [Fact]
    public async Task GivenAnIdempotencyKey_WhenTheSameRegistrationRacesAndIsRetried_ThenOneMemberIsRegisteredAndEveryAnswerMatches()
    {
        var key = $"intake-form-{Guid.NewGuid():N}";
        var before = (await (await api.Broker.GetAsync("/api/members")).ExpectAsync(HttpStatusCode.OK)).GetArrayLength();

        async Task<(string Location, string Id)> RegisterAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/members")
            {
                Content = JsonContent.Create(new { name = "Noor Inayat Khan", contact = new { email = "noor@example.org" }, pseudonym = "Dove" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            var response = await api.As(BrokerToken()).SendAsync(request);
            return (response.Headers.Location!.ToString(), (await response.ExpectAsync(HttpStatusCode.Created)).Text("id"));
        }

        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RegisterAsync()));
        var retried = await RegisterAsync();

        var answers = racing.Append(retried).ToArray();
        Assert.Single(answers.Distinct());
        var after = (await (await api.Broker.GetAsync("/api/members")).ExpectAsync(HttpStatusCode.OK)).GetArrayLength();
        Assert.Equal(before + 1, after);
        Assert.Equal(1, await api.VersionAsync(Guid.Parse(answers[0].Id)));
    }

    [Fact]
    public async Task GivenAnIdempotencyKeyAlreadyUsed_WhenDifferentDetailsAreSentWithIt_ThenRefusedNamingTheKeyAndNothingIsRegistered()
    {
        var key = $"intake-form-{Guid.NewGuid():N}";

        async Task<HttpResponseMessage> RegisterAsync(string name)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/members")
            {
                Content = JsonContent.Create(new { name, contact = new { email = "intake@example.org" }, pseudonym = "Wren" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await api.Broker.SendAsync(request);
        }

        var first = Guid.Parse((await (await RegisterAsync("Ada Nield Chew")).ExpectAsync(HttpStatusCode.Created)).Text("id"));
        var before = (await (await api.Broker.GetAsync("/api/members")).ExpectAsync(HttpStatusCode.OK)).GetArrayLength();

        var reused = await (await RegisterAsync("Selina Cooper")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["Idempotency-Key"], reused.ErrorFields());
        var after = (await (await api.Broker.GetAsync("/api/members")).ExpectAsync(HttpStatusCode.OK)).GetArrayLength();
        Assert.Equal(before, after);
        var original = await (await api.Broker.GetAsync($"/api/members/{first}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Ada Nield Chew", original.Text("name"));
        Assert.Equal(first, Guid.Parse((await (await RegisterAsync("Ada Nield Chew")).ExpectAsync(HttpStatusCode.Created)).Text("id")));
    }

    [Fact]
    public async Task GivenRegisteredMember_WhenTheyReadTheirOwnDetailsWithTheirToken_ThenTheySeeThem()
    {
        var id = await api.RegisterAsync(name: "Olaudah Equiano");

        var member = await (await api.As(MemberToken(id)).GetAsync($"/api/members/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Olaudah Equiano", member.Text("name"));
    }

    [Fact]
    public async Task GivenMembersInTwoCouncils_WhenStaffListMembers_ThenOnlyTheirCouncilsAreListed()
    {
        var ours = await api.RegisterAsync("Heron");
        var theirs = await api.RegisterAsync("Swan", OtherCouncil);

        var asBroker = await (await api.Broker.GetAsync("/api/members")).ExpectAsync(HttpStatusCode.OK);
        var asAdmin = await (await api.As(AdminToken()).GetAsync("/api/members")).ExpectAsync(HttpStatusCode.OK);

        foreach (var list in new[] { asBroker, asAdmin })
        {
            var ids = list.EnumerateArray().Select(m => Guid.Parse(m.Text("id"))).ToArray();
            Assert.Contains(ours, ids);
            Assert.DoesNotContain(theirs, ids);
        }
    }

    [Fact]
    public async Task GivenMember_WhenAnotherMemberReadsTheCard_ThenOnlyThePseudonymShows()
    {
        var id = await api.RegisterAsync("Night Owl", name: "Florence Nightingale");
        var other = await api.RegisterAsync();

        var response = await api.As(MemberToken(other)).GetAsync($"/api/members/{id}/card");

        var card = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Night Owl", card.Text("pseudonym"));
        Assert.Equal(id, Guid.Parse(card.Text("memberId")));
        Assert.DoesNotContain("Florence", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GivenMember_WhenTheyCorrectTheirPseudonymAndContact_ThenTheDetailsChangeAndTheRestStays()
    {
        var id = await api.RegisterAsync("Sparrow", name: "Walter Tull");

        var response = await api.As(MemberToken(id)).PatchAsJsonAsync($"/api/members/{id}", new
        {
            pseudonym = "Robin",
            contact = new { phone = "+44 20 7926 1000" },
        });

        var member = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Robin", "Walter Tull"), (member.Text("pseudonym"), member.Text("name")));
        Assert.Equal("+44 20 7926 1000", member.GetProperty("contact").Text("phone"));
        Assert.Equal(["large-print"], member.GetProperty("communicationNeeds").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task GivenBroker_WhenCorrectingCommunicationNeeds_ThenTheyAreReplaced()
    {
        var id = await api.RegisterAsync();

        var member = await (await api.Broker.PatchAsJsonAsync($"/api/members/{id}", new { communicationNeeds = new[] { "braille", "audio" } }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["braille", "audio"], member.GetProperty("communicationNeeds").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task GivenStaleIfMatch_WhenCorrecting_ThenPreconditionFailedAndNothingChanges()
    {
        var id = await api.RegisterAsync();
        await (await api.Broker.PatchAsJsonAsync($"/api/members/{id}", new { pseudonym = UniquePseudonym("Finch") })).ExpectAsync(HttpStatusCode.OK);

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/members/{id}") { Content = JsonContent.Create(new { pseudonym = UniquePseudonym("Lark") }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var thrush = UniquePseudonym("Thrush");
        using var current = new HttpRequestMessage(HttpMethod.Patch, $"/api/members/{id}") { Content = JsonContent.Create(new { pseudonym = thrush }) };
        current.Headers.TryAddWithoutValidation("If-Match", "\"2\"");

        await (await api.Broker.SendAsync(stale)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var member = await (await api.Broker.SendAsync(current)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(thrush, member.Text("pseudonym"));
    }

    [Fact]
    public async Task GivenMember_WhenGivingAndWithdrawingConsentToPool_ThenTheDetailsFollowAndRepeatsAreRefused()
    {
        var id = await api.RegisterAsync();
        var member = api.As(MemberToken(id));

        var given = await (await member.PutAsync($"/api/members/{id}/pooling-consent", null)).ExpectAsync(HttpStatusCode.OK);
        await (await member.PutAsync($"/api/members/{id}/pooling-consent", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.True(given.GetProperty("poolingConsent").GetBoolean());
        Assert.True((await (await member.GetAsync($"/api/members/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("poolingConsent").GetBoolean());

        var withdrawn = await (await member.DeleteAsync($"/api/members/{id}/pooling-consent")).ExpectAsync(HttpStatusCode.OK);
        await (await member.DeleteAsync($"/api/members/{id}/pooling-consent")).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.False(withdrawn.GetProperty("poolingConsent").GetBoolean());
    }

    [Fact]
    public async Task GivenClosedMembership_WhenReadingAndChangingAnything_ThenItStaysReadableAndEveryChangeIsRefused()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2026, "social-care", 1_000_000);
        var representative = await api.AppointAsync(id);
        var outcome = await api.AddOutcomeAsync(id);
        await (await api.As(MemberToken(id)).PutAsync($"/api/members/{id}/pooling-consent", null)).ExpectAsync(HttpStatusCode.OK);

        var closed = await (await api.Broker.PostAsync($"/api/members/{id}/close", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed.Text("status"));
        var version = await api.VersionAsync(id);

        var member = api.As(MemberToken(id));
        var changes = new (HttpClient Client, HttpMethod Method, string Path, object? Body)[]
        {
            (member, HttpMethod.Patch, "", new { pseudonym = "Gone" }),
            (api.Broker, HttpMethod.Post, "/allocations", new { budgetYear = 2027, fundingStream = "social-care", amount = 1, currency = "GBP" }),
            (api.Broker, HttpMethod.Post, "/reassessments", new { budgetYear = 2026, fundingStream = "social-care", amount = 1, currency = "GBP", reason = "r" }),
            (api.Broker, HttpMethod.Post, "/representatives", new { name = "Someone", basis = "care-act-s31-nominated" }),
            (api.Broker, HttpMethod.Post, $"/representatives/{representative}/end", null),
            (member, HttpMethod.Post, "/outcomes", new { description = "More" }),
            (member, HttpMethod.Put, $"/outcomes/{outcome}", new { description = "Changed" }),
            (member, HttpMethod.Post, $"/outcomes/{outcome}/achieved", null),
            (member, HttpMethod.Delete, $"/outcomes/{outcome}", null),
            (member, HttpMethod.Delete, "/pooling-consent", null),
            (member, HttpMethod.Put, "/pooling-consent", null),
            (api.Broker, HttpMethod.Post, "/close", null),
        };
        foreach (var (client, method, path, body) in changes)
        {
            using var request = new HttpRequestMessage(method, $"/api/members/{id}{path}") { Content = body is null ? null : JsonContent.Create(body) };
            var problem = await (await client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("The membership is closed and can no longer change", problem.Text("title"));
        }

        Assert.Equal(version, await api.VersionAsync(id));
        await (await member.GetAsync($"/api/members/{id}/allocations")).ExpectAsync(HttpStatusCode.OK);
        await (await member.GetAsync($"/api/members/{id}/outcomes")).ExpectAsync(HttpStatusCode.OK);
        await (await api.As(AdminToken()).GetAsync($"/api/members/{id}/representatives")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GivenCouncilPing_WhenABrokerPingsTheirCouncil_ThenItStillAnswers()
    {
        await (await api.Broker.GetAsync($"/api/councils/{Council}/ping")).ExpectAsync(HttpStatusCode.OK);
        await (await api.Broker.GetAsync($"/api/councils/{OtherCouncil}/ping")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}
