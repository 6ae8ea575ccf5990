using System.Globalization;
using System.Text.Json.Nodes;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Commissioning.Api.Ocds;

/// <summary>
/// Open contracting: OCDS 1.1 release packages, anonymous. Each council publishes its own releases (ADR 0020), so a
/// package holds one council's releases and names that council as its publisher.
/// </summary>
public static class OcdsApi
{
    /// <summary>The OCDS pagination extension, which defines the package's <c>links.next</c> and <c>links.prev</c>.</summary>
    public const string PaginationExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_pagination_extension/master/extension.json";

    public static IEndpointRouteBuilder MapOcdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/ocds").WithTags("Open contracting").AllowAnonymous();
        api.MapGet("/releases", Publishers).WithSummary("The councils that publish releases, each with the URL of its release package (paged)")
            .WithDescription("Roles: anyone (no token). 400 names page or pageSize.");
        api.MapGet("/councils/{council}/releases", ForCouncil)
            .WithSummary("OCDS 1.1 release package of one council's releases, oldest first, a page of releases at a time; ?since=<ISO instant> for those dated at or after it")
            .WithDescription("Roles: anyone (no token). The council is the package's publisher; links.next and links.prev lead to the neighbouring pages. " +
                "400 names page, pageSize or since; 404 when the route is not a council id, or no release matches (an OCDS package holds at least one).");
        api.MapGet("/tenders/{callId:guid}/releases", ForCall).WithSummary("OCDS 1.1 release package of one call for offers")
            .WithDescription("Roles: anyone (no token). The call's council is the publisher. 404 for an unknown or unpublished call.");
        return app;
    }

    /// <summary>One council that has published releases: who it is and where its release package is.</summary>
    public sealed record OcdsPublisher(string Council, string Name, string ReleasePackageUrl);

    public static async Task<Results<Ok<IReadOnlyList<OcdsPublisher>>, ValidationProblem>> Publishers(
        int? page, int? pageSize, IQuerySession query, OcdsOptions options, HttpContext http)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // A few hundred councils at most: distinct in SQL, paged here (a SQL count over DISTINCT would count the calls).
        var councils = (await query.Query<CallForOffers>().Where(c => c.PublishedAt != null).Select(c => c.CouncilId).Distinct()
            .ToListAsync(http.RequestAborted)).Order(StringComparer.Ordinal).ToArray();
        ListPaging.Describe(http, paging, councils.Length);
        return TypedResults.Ok<IReadOnlyList<OcdsPublisher>>(councils.Skip(paging.Offset).Take(paging.Size)
            .Select(c => new OcdsPublisher(c, options.CouncilName(c), Origin(http) + http.Request.PathBase + CouncilPath(c))).ToArray());
    }

    /// <summary>
    /// A page counts releases (not calls), in the order they were made (date, then ocid and id), so a reader who walks the
    /// pages or keeps up with <c>?since=</c> sees each release once, and new releases land on the last page.
    /// </summary>
    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ForCouncil(
        string council, int? page, int? pageSize, DateTimeOffset? since, IQuerySession query, OcdsOptions options, HttpContext http)
    {
        // A route that cannot be a council id names no publisher: 404, as for a council that has published nothing.
        var councilId = CouncilIds.Normalise(council);
        if (!CouncilIds.IsValid(councilId))
        {
            return Problems.NotFound("No such council");
        }

        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var calls = await query.Query<CallForOffers>().Where(c => c.CouncilId == councilId && c.PublishedAt != null).ToListAsync(http.RequestAborted);
        var releases = (await ReleasesOf(query, options, calls, http.RequestAborted))
            .Select(r => (Release: r, Date: DateOf(r)))
            .Where(r => since is null || r.Date >= since)
            .OrderBy(r => r.Date)
            .ThenBy(r => r.Release["ocid"]!.GetValue<string>(), StringComparer.Ordinal)
            .ThenBy(r => r.Release["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .Select(r => r.Release)
            .ToArray();
        var path = new PathString(CouncilPath(councilId));
        ListPaging.Describe(http, paging, releases.Length, path);
        if (releases.Length == 0)
        {
            return Problems.NotFound(since is null ? "No releases published yet" : "No releases at or after since");
        }

        var onPage = releases.Skip(paging.Offset).Take(paging.Size).ToArray();
        if (onPage.Length == 0)
        {
            return Problems.NotFound("No releases on this page");
        }

        var package = Package(Origin(http) + ListPaging.PageLink(http.Request, paging.Number, paging.Size, path), options.CouncilName(councilId), onPage);
        package["extensions"] = new JsonArray(PaginationExtension);
        var links = new JsonObject();
        foreach (var (rel, number) in ListPaging.Neighbours(paging, releases.Length).Where(n => n.Rel is "prev" or "next"))
        {
            links[rel] = Origin(http) + ListPaging.PageLink(http.Request, number, paging.Size, path);
        }

        if (links.Count > 0)
        {
            package["links"] = links;
        }

        return TypedResults.Content(package.ToJsonString(), "application/json");
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ForCall(Guid callId, IQuerySession query, OcdsOptions options, HttpContext http)
    {
        var call = await query.LoadAsync<CallForOffers>(callId, http.RequestAborted);
        if (call?.PublishedAt is null)
        {
            throw new UnknownCall();
        }

        var releases = await ReleasesOf(query, options, [call], http.RequestAborted);
        if (releases.Count == 0)
        {
            return Problems.NotFound("No releases published yet");
        }

        var package = Package($"{Origin(http)}{http.Request.PathBase}/ocds/tenders/{callId}/releases", options.CouncilName(call.CouncilId), releases);
        return TypedResults.Content(package.ToJsonString(), "application/json");
    }

    private static string CouncilPath(string councilId) => $"/ocds/councils/{councilId}/releases";

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static DateTimeOffset DateOf(JsonObject release) =>
        DateTimeOffset.Parse(release["date"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    /// <summary>The releases of <paramref name="calls"/>, from their events and their contracts' events, read in one query.</summary>
    private static async Task<IReadOnlyList<JsonObject>> ReleasesOf(IQuerySession query, OcdsOptions options, IReadOnlyList<CallForOffers> calls, CancellationToken ct)
    {
        var contractIds = calls.SelectMany(c => c.Awards.Where(a => a.Status == "contracted").Select(a => a.ContractId)).ToArray();
        var streamIds = calls.Select(c => c.Id).Concat(contractIds).ToArray();
        IReadOnlyList<IEvent> events = streamIds.Length == 0 ? [] : await query.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(streamIds)).ToListAsync(ct);
        var streams = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => (IReadOnlyList<IEvent>)g.OrderBy(e => e.Version).ToArray());
        var contracts = contractIds.ToDictionary(id => id, id => streams.GetValueOrDefault(id) ?? []);
        return calls.SelectMany(c => OcdsReleases.For(options, streams.GetValueOrDefault(c.Id) ?? [], contracts)).ToArray();
    }

    /// <summary>A release package of <paramref name="releases"/> (at least one, as OCDS requires), published by <paramref name="publisher"/>.</summary>
    private static JsonObject Package(string uri, string publisher, IReadOnlyList<JsonObject> releases) =>
        new()
        {
            ["uri"] = uri,
            ["version"] = "1.1",
            ["publishedDate"] = releases.Max(DateOf).ToString("O"),
            ["publisher"] = new JsonObject { ["name"] = publisher },
            ["releases"] = new JsonArray(releases.Select(r => (JsonNode)r).ToArray()),
        };
}
