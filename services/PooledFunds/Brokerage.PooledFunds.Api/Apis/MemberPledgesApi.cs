using System.Security.Claims;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.ServiceDefaults;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.PooledFunds.Api.Apis;

/// <summary>A member's pledges across every pool, with headroom per budget year and funding stream, and reassessment flags.</summary>
public static class MemberPledgesApi
{
    public static RouteGroupBuilder MapMemberPledgesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/members/{memberId:guid}").WithTags("Member pledges").RequireAuthorization(Extensions.PoolReaders);
        api.MapGet("/pledges", Get).WithName("GetMemberPledges")
            .WithSummary("A member's pledges across pools, their flags, and headroom per budget year and funding stream")
            .WithDescription("Roles: the member; a representative acting for them; broker or council-admin of the member's council. 404 otherwise.");
        return api;
    }

    /// <summary><c>flagged</c>: the allocation is below the live pledges after a reassessment; <c>overcommitted</c> says by how much.</summary>
    public sealed record BudgetLine(int BudgetYear, string FundingStream, long Allocated, long Pledged, long Headroom, bool Flagged, long Overcommitted, string Currency);

    public sealed record MemberPledgesView(Guid MemberId, bool PoolingConsent, bool Closed, IReadOnlyList<BudgetLine> Budgets, IReadOnlyList<MemberPledgeLine> Pledges);

    public sealed record MemberPledgeLine(Guid PoolId, string PoolName, PoolStatus PoolStatus, PledgeResponse Pledge);

    public static async Task<Results<Ok<MemberPledgesView>, ProblemHttpResult>> Get(
        Guid memberId, ClaimsPrincipal user, IQuerySession query, CancellationToken ct)
    {
        var budget = await query.LoadAsync<MemberBudget>(memberId, ct);
        var mayRead = user.IsCouncilStaff()
            ? budget is not null && CouncilAccess.IsSameCouncil(user, budget.CouncilId)
            : Access.MayActFor(user, memberId) && (budget is null || CouncilAccess.IsSameCouncil(user, budget.CouncilId));
        if (!mayRead)
        {
            return Problems.NotFound("Member not found");
        }

        var pools = await query.QueryAsync<Pool>(
            "where data->>'councilId' = ? AND jsonb_exists(data->'pledges', ?)", ct, user.Council(), memberId.ToString());
        var pledges = pools
            .Select(pool => (Pool: pool, Pledge: pool.PledgeOf(memberId)!))
            .OrderBy(x => x.Pledge.JoinedAt)
            .Select(x => new MemberPledgeLine(x.Pool.Id, x.Pool.Name, x.Pool.Status, PledgeResponse.From(x.Pool.Id, x.Pledge, budget)))
            .ToList();
        var budgets = budget?.Streams().Select(s =>
        {
            var allocated = budget.Allocation(s.BudgetYear, s.FundingStream);
            var pledged = budget.Pledged(s.BudgetYear, s.FundingStream);
            return new BudgetLine(s.BudgetYear, s.FundingStream, allocated, pledged, budget.Headroom(s.BudgetYear, s.FundingStream),
                budget.IsFlagged(s.BudgetYear, s.FundingStream), Math.Max(0, pledged - allocated), Money.Currency);
        }).ToList() ?? [];
        return TypedResults.Ok(new MemberPledgesView(memberId, budget?.PoolingConsent ?? false, budget?.Closed ?? false, budgets, pledges));
    }
}
