using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.ServiceContracts;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>
/// Open contracting as a reader of the data sees it: each council publishes its own releases, a page at a time, and
/// every package is valid OCDS 1.1. Councils made up per test keep other tests' calls out of the counts.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class OcdsTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    private HttpClient Anyone => S.As(null);

    private static string FreshCouncil() => $"ocds-{Guid.NewGuid():N}";

    private static string Ocid(Guid callId) => $"ocds-brokerage-{callId}";

    private static JsonElement[] Releases(string package) => JsonDocument.Parse(package).RootElement.GetProperty("releases").EnumerateArray().ToArray();

    private static string Text(JsonElement element, params string[] path) =>
        path.Aggregate(element, (e, name) => e.GetProperty(name)).GetString()!;

    private static string? Link(string package, string rel) =>
        JsonDocument.Parse(package).RootElement.TryGetProperty("links", out var links) && links.TryGetProperty(rel, out var link) ? link.GetString() : null;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task GivenCallsOfTwoCouncils_WhenAnyoneReadsOneCouncilsReleases_ThenOnlyThatCouncilsReleasesComeAndItIsThePublisher()
    {
        string mine = FreshCouncil(), theirs = FreshCouncil();
        var first = await S.PublishedCallAsync(mine);
        var second = await S.PublishedCallAsync(mine);
        var other = await S.PublishedCallAsync(theirs);

        var package = await Ocds.FetchValidAsync(Anyone, $"/ocds/councils/{mine}/releases");
        var root = JsonDocument.Parse(package).RootElement;
        Assert.Equal(mine, Text(root, "publisher", "name")); // no name configured: the id
        var releases = Releases(package);
        Assert.Equal(4, releases.Length); // planning and tender of each call
        Assert.Equal(new HashSet<string> { Ocid(first), Ocid(second) }, releases.Select(r => Text(r, "ocid")).ToHashSet());
        Assert.All(releases, r => Assert.Equal(mine, Text(r, "buyer", "id")));
        Assert.DoesNotContain(other.ToString(), package);
        Assert.DoesNotContain(first.ToString(), await Ocds.FetchValidAsync(Anyone, $"/ocds/councils/{theirs}/releases"));

        // The route's council id is normalised, and the package names it in its normal form.
        var shouted = await Ocds.FetchValidAsync(Anyone, $"/ocds/councils/{mine.ToUpperInvariant()}/releases");
        Assert.Equal(releases.Select(r => Text(r, "id")), Releases(shouted).Select(r => Text(r, "id")));
        Assert.Contains($"/ocds/councils/{mine}/releases?", Text(JsonDocument.Parse(shouted).RootElement, "uri"));

        // A configured council is published under its legal name; the index leads to every council's package.
        var lambeth = await S.PublishedCallAsync();
        var lambethPackage = await Ocds.FetchValidAsync(Anyone, $"/ocds/councils/{Tokens.Council}/releases");
        Assert.Equal("London Borough of Lambeth", Text(JsonDocument.Parse(lambethPackage).RootElement, "publisher", "name"));
        var lambethRelease = Releases(lambethPackage).First(r => Text(r, "ocid") == Ocid(lambeth));
        Assert.Equal((Tokens.Council, "London Borough of Lambeth"), (Text(lambethRelease, "buyer", "id"), Text(lambethRelease, "buyer", "name")));
        Assert.DoesNotContain("Support to go out in the evenings", lambethPackage); // a need's text never leaves the service
        var index = await Anyone.GetFromJsonAsync<JsonElement>("/ocds/releases");
        var entries = index.EnumerateArray().ToDictionary(e => Text(e, "council"));
        Assert.Equal(mine, Text(entries[mine], "name"));
        Assert.Equal("London Borough of Lambeth", Text(entries[Tokens.Council], "name"));
        Assert.Equal(JsonDocument.Parse(package).RootElement.GetProperty("releases").GetRawText(),
            JsonDocument.Parse(await Ocds.FetchValidAsync(Anyone, Text(entries[mine], "releasePackageUrl"))).RootElement.GetProperty("releases").GetRawText());
    }

    [Fact]
    public async Task GivenACouncilsReleases_WhenWalkedPageByPage_ThenEachReleaseComesExactlyOnceOldestFirst()
    {
        var council = FreshCouncil();
        for (var i = 0; i < 3; i++)
        {
            await S.PublishedCallAsync(council);
            S.Service.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        var all = Releases(await Ocds.FetchValidAsync(Anyone, $"/ocds/councils/{council}/releases")).Select(r => Text(r, "id")).ToArray();
        Assert.Equal(6, all.Length);

        // Pages of four: the first links only to the next, the second only back.
        var firstResponse = await Anyone.GetAsync($"/ocds/councils/{council}/releases?pageSize=4");
        Assert.Equal("6", firstResponse.Headers.GetValues("X-Total-Count").Single());
        var first = await Ocds.FetchValidAsync(Anyone, $"/ocds/councils/{council}/releases?pageSize=4");
        Assert.Equal(4, Releases(first).Length);
        Assert.Null(Link(first, "prev"));
        var next = Link(first, "next");
        Assert.Equal($"http://localhost/ocds/councils/{council}/releases?page=2&pageSize=4", next);
        var second = await Ocds.FetchValidAsync(Anyone, next!);
        Assert.Equal(2, Releases(second).Length);
        Assert.Null(Link(second, "next"));
        Assert.Equal($"http://localhost/ocds/councils/{council}/releases?page=1&pageSize=4", Link(second, "prev"));

        // One release a page, following links.next to the end: every release once, in date order.
        var walked = new List<JsonElement>();
        string? page = $"/ocds/councils/{council}/releases?pageSize=1";
        while (page is not null && walked.Count <= all.Length)
        {
            var package = await Ocds.FetchValidAsync(Anyone, page);
            walked.AddRange(Releases(package));
            page = Link(package, "next");
        }

        Assert.Equal(all, walked.Select(r => Text(r, "id")));
        var dates = walked.Select(r => DateTimeOffset.Parse(Text(r, "date"), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(dates.Order(), dates);
        Assert.True(dates[^1] > dates[0]);
    }

    [Fact]
    public async Task GivenReleasesOverTime_WhenReadSinceAnInstant_ThenOnlyThoseDatedAtOrAfterItCome()
    {
        var council = FreshCouncil();
        var earlier = await S.PublishedCallAsync(council);
        S.Service.Clock.Advance(TimeSpan.FromHours(1));
        var later = await S.PublishedCallAsync(council);
        var laterDate = Releases(await Ocds.FetchValidAsync(Anyone, $"/ocds/tenders/{later}/releases")).Select(r => Text(r, "date")).Min()!;
        string Since(string instant) => $"/ocds/councils/{council}/releases?since={Uri.EscapeDataString(instant)}";

        var since = await Ocds.FetchValidAsync(Anyone, Since(laterDate));
        Assert.Equal([Ocid(later), Ocid(later)], Releases(since).Select(r => Text(r, "ocid")));
        Assert.DoesNotContain(earlier.ToString(), since);
        Assert.Equal(4, Releases(await Ocds.FetchValidAsync(Anyone, Since(DateTimeOffset.Parse(laterDate, System.Globalization.CultureInfo.InvariantCulture).AddHours(-2).ToString("O")))).Length);

        // Paging keeps the filter in its links.
        var paged = await Ocds.FetchValidAsync(Anyone, Since(laterDate) + "&pageSize=1");
        Assert.Equal($"http://localhost/ocds/councils/{council}/releases?since={Uri.EscapeDataString(laterDate)}&page=2&pageSize=1", Link(paged, "next"));

        var none = await ProblemAsync(await Anyone.GetAsync(Since(S.Service.Now.AddSeconds(1).ToString("O"))), HttpStatusCode.NotFound);
        Assert.Equal("No releases at or after since", Text(none, "title"));
    }

    [Fact]
    public async Task GivenBadPagingOrSince_WhenReadingACouncilsReleases_ThenA400NamesTheField()
    {
        var council = FreshCouncil();
        await S.PublishedCallAsync(council);
        var failures = new List<string>();
        foreach (var (query, field) in new[]
        {
            ("page=0", "page"), ("page=abc", "page"), ("pageSize=0", "pageSize"), ("pageSize=1001", "pageSize"),
            ("since=yesterday", "since"), ("since=2027-13-45T00:00:00Z", "since"),
        })
        {
            var response = await Anyone.GetAsync($"/ocds/councils/{council}/releases?{query}");
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || !JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _))
            {
                failures.Add($"{query}: {(int)response.StatusCode} {text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Not a council id, a council with nothing published, and a page past the end: 404 (a package holds a release).
        await ProblemAsync(await Anyone.GetAsync("/ocds/councils/not_a_council!/releases"), HttpStatusCode.NotFound);
        Assert.Equal("No releases published yet", Text(await ProblemAsync(await Anyone.GetAsync($"/ocds/councils/{FreshCouncil()}/releases"), HttpStatusCode.NotFound), "title"));
        await ProblemAsync(await Anyone.GetAsync($"/ocds/councils/{council}/releases?page=2&pageSize=2"), HttpStatusCode.NotFound);
        await ProblemAsync(await Anyone.GetAsync("/ocds/releases?page=0"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GivenAContract_WhenPublished_ThenItsPeriodRunsFromTheStartOfItsFirstDayToTheEndOfItsLastDay()
    {
        var bid = Scenario.Bid("Stockwell Strollers", 300_000);
        var (_, callId) = await S.EvaluatingCallAsync([Guid.NewGuid()], [bid]);
        await S.ScoreAsync(callId, bid.BidId, 70);
        S.PassVotingWindow((await S.CallAsync(callId))!);
        Assert.Equal(HttpStatusCode.Accepted, (await S.AwardAsync(callId)).StatusCode);
        await S.WaitForStatusAsync(callId, CallStatus.Standstill);
        S.Service.Clock.Advance(TimeSpan.FromDays(11));
        await S.WaitForStatusAsync(callId, CallStatus.Contracted);
        var contractId = (await S.CallAsync(callId))!.CurrentContractId!.Value;
        var contract = (await S.Service.ReadAsync(q => q.LoadAsync<ServiceContract>(contractId)))!;
        var start = $"{contract.StartDate:yyyy-MM-dd}T00:00:00Z";
        var end = $"{contract.EndDate:yyyy-MM-dd}T23:59:59Z";

        var releases = Releases(await Ocds.FetchValidAsync(Anyone, $"/ocds/tenders/{callId}/releases"));
        var started = releases.Single(r => r.GetProperty("tag").EnumerateArray().Any(t => t.GetString() == "contract"));
        Assert.Equal((start, end), (Text(started.GetProperty("contracts")[0], "period", "startDate"), Text(started.GetProperty("contracts")[0], "period", "endDate")));
        Assert.Equal((start, end), (Text(started.GetProperty("awards")[0], "contractPeriod", "startDate"), Text(started.GetProperty("awards")[0], "contractPeriod", "endDate")));
        var tender = releases.First(r => r.GetProperty("tag").EnumerateArray().Any(t => t.GetString() == "tender"));
        Assert.Equal((start, end), (Text(tender, "tender", "contractPeriod", "startDate"), Text(tender, "tender", "contractPeriod", "endDate")));
    }

    [Fact]
    public async Task GivenInvalidRelease_WhenValidated_ThenTheSchemaCheckFails()
    {
        var invalid = """{"uri":"http://localhost/ocds/releases","version":"1.1","publishedDate":"2027-01-01T00:00:00Z","publisher":{"name":"x"},"releases":[{"ocid":"ocds-brokerage-1","id":"1","date":"2027-01-01T00:00:00Z","tag":["bidding"],"initiationType":"tender"}]}""";
        await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => Ocds.AssertValidAsync(invalid));
    }
}
