using System.Security.Claims;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Needs;
using Brokerage.Commissioning.Api.Pools;
using Brokerage.ServiceDefaults;
using Marten;
using Marten.Linq.MatchesSql;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Commissioning.Api.Apis;

/// <summary>Needs raised by a pool's members, and the support they give each other's needs.</summary>
public static class NeedsApi
{
    public static IEndpointRouteBuilder MapNeedsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Needs");
        api.MapPost("/pools/{poolId:guid}/needs", RaiseNeed).RequireAuthorization(Policies.MemberOrRepresentative)
            .WithSummary("Raise a need in a pool").WithDescription("Roles: member (for themselves), representative (for a member they act for), who is a member of the pool.");
        api.MapPost("/needs/{needId:guid}/support", Support).RequireAuthorization(Policies.MemberOrRepresentative)
            .WithSummary("Support a need (once per member)").WithDescription("Roles: member, representative; the member must be in the need's pool.");
        api.MapGet("/pools/{poolId:guid}/needs", ListNeeds).RequireAuthorization(Policies.SignedIn)
            .WithSummary("The pool's needs, most supported first").WithDescription("Roles: members of the pool and their representatives; broker and council-admin of the pool's council (who also see who raised and supports each need).");
        api.MapGet("/needs/{needId:guid}", GetNeed).RequireAuthorization(Policies.SignedIn)
            .WithSummary("One need").WithDescription("Roles: as for the pool's needs.");
        api.MapGet("/needs", ListCouncilNeeds).RequireAuthorization(Policies.CouncilStaff)
            .WithSummary("Every need of the council's pools, most supported first; ?poolId=&status=open|answered&page=&pageSize= (X-Total-Count, Link)")
            .WithDescription("Roles: broker, council-admin (own council).");
        return app;
    }

    public sealed record RaiseNeedRequest(Guid? MemberId, string? Title, string? Description);

    public sealed record SupportNeedRequest(Guid? MemberId);

    /// <summary>
    /// A need as a reader sees it; <see cref="RaisedBy"/> and <see cref="Supporters"/> only for council staff. <see cref="Status"/>
    /// is open or answered, and <see cref="Call"/> the call that answers it, of those the reader may read (drafts for staff only).
    /// </summary>
    public sealed record NeedView(
        Guid Id, Guid PoolId, string Title, string Description, int Support, bool SupportedByYou, DateTimeOffset RaisedAt,
        Guid? RaisedBy, IReadOnlyList<Guid>? Supporters, string Status, AnsweringCallView? Call);

    /// <summary>The call that answers a need, for the reader to follow to its terms and its voting window.</summary>
    public sealed record AnsweringCallView(Guid Id, string Status);

    public static async Task<Results<Created<NeedView>, ValidationProblem, ProblemHttpResult>> RaiseNeed(
        Guid poolId, RaiseNeedRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var pool = await PoolFor(session, user, poolId) ?? throw new UnknownPool();
        var errors = new RequestErrors();
        var title = errors.Text("title", request.Title, 200);
        var description = errors.Text("description", request.Description, 5000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (memberId, forbidden) = Access.ActingMember(user, request.MemberId);
        if (forbidden is not null)
        {
            return forbidden;
        }

        var raised = Need.Handle(pool, new RaiseNeed(NewId.NextGuid(), memberId, title, description, user.Subject(), clock.GetUtcNow()));
        session.ActingFor(user, memberId);
        session.Events.StartStream<Need>(raised.NeedId, raised);
        await session.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Created($"/api/needs/{raised.NeedId}", View(Need.Create(raised), user, []));
    }

    public static async Task<Results<Ok<NeedView>, ProblemHttpResult>> Support(
        Guid needId, SupportNeedRequest? request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var stream = await session.Events.FetchForWriting<Need>(needId, http.RequestAborted);
        if (stream.Aggregate is not { } need || await PoolFor(session, user, need.PoolId) is not { } pool)
        {
            throw new UnknownNeed();
        }

        var (memberId, forbidden) = Access.ActingMember(user, request?.MemberId);
        if (forbidden is not null)
        {
            return forbidden;
        }

        var supported = Need.Handle(need, pool, new SupportNeed(needId, memberId, user.Subject(), clock.GetUtcNow()));
        session.ActingFor(user, memberId);
        stream.AppendOne(supported);
        await session.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Ok(View(need.Apply(supported), user, (await CallsOfAsync(session, [needId], http.RequestAborted))[needId]));
    }

    public static async Task<Results<Ok<IReadOnlyList<NeedView>>, ProblemHttpResult>> ListNeeds(
        Guid poolId, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var pool = await PoolFor(query, user, poolId) ?? throw new UnknownPool();
        if (!Access.MayReadPool(user, pool))
        {
            return Access.Forbidden("Only the pool's members, their representatives and council staff read its needs.");
        }

        var needs = await query.Query<Need>().Where(n => n.PoolId == poolId).ToListAsync(http.RequestAborted);
        var calls = await CallsOfAsync(query, needs.Select(n => n.Id).ToArray(), http.RequestAborted);
        IReadOnlyList<NeedView> views = needs.OrderByDescending(n => n.Supporters.Count).ThenBy(n => n.RaisedAt)
            .Select(n => View(n, user, calls[n.Id])).ToArray();
        return TypedResults.Ok(views);
    }

    public static async Task<Results<Ok<NeedView>, ProblemHttpResult>> GetNeed(Guid needId, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var need = await query.LoadAsync<Need>(needId, http.RequestAborted);
        if (need is null || await PoolFor(query, user, need.PoolId) is not { } pool)
        {
            throw new UnknownNeed();
        }

        if (!Access.MayReadPool(user, pool))
        {
            return Access.Forbidden("Only the pool's members, their representatives and council staff read its needs.");
        }

        StreamVersions.SetETag(http.Response, (await query.Events.FetchStreamStateAsync(needId, http.RequestAborted))?.Version ?? 1);
        return TypedResults.Ok(View(need, user, (await CallsOfAsync(query, [needId], http.RequestAborted))[needId]));
    }

    public static async Task<Results<Ok<IReadOnlyList<NeedView>>, ValidationProblem>> ListCouncilNeeds(
        Guid? poolId, string? status, int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        errors.Check(poolId != Guid.Empty, "poolId", "Must be a valid id.");
        var wanted = status is null ? null : errors.OneOf("status", status, AnsweringCalls.Statuses);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var council = user.Council();
        var needs = query.Query<Need>().Where(n => n.CouncilId == council);
        if (poolId is { } pool)
        {
            needs = needs.Where(n => n.PoolId == pool);
        }

        if (wanted is not null)
        {
            // AnsweringCalls.Of for council staff, as SQL: answered while a call drafted from the need is not cancelled.
            var calls = query.DocumentStore.Options.Schema.For<CallForOffers>();
            var answered = $"id IN (SELECT (c.data->>'needId')::uuid FROM {calls} c WHERE c.data->>'status' <> 'cancelled')";
            needs = needs.Where(n => n.MatchesSql(wanted == AnsweringCalls.Answered ? answered : $"NOT ({answered})"));
        }

        // Ranked as a pool's needs are (most supported, then oldest), with the id last so the pages never overlap.
        var found = await ListPaging.PageAsync(
            needs.OrderBySql("jsonb_array_length(data->'supporters') DESC").ThenBySql("(data->>'raisedAt')::timestamptz").ThenBySql("id"),
            paging, http.RequestAborted);
        var callsOf = await CallsOfAsync(query, found.Items.Select(n => n.Id).ToArray(), http.RequestAborted);
        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<NeedView>>(found.Items.Select(n => View(n, user, callsOf[n.Id])).ToArray());
    }

    /// <summary>The pool if it exists in the caller's council (another council's pool reads as unknown).</summary>
    public static async Task<Pool?> PoolFor(IQuerySession query, ClaimsPrincipal user, Guid poolId)
    {
        var pool = await query.LoadAsync<Pool>(poolId);
        return pool is not null && CouncilAccess.IsSameCouncil(user, pool.CouncilId) ? pool : null;
    }

    /// <summary>The calls drafted from <paramref name="needIds"/>, only the fields that say which answers each (bids and votes stay unread).</summary>
    private static async Task<ILookup<Guid, CallOfNeed>> CallsOfAsync(IQuerySession query, IReadOnlyList<Guid> needIds, CancellationToken ct)
    {
        var ids = needIds.ToArray();
        var calls = await query.Query<CallForOffers>().Where(c => ids.Contains(c.NeedId))
            .Select(c => new { c.Id, c.NeedId, c.Status, c.DraftedAt, c.PublishedAt }).ToListAsync(ct);
        return calls.Select(c => new CallOfNeed(c.Id, c.NeedId, c.Status, c.DraftedAt, c.PublishedAt)).ToLookup(c => c.NeedId);
    }

    private static NeedView View(Need need, ClaimsPrincipal user, IEnumerable<CallOfNeed> callsOfTheNeed)
    {
        var staff = user.IsCouncilStaff();
        var mine = user.MemberIdsActedFor();
        var answering = AnsweringCalls.Of(callsOfTheNeed, staff);
        return new NeedView(
            need.Id, need.PoolId, need.Title, need.Description, need.Supporters.Count, need.Supporters.Any(mine.Contains), need.RaisedAt,
            staff ? need.RaisedByMember : null, staff ? need.Supporters : null, AnsweringCalls.StatusOf(answering),
            answering is null ? null : new AnsweringCallView(answering.CallId, CallDecisions.Kebab(answering.Status)));
    }
}
