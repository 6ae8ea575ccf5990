using System.Security.Claims;
using Brokerage.ProviderOffers.Api.ProviderContracts;
using Brokerage.ProviderOffers.Api.ReadModels;
using Brokerage.ServiceDefaults;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.ProviderOffers.Api.Apis;

/// <summary>What a provider learns after the award: its own scores and outcome, and its contracts.</summary>
public static class ResultsApi
{
    public static RouteGroupBuilder MapResultsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/providers/{providerId:guid}").WithTags("Results and contracts").RequireAuthorization(Policies.Provider);
        api.MapGet("/results", Results).WithSummary("Your results, newest award first: your scores and whether you won; ?page=&pageSize=").WithDescription("Roles: the provider itself.");
        api.MapGet("/contracts", Contracts).WithSummary("Your contracts, newest first; ?page=&pageSize=").WithDescription("Roles: the provider itself.");
        return api;
    }

    public enum Outcome
    {
        /// <summary>The current award is this provider's.</summary>
        Won,

        /// <summary>The current award went to another bidder.</summary>
        NotWon,

        /// <summary>This provider's award was reverted and no other award stands yet.</summary>
        AwardReverted,

        /// <summary>An award was reverted and the call awaits a new decision.</summary>
        Pending,
    }

    public sealed record ResultResponse(
        Guid CallId,
        string? CallTitle,
        Guid? BidId,
        Outcome Outcome,
        decimal? PriceScore,
        decimal? QualityScore,
        decimal? VoteScore,
        decimal? Total,
        DateTimeOffset AwardedAt,
        DateTimeOffset? StandstillEndsAt,
        Guid? ContractId,
        string? RevertedReason);

    public sealed record ContractResponse(
        Guid Id,
        Guid CallId,
        string CouncilId,
        Guid PoolId,
        long AnnualPriceAmount,
        string Currency,
        DateOnly StartDate,
        DateOnly EndDate,
        ContractStatus Status,
        DateTimeOffset StartedAt,
        IReadOnlyList<ContractVariation> Variations,
        string? EndReason,
        DateTimeOffset? EndedAt);

    private static async Task<Results<Ok<IReadOnlyList<ResultResponse>>, ProblemHttpResult, ValidationProblem>> Results(
        Guid providerId, int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http, CancellationToken ct)
    {
        if (!user.IsProvider(providerId))
        {
            return Problems.NotFound("No such provider");
        }

        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Newest award first (a reverted award and the next one both count as the call's latest).
        var found = await ListPaging.PageAsync(
            query.Query<CallResultsView>().Where(c => c.BidderIds.Contains(providerId))
                .OrderBySql("(data->'awards'->-1->>'awardedAt')::timestamptz DESC, id"),
            paging, ct);
        var calls = (await query.LoadManyAsync<CallView>(ct, found.Items.Select(call => call.CallId))).ToDictionary(call => call.Id);
        var results = found.Items.Select(call => ResultFor(call, providerId, calls.GetValueOrDefault(call.CallId)?.Title)).ToList();

        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<ResultResponse>>(results);
    }

    // Only the provider's own scores: other bidders' scores are theirs (and Commissioning's to publish).
    private static ResultResponse ResultFor(CallResultsView call, Guid providerId, string? title)
    {
        var current = call.Awards.LastOrDefault(award => award.RevertedAt is null);
        var latest = call.Awards[^1];
        var scored = call.Awards.LastOrDefault(award => award.Scores.Any(s => s.ProviderId == providerId));
        var score = scored?.Scores.First(s => s.ProviderId == providerId);
        var ownReverted = call.Awards.LastOrDefault(award => award.ProviderId == providerId && award.RevertedAt is not null);
        var outcome = current is not null
            ? current.ProviderId == providerId ? Outcome.Won : Outcome.NotWon
            : ownReverted is not null ? Outcome.AwardReverted : Outcome.Pending;
        var award = current ?? latest;
        return new ResultResponse(
            call.CallId, title, score?.BidId ?? (award.ProviderId == providerId ? award.BidId : null), outcome,
            score?.PriceScore, score?.QualityScore, score?.VoteScore, score?.Total, award.AwardedAt,
            outcome == Outcome.Won ? current!.StandstillEndsAt : null,
            outcome == Outcome.Won ? current!.ContractId : null,
            outcome == Outcome.AwardReverted ? ownReverted!.RevertedReason : null);
    }

    private static async Task<Results<Ok<IReadOnlyList<ContractResponse>>, ProblemHttpResult, ValidationProblem>> Contracts(
        Guid providerId, int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http, CancellationToken ct)
    {
        if (!user.IsProvider(providerId))
        {
            return Problems.NotFound("No such provider");
        }

        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var found = await ListPaging.PageAsync(
            query.Query<ContractView>().Where(c => c.ProviderId == providerId).OrderByDescending(c => c.StartedAt).ThenBy(c => c.Id), paging, ct);
        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<ContractResponse>>(found.Items
            .Select(c => new ContractResponse(
                c.Id, c.CallId, c.CouncilId, c.PoolId, c.AnnualPrice, c.Currency, c.StartDate, c.EndDate, c.Status, c.StartedAt, c.Variations,
                c.EndReason, c.EndedAt))
            .ToList());
    }
}
