using System.Security.Claims;
using Brokerage.Members.Api.Members.AllocatingBudget;
using Brokerage.Members.Api.Members.ReassessingBudget;
using Brokerage.Members.Api.ReadModels;
using Brokerage.Members.Contracts;
using Brokerage.ServiceDefaults;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Members.Api.Apis;

/// <summary>Allocations per budget year and funding stream, reassessments, their history, and the budget view with headroom.</summary>
public static class BudgetsApi
{
    public static RouteGroupBuilder MapBudgetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/members/{memberId:guid}").WithTags("Budgets")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/allocations", Allocate).RequireAuthorization(Policies.Broker).WithName("AllocateBudget")
            .WithSummary("Allocate a budget for a budget year and funding stream (once; change it with a reassessment)")
            .WithDescription("Roles: broker of the member's council.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/reassessments", Reassess).RequireAuthorization(Policies.Broker).WithName("ReassessBudget")
            .WithSummary("Change an allocation after a reassessment, with the reason (kept in Members only)")
            .WithDescription("Roles: broker of the member's council. Honours If-Match.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/allocations", History).RequireAuthorization(MembersPolicies.MemberSideOrCouncilStaff).WithName("GetAllocations")
            .WithSummary("Every allocation with its full history")
            .WithDescription("Roles: the member, their active representative, broker and council-admin of the member's council.");
        api.MapGet("/budget", Budget).RequireAuthorization(MembersPolicies.MemberSideOrCouncilStaff).WithName("GetBudget")
            .WithSummary("Allocated, pledged and headroom per funding stream for a budget year (default: the current one)")
            .WithDescription("Roles: the member, their active representative, broker and council-admin of the member's council.");
        return api;
    }

    public static async Task<Results<Created<AllocationEntry>, ValidationProblem>> Allocate(
        Guid memberId, AllocateRequest body, HttpContext http, MemberAccess access, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        var errors = new RequestErrors();
        var year = errors.Range("budgetYear", body.BudgetYear, 2000, 2100);
        var stream = errors.OneOf("fundingStream", body.FundingStream, FundingStreams.All.ToArray());
        var amount = errors.Amount("amount", body.Amount);
        var currency = errors.Currency("currency", body.Currency);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await MemberCommands.DecideAsync(session, http, memberId,
            member => AllocateBudget.Handle(member, new AllocateBudget(memberId, year, stream, amount, currency, time.GetUtcNow())), ct);
        var allocation = (await session.LoadAsync<AllocationsView>(memberId, ct))!.For(year, stream)!;
        return TypedResults.Created($"/api/members/{memberId}/allocations", allocation);
    }

    public static async Task<Results<Ok<AllocationEntry>, ValidationProblem>> Reassess(
        Guid memberId, ReassessRequest body, HttpContext http, MemberAccess access, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        var errors = new RequestErrors();
        var year = errors.Range("budgetYear", body.BudgetYear, 2000, 2100);
        var stream = errors.OneOf("fundingStream", body.FundingStream, FundingStreams.All.ToArray());
        var amount = errors.Amount("amount", body.Amount, allowZero: true);
        var currency = errors.Currency("currency", body.Currency);
        var reason = errors.Text("reason", body.Reason, 2000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await MemberCommands.DecideAsync(session, http, memberId,
            member => ReassessBudget.Handle(member, new ReassessBudget(memberId, year, stream, amount, currency, reason, time.GetUtcNow())), ct);
        return TypedResults.Ok((await session.LoadAsync<AllocationsView>(memberId, ct))!.For(year, stream)!);
    }

    public static async Task<Ok<AllocationsResponse>> History(
        Guid memberId, ClaimsPrincipal user, MemberAccess access, IQuerySession query, HttpResponse response, CancellationToken ct)
    {
        StreamVersions.SetETag(response, (await access.EnsureAsync(user, memberId, ct)).Version);
        var view = await query.LoadAsync<AllocationsView>(memberId, ct);
        return TypedResults.Ok(new AllocationsResponse(
            memberId,
            (view?.Allocations ?? []).OrderByDescending(a => a.BudgetYear).ThenBy(a => a.FundingStream, StringComparer.Ordinal).ToArray()));
    }

    public static async Task<Results<Ok<BudgetResponse>, ValidationProblem>> Budget(
        Guid memberId, int? year, ClaimsPrincipal user, MemberAccess access, IQuerySession query, TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(user, memberId, ct);
        if (year is { } given && !BudgetYears.IsPlausible(given))
        {
            return Problems.Validation(("year", "Must be a budget year from 2000 to 2100 (the year its 1 April falls in)."));
        }

        var budgetYear = year ?? BudgetYears.Containing(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var allocations = await query.LoadAsync<AllocationsView>(memberId, ct);
        var pledges = await query.LoadAsync<PledgesView>(memberId, ct);
        var streams = FundingStreams.All.Select(stream =>
        {
            var allocated = allocations?.For(budgetYear, stream)?.Amount ?? 0;
            var pledgeFigure = pledges?.For(budgetYear, stream);
            var pledged = pledgeFigure?.Pledged ?? 0;
            return new StreamBudget(stream, allocated, pledged, Math.Max(0, allocated - pledged), pledged > allocated, pledgeFigure?.ChangedAt);
        });
        return TypedResults.Ok(new BudgetResponse(memberId, budgetYear, BudgetYears.StartOf(budgetYear), BudgetYears.EndOf(budgetYear), Money.Currency, streams.ToArray()));
    }
}

public sealed record AllocateRequest(int? BudgetYear, string? FundingStream, long? Amount, string? Currency);

/// <summary>The new amount (zero ends the allocation) and the reason; the reason stays in Members.</summary>
public sealed record ReassessRequest(int? BudgetYear, string? FundingStream, long? Amount, string? Currency, string? Reason);

public sealed record AllocationsResponse(Guid MemberId, IReadOnlyList<AllocationEntry> Allocations);

public sealed record BudgetResponse(Guid MemberId, int BudgetYear, DateOnly StartsOn, DateOnly EndsOn, string Currency, IReadOnlyList<StreamBudget> Streams);

/// <summary>
/// Headroom = allocated − pledged, never shown below zero: when a reassessment lowered the allocation under what is
/// already pledged, <paramref name="OverPledged"/> says so (PooledFunds flags the affected pledges).
/// <paramref name="PledgedAsOf"/> is when PooledFunds last changed the pledged figure (null: no pledges reported).
/// </summary>
public sealed record StreamBudget(
    string FundingStream, long AllocatedAmount, long PledgedAmount, long HeadroomAmount, bool OverPledged, DateTimeOffset? PledgedAsOf);
