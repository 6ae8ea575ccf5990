using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

/// <summary>
/// Bad input on every write endpoint gets a 4xx problem+json naming the field, never repeats the value sent, and changes
/// nothing: the member's version, allocations, representatives, outcomes and the council's member list stay as they were.
/// </summary>
[Collection(MembersApiCollection.Name)]
public sealed class BadInputTests(MembersFixture api)
{
    private const string Echo = "ECHO-7Q";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (Guid Member, Guid Outcome)? shared;

    private static readonly Dictionary<string, (HttpMethod Method, string Path)> Writes = new()
    {
        ["register"] = (HttpMethod.Post, ""),
        ["correct"] = (HttpMethod.Patch, "{member}"),
        ["allocate"] = (HttpMethod.Post, "{member}/allocations"),
        ["reassess"] = (HttpMethod.Post, "{member}/reassessments"),
        ["appoint"] = (HttpMethod.Post, "{member}/representatives"),
        ["add-outcome"] = (HttpMethod.Post, "{member}/outcomes"),
        ["edit-outcome"] = (HttpMethod.Put, "{member}/outcomes/{outcome}"),
    };

    public static TheoryData<string, string, string> Bodies() => new()
    {
        { "register", "{}", "name" },
        { "register", """{"contact":{"email":"a@example.org"},"pseudonym":"P"}""", "name" },
        { "register", """{"name":"N","pseudonym":"P"}""", "contact" },
        { "register", """{"name":"N","contact":{},"pseudonym":"P"}""", "contact" },
        { "register", $$"""{"name":"N","contact":{"email":"not-an-email-{{Echo}}"},"pseudonym":"P"}""", "contact.email" },
        { "register", $$"""{"name":"N","contact":{"phone":"call me {{Echo}}"},"pseudonym":"P"}""", "contact.phone" },
        { "register", """{"name":"N","contact":{"email":"a@example.org","address":{"line1":"1 High St","postcode":"SW2 1RW"}},"pseudonym":"P"}""", "contact.address.town" },
        { "register", $$"""{"name":"N","contact":{"email":"a@example.org"},"communicationNeeds":["easy-read","{{Echo}}"],"pseudonym":"P"}""", "communicationNeeds[1]" },
        { "register", """{"name":"N","contact":{"email":"a@example.org"},"communicationNeeds":["braille","braille"],"pseudonym":"P"}""", "communicationNeeds" },
        { "register", """{"name":"N","contact":{"email":"a@example.org"},"interpreterLanguage":"Polish","pseudonym":"P"}""", "interpreterLanguage" },
        { "register", $$"""{"name":"N","contact":{"email":"a@example.org"},"pseudonym":"{{new string('p', 61)}}"}""", "pseudonym" },
        { "register", """{"name":42,"contact":{"email":"a@example.org"},"pseudonym":"P"}""", "name" },
        { "register", """{"name":"N","contact":{"email":"a@example.org"},"communicationNeeds":"easy-read","pseudonym":"P"}""", "communicationNeeds" },
        { "correct", "{}", "body" },
        { "correct", """{"name":"  "}""", "name" },
        { "correct", """{"contact":{"email":null,"phone":null}}""", "contact" },
        { "correct", $$"""{"communicationNeeds":["{{Echo}}"]}""", "communicationNeeds[0]" },
        { "correct", """{"interpreterLanguage":"Polish"}""", "interpreterLanguage" },
        { "correct", """{"pseudonym":""}""", "pseudonym" },
        { "allocate", "{}", "budgetYear" },
        { "allocate", """{"budgetYear":2026,"fundingStream":"social-care","amount":-100,"currency":"GBP"}""", "amount" },
        { "allocate", """{"budgetYear":2026,"fundingStream":"social-care","amount":0,"currency":"GBP"}""", "amount" },
        { "allocate", """{"budgetYear":2026,"fundingStream":"social-care","amount":10000000001,"currency":"GBP"}""", "amount" },
        { "allocate", """{"budgetYear":2026,"fundingStream":"social-care","amount":99999999999999999999,"currency":"GBP"}""", "amount" },
        { "allocate", """{"budgetYear":2026,"fundingStream":"social-care","amount":12.5,"currency":"GBP"}""", "amount" },
        { "allocate", """{"budgetYear":2026,"fundingStream":"social-care","amount":"1200","currency":"GBP"}""", "amount" },
        { "allocate", """{"budgetYear":2026,"fundingStream":"respite","amount":1200,"currency":"GBP"}""", "fundingStream" },
        { "allocate", """{"budgetYear":2026,"fundingStream":"social-care","amount":1200,"currency":"EUR"}""", "currency" },
        { "allocate", """{"budgetYear":2026,"fundingStream":"social-care","amount":1200}""", "currency" },
        { "allocate", """{"budgetYear":1999,"fundingStream":"social-care","amount":1200,"currency":"GBP"}""", "budgetYear" },
        { "allocate", """{"budgetYear":"2026/27","fundingStream":"social-care","amount":1200,"currency":"GBP"}""", "budgetYear" },
        { "reassess", """{"budgetYear":2026,"fundingStream":"social-care","amount":1200,"currency":"GBP"}""", "reason" },
        { "reassess", """{"budgetYear":2026,"fundingStream":"social-care","amount":-1,"currency":"GBP","reason":"r"}""", "amount" },
        { "reassess", """{"budgetYear":2026,"fundingStream":"social-care","amount":9223372036854775808,"currency":"GBP","reason":"r"}""", "amount" },
        { "reassess", """{"budgetYear":2026,"fundingStream":"social-care","amount":1200,"currency":"USD","reason":"r"}""", "currency" },
        { "reassess", """{"budgetYear":2026,"fundingStream":"nhs","amount":1200,"currency":"GBP","reason":"r"}""", "fundingStream" },
        { "appoint", """{"name":"Grace","basis":"friend"}""", "basis" },
        { "appoint", """{"basis":"care-act-s31-nominated"}""", "name" },
        { "appoint", """{"name":"Grace","basis":"care-act-s32-authorised"}""", "capacityAssessment" },
        { "appoint", """{"name":"Grace","basis":"care-act-s32-authorised","capacityAssessment":{"assessedOn":"2100-01-01","reference":"R"}}""", "capacityAssessment.assessedOn" },
        { "appoint", """{"name":"Grace","basis":"care-act-s32-authorised","capacityAssessment":{"assessedOn":"2026-05-02"}}""", "capacityAssessment.reference" },
        { "appoint", """{"name":"Grace","basis":"care-act-s32-authorised","capacityAssessment":{"assessedOn":"last week","reference":"R"}}""", "capacityAssessment.assessedOn" },
        { "appoint", """{"name":"Grace","basis":"care-act-s31-nominated","capacityAssessment":{"assessedOn":"2026-05-02","reference":"R"}}""", "capacityAssessment" },
        { "appoint", """{"representativeId":"00000000-0000-0000-0000-000000000000","name":"Grace","basis":"care-act-s31-nominated"}""", "representativeId" },
        { "appoint", """{"representativeId":"rep-1","name":"Grace","basis":"care-act-s31-nominated"}""", "representativeId" },
        { "add-outcome", "{}", "description" },
        { "add-outcome", $$"""{"description":"{{new string('d', 1001)}}"}""", "description" },
        { "edit-outcome", """{"description":""}""", "description" },
    };

