using System.Security.Claims;
using Brokerage.Members.Contracts;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.Pools.Pledging;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.PooledFunds.Api.Apis;

/// <summary>
/// A member's pledges to a pool: join, raise or lower, withdraw. Each is one transaction over the pool stream and the
/// member's budget stream; a conflict with a concurrent writer re-runs the whole read-decide-append with fresh state, so
/// racing pledges end as a success or HeadroomExceeded, never as a conflict.
/// </summary>
public static class PledgesApi
{
    public static RouteGroupBuilder MapPledgesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/pools/{id:guid}/pledges").WithTags("Pledges").RequireAuthorization(Policies.MemberOrRepresentative);
        api.MapPost("/", Join).WithName("JoinPool")
            .WithSummary("Join the pool with a pledge (amount, funding stream, budget year; conditional: live only at activation); pledging again on the same terms tops the pledge up (200)")
            .WithDescription("Roles: member (memberId: themselves, may be omitted), representative (memberId: a member they act for). 403 for another member; 404 for a pool the caller cannot see; 422 HeadroomExceeded, NoPoolingConsent, FundingStreamNotAccepted…; 409 AlreadyPledged or the pool's state.");
        api.MapPut("/{memberId:guid}", Change).WithName("ChangePledge")
            .WithSummary("Raise or lower a pledge to a new amount; below what is reserved for the member, notice is recorded instead")
            .WithDescription("Roles: the member, or a representative acting for them (otherwise 404). If-Match (the pool's ETag) optional: 412 when stale. 422 HeadroomExceeded, PledgesFlagged, BelowPaid.");
        api.MapDelete("/{memberId:guid}", Withdraw).WithName("WithdrawPledge")
            .WithSummary("Withdraw a pledge and leave the pool (204); with funds reserved for the member, notice is recorded (202)")
            .WithDescription("Roles: the member, or a representative acting for them (otherwise 404). If-Match optional.");
        return api;
    }

    public sealed record JoinRequest(Guid? MemberId, long? Amount, string? Currency, string? FundingStream, int? BudgetYear, bool? Conditional);

    public sealed record ChangeRequest(long? Amount, string? Currency);

    public static async Task<Results<Created<PledgeResponse>, Ok<PledgeResponse>, ValidationProblem, ProblemHttpResult>> Join(
        Guid id, JoinRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpRequest http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var amount = errors.Amount("amount", request.Amount);
        errors.Currency("currency", request.Currency);
        var stream = errors.OneOf("fundingStream", request.FundingStream, FundingStreams.All);
        var year = errors.Range("budgetYear", request.BudgetYear, 2000, 2100);
        Guid memberId;
        if (user.Role() == Roles.Representative)
        {
            memberId = errors.Id("memberId", request.MemberId);
        }
        else
        {
            memberId = request.MemberId ?? user.MemberIdsActedFor().FirstOrDefault();
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (memberId == Guid.Empty || !Access.MayActFor(user, memberId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "You may only pledge for yourself or a member you act for.");
        }

        var ifMatch = StreamVersions.IfMatch(http);
        session.ActingFor(user, memberId);
        var written = await PoolTransaction.WithRetriesAsync(session, () => WriteAsync(
            session, id, memberId, user, ifMatch, (pool, budget) => Pledging.Handle(pool, budget, new JoinPool(
                id, memberId, amount, year, stream, request.Conditional ?? false, clock.GetUtcNow())), ct), ct: ct);
        if (written is null)
        {
            return Problems.NotFound("Pool not found");
        }

        StreamVersions.SetETag(http.HttpContext.Response, written.PoolVersion);
        return written.Joined ? TypedResults.Created($"/api/pools/{id}/pledges/{memberId}", written.Pledge) : TypedResults.Ok(written.Pledge);
    }

    public static async Task<Results<Ok<PledgeResponse>, ValidationProblem, ProblemHttpResult>> Change(
        Guid id, Guid memberId, ChangeRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpRequest http, CancellationToken ct)
    {
        if (!Access.MayActFor(user, memberId))
        {
            return Problems.NotFound("Pledge not found");
        }

        var errors = new RequestErrors();
        var amount = errors.Amount("amount", request.Amount);
        errors.Currency("currency", request.Currency);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var ifMatch = StreamVersions.IfMatch(http);
        session.ActingFor(user, memberId);
        var written = await PoolTransaction.WithRetriesAsync(session, () => WriteAsync(
            session, id, memberId, user, ifMatch, (pool, budget) => Pledging.Handle(pool, budget, new ChangePledge(id, memberId, amount, clock.GetUtcNow())), ct), ct: ct);
        if (written is null)
        {
            return Problems.NotFound("Pool not found");
        }

        StreamVersions.SetETag(http.HttpContext.Response, written.PoolVersion);
        return TypedResults.Ok(written.Pledge);
    }

    public static async Task<Results<NoContent, Accepted<PledgeResponse>, ProblemHttpResult>> Withdraw(
        Guid id, Guid memberId, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpRequest http, CancellationToken ct)
    {
        if (!Access.MayActFor(user, memberId))
        {
            return Problems.NotFound("Pledge not found");
        }

        var ifMatch = StreamVersions.IfMatch(http);
        session.ActingFor(user, memberId);
        var written = await PoolTransaction.WithRetriesAsync(session, () => WriteAsync(
            session, id, memberId, user, ifMatch, (pool, _) => Pledging.Handle(pool, new WithdrawPledge(id, memberId, clock.GetUtcNow())), ct), ct: ct);
        if (written is null)
        {
            return Problems.NotFound("Pool not found");
        }

        StreamVersions.SetETag(http.HttpContext.Response, written.PoolVersion);
        return written.Pledge.Status == PledgeStatus.Withdrawn
            ? TypedResults.NoContent()
            : TypedResults.Accepted($"/api/pools/{id}/pledges/{memberId}", written.Pledge);
    }

    private sealed record Written(PledgeResponse Pledge, bool Joined, long PoolVersion);

    /// <summary>One attempt: read both streams, decide, append both with the messages, save once. Null when the pool is not visible to the caller.</summary>
    private static async Task<Written?> WriteAsync(
        IDocumentSession session, Guid poolId, Guid memberId, ClaimsPrincipal user, long? ifMatch, Func<Pool, MemberBudget?, Decision> decide, CancellationToken ct)
    {
        var poolStream = await session.Events.FetchForWriting<Pool>(poolId, ct);
        if (poolStream.Aggregate is not { } pool || !Access.MayView(user, pool))
        {
            return null;
        }

        PoolCommands.EnsureVersion(ifMatch, poolStream);
        var budgetStream = await session.Events.FetchForWriting<MemberBudget>(memberId, ct);
        var decision = decide(pool, budgetStream.Aggregate);
        var after = PoolTransaction.Append(session, poolStream, new Dictionary<Guid, IEventStream<MemberBudget>> { [memberId] = budgetStream }, decision);
        await session.SaveChangesAsync(ct);

        var budget = budgetStream.Aggregate;
        foreach (var e in decision.BudgetEvents.GetValueOrDefault(memberId) ?? [])
        {
            budget = budget!.Evolve(e);
        }

        var pledge = after.PledgeOf(memberId) ?? throw new PledgeNotFound();
        return new Written(PledgeResponse.From(poolId, pledge, budget), decision.PoolEvents.OfType<PledgeMade>().Any(), poolStream.CurrentVersion ?? 0);
    }
}
