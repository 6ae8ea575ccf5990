using System.Text.Json.Nodes;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Domain;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Commissioning.Api.Ocds;

/// <summary>Open contracting: OCDS 1.1 release packages of every published call, anonymous.</summary>
public static class OcdsApi
{
    public static IEndpointRouteBuilder MapOcdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/ocds").WithTags("Open contracting").AllowAnonymous();
        api.MapGet("/releases", All).WithSummary("OCDS 1.1 release package of every published call for offers")
            .WithDescription("Roles: anyone (no token). 404 until a call has been published.");
        api.MapGet("/tenders/{callId:guid}/releases", ForCall).WithSummary("OCDS 1.1 release package of one call for offers")
            .WithDescription("Roles: anyone (no token). 404 for an unknown or unpublished call.");
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> All(IQuerySession query, OcdsOptions options, HttpContext http)
    {
        var calls = await query.Query<CallForOffers>().Where(c => c.PublishedAt != null).OrderBy(c => c.PublishedAt).Take(1000).ToListAsync(http.RequestAborted);
        var releases = new List<JsonObject>();
        foreach (var call in calls)
        {
            releases.AddRange(await ReleasesOf(query, options, call, http.RequestAborted));
        }

        return Package(http, options, "/ocds/releases", releases);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ForCall(Guid callId, IQuerySession query, OcdsOptions options, HttpContext http)
    {
        var call = await query.LoadAsync<CallForOffers>(callId, http.RequestAborted);
        if (call?.PublishedAt is null)
        {
            throw new UnknownCall();
        }

        return Package(http, options, $"/ocds/tenders/{callId}/releases", await ReleasesOf(query, options, call, http.RequestAborted));
    }

    private static async Task<IReadOnlyList<JsonObject>> ReleasesOf(IQuerySession query, OcdsOptions options, CallForOffers call, CancellationToken ct)
    {
        var events = await query.Events.FetchStreamAsync(call.Id, token: ct);
        var contracts = new Dictionary<Guid, IReadOnlyList<IEvent>>();
        foreach (var award in call.Awards.Where(a => a.Status == "contracted"))
        {
            contracts[award.ContractId] = await query.Events.FetchStreamAsync(award.ContractId, token: ct);
        }

        return OcdsReleases.For(options, events, contracts).ToArray();
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Package(HttpContext http, OcdsOptions options, string path, IReadOnlyList<JsonObject> releases)
    {
        if (releases.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No releases published yet");
        }

        var package = new JsonObject
        {
            ["uri"] = $"{http.Request.Scheme}://{http.Request.Host}{path}",
            ["version"] = "1.1",
            ["publishedDate"] = releases.Max(r => DateTimeOffset.Parse(r["date"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToString("O"),
            ["publisher"] = new JsonObject { ["name"] = options.PublisherName },
            ["releases"] = new JsonArray(releases.Select(r => (JsonNode)r).ToArray()),
        };
        return TypedResults.Content(package.ToJsonString(), "application/json");
    }
}