    public static TheoryData<string> WriteEndpoints() => new(Writes.Keys);

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task GivenInvalidBody_WhenWriting_ThenBadRequestNamingTheFieldAndNothingChanges(string endpoint, string json, string field)
    {
        var (member, outcome) = await SharedAsync();
        var before = await SnapshotAsync(member);

        var response = await SendAsync(endpoint, member, outcome, new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.ErrorFields());
        Assert.DoesNotContain(Echo, problem.GetRawText());
        Assert.Equal(before, await SnapshotAsync(member));
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task GivenMalformedJson_WhenWriting_ThenBadRequestNamingTheBodyAndNothingChanges(string endpoint)
    {
        var (member, outcome) = await SharedAsync();
        var before = await SnapshotAsync(member);

        var response = await SendAsync(endpoint, member, outcome, new StringContent("""{"name": "N", """, Encoding.UTF8, "application/json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorFields());
        Assert.Equal(before, await SnapshotAsync(member));
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task GivenBodyOverOneMegabyte_WhenWriting_ThenPayloadTooLargeAndNothingChanges(string endpoint)
    {
        var (member, outcome) = await SharedAsync();
        var before = await SnapshotAsync(member);
        var huge = JsonSerializer.Serialize(new { name = new string('x', 1024 * 1024), description = "d", pseudonym = "p" });

        var response = await SendAsync(endpoint, member, outcome, new StringContent(huge, Encoding.UTF8, "application/json"));

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await SnapshotAsync(member));
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task GivenNoBodyOrTheWrongContentType_WhenWriting_ThenAProblemAndNothingChanges(string endpoint)
    {
        var (member, outcome) = await SharedAsync();
        var before = await SnapshotAsync(member);

        var empty = await SendAsync(endpoint, member, outcome, null);
        var text = await SendAsync(endpoint, member, outcome, new StringContent("name=N", Encoding.UTF8, "text/plain"));

        Assert.Contains("body", (await empty.ExpectProblemAsync(HttpStatusCode.BadRequest)).ErrorFields());
        await text.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await SnapshotAsync(member));
    }

    [Theory]
    [InlineData("PUT", "pooling-consent")]
    [InlineData("DELETE", "pooling-consent")]
    [InlineData("POST", "close")]
    [InlineData("POST", "representatives/{representative}/end")]
    [InlineData("POST", "outcomes/{outcome}/achieved")]
    [InlineData("DELETE", "outcomes/{outcome}")]
    [InlineData("PATCH", "")]
    public async Task GivenMalformedIfMatch_WhenWriting_ThenBadRequestNamingIfMatchAndNothingChanges(string method, string path)
    {
        var (member, outcome) = await SharedAsync();
        var representative = (await (await api.Broker.GetAsync($"/api/members/{member}/representatives")).ExpectAsync(HttpStatusCode.OK))[0].Text("representativeId");
        var before = await SnapshotAsync(member);
        var caller = method == "POST" && path is "close" or "representatives/{representative}/end" ? api.Broker : api.As(MemberToken(member));
        using var request = new HttpRequestMessage(new HttpMethod(method),
            $"/api/members/{member}/{path.Replace("{outcome}", outcome.ToString()).Replace("{representative}", representative)}".TrimEnd('/'));
        request.Headers.TryAddWithoutValidation("If-Match", "version-three");
        if (method == "PATCH")
        {
            request.Content = JsonContent.Create(new { pseudonym = "Changed" });
        }

        var problem = await (await caller.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["If-Match"], problem.ErrorFields());
        Assert.Equal(before, await SnapshotAsync(member));
    }

    [Theory]
    [InlineData("PATCH", "/api/members/not-an-id")]
    [InlineData("POST", "/api/members/not-an-id/allocations")]
    [InlineData("POST", "/api/members/{member}/representatives/not-an-id/end")]
    [InlineData("PUT", "/api/members/{member}/outcomes/not-an-id")]
    [InlineData("DELETE", "/api/members/{member}/outcomes/not-an-id")]
    public async Task GivenAnIdThatIsNotAnId_WhenWriting_ThenNotFoundProblemAndNothingChanges(string method, string path)
    {
        var (member, _) = await SharedAsync();
        var before = await SnapshotAsync(member);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{member}", member.ToString()))
        {
            Content = JsonContent.Create(new { description = "d", pseudonym = "p" }),
        };

        await (await api.Broker.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await SnapshotAsync(member));
    }

    [Theory]
    [InlineData("/budget?year=twenty-six", "year")]
    [InlineData("/budget?year=1066", "year")]
    public async Task GivenInvalidBudgetYear_WhenReadingTheBudget_ThenBadRequestNamingTheYear(string path, string field)
    {
        var (member, _) = await SharedAsync();

        var problem = await (await api.Broker.GetAsync($"/api/members/{member}{path}")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.ErrorFields());
    }

    [Theory]
    [InlineData("?after=-1", "after")]
    [InlineData("?after=three", "after")]
    [InlineData("?after=99999999999999999999", "after")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?limit=2.5", "limit")]
    public async Task GivenABadPagingValue_WhenReadingTheHistory_ThenBadRequestNamingIt(string query, string field)
    {
        var (member, _) = await SharedAsync();

        var problem = await (await api.Broker.GetAsync($"/api/members/{member}/history{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.ErrorFields());
        Assert.DoesNotContain("three", problem.GetRawText(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(string endpoint, Guid member, Guid outcome, HttpContent? content)
    {
        var (method, path) = Writes[endpoint];
        var url = $"/api/members/{path.Replace("{member}", member.ToString()).Replace("{outcome}", outcome.ToString())}".TrimEnd('/');
        var caller = endpoint is "add-outcome" or "edit-outcome" ? api.As(MemberToken(member)) : api.Broker;
        using var request = new HttpRequestMessage(method, url) { Content = content };
        return await caller.SendAsync(request);
    }

    private async Task<(Guid, Guid)> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (shared is null)
            {
                var member = await api.RegisterAsync();
                await api.AllocateAsync(member, 2026, "social-care", 100_000);
                await api.AppointAsync(member);
                shared = (member, await api.AddOutcomeAsync(member));
            }

            return shared.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<string> SnapshotAsync(Guid member)
    {
        var parts = new List<string> { (await api.VersionAsync(member)).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var path in new[] { "", "/allocations", "/representatives", "/outcomes" })
        {
            parts.Add(await (await api.Broker.GetAsync($"/api/members/{member}{path}")).Content.ReadAsStringAsync());
        }

        parts.Add((await (await api.Broker.GetAsync("/api/members")).ExpectAsync(HttpStatusCode.OK)).GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join("\n", parts);
    }
}
