using System.Security.Claims;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.Pools.ProposingPool;
using Brokerage.PooledFunds.Api.Pools.RunningPool;
using Brokerage.Members.Contracts;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Marten.Linq.MatchesSql;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.PooledFunds.Api.Apis;

/// <summary>Pools: propose, list, read, and the broker's lifecycle (open, activate, wind down, close).</summary>
public static class PoolsApi
{
    public static RouteGroupBuilder MapPoolsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/pools").WithTags("Pools");

        api.MapPost("/", Propose).RequireAuthorization(Extensions.PoolProposers).WithName("ProposePool")
            .WithSummary("Propose a pool in your council")
            .WithDescription("Roles: member (for themselves), representative (for a member they act for, named in memberId), broker. The pool starts proposed.");
        api.MapGet("/", List).RequireAuthorization(Extensions.PoolReaders).WithName("ListPools")
            .WithSummary("The pools of your council, oldest first; ?page=&pageSize= (X-Total-Count, Link)")
            .WithDescription("Roles: broker, council-admin (every pool of the council); member, representative (open and active pools, and pools they pledged to or proposed).");
        api.MapGet("/{id:guid}", Get).RequireAuthorization(Extensions.PoolReaders).WithName("GetPool")
            .WithSummary("A pool, with its rules text and governance; ETag is its version")
            .WithDescription("Roles: broker, council-admin (with every pledge and its reassessment flag); member, representative (pools they may see, with their own pledges). Another council's pool is 404.");
        api.MapPost("/{id:guid}/open", Open).RequireAuthorization(Policies.Broker).WithName("OpenPool")
            .WithSummary("Open a proposed pool to joiners").WithDescription("Roles: broker of the pool's council. If-Match optional.");
        api.MapPost("/{id:guid}/activate", Activate).RequireAuthorization(Policies.Broker).WithName("ActivatePool")
            .WithSummary("Approve activation: minimum members and target met (live + conditional); conditional pledges go live")
            .WithDescription("Roles: broker of the pool's council. 422 ActivationThresholdNotMet or ConditionalPledgesCannotGoLive (nothing changes). If-Match optional.");
        api.MapPost("/{id:guid}/wind-down", WindDown).RequireAuthorization(Policies.Broker).WithName("WindDownPool")
            .WithSummary("Wind the pool down: no new pledges or reservations").WithDescription("Roles: broker of the pool's council. If-Match optional.");
        api.MapPost("/{id:guid}/close", Close).RequireAuthorization(Policies.Broker).WithName("ClosePool")
            .WithSummary("Close the pool: nothing may be reserved; what is available returns to each member")
            .WithDescription("Roles: broker of the pool's council. 409 FundsStillReserved. If-Match optional.");
        api.MapGet("/{id:guid}/history", History).RequireAuthorization(Policies.CouncilStaff).WithName("GetPoolHistory")
            .WithSummary("The pool's audit trail, oldest first: who changed what, when, for whom; ?after=<version>&limit=<1..500>")
            .WithDescription("Roles: broker, council-admin of the pool's council. Event types and metadata only; changes caused by a message show recordedBy \"system\" and the message id.");
        return api;
    }

    public sealed record GovernanceRequest(int? MinimumMembers, long? TargetAmount, string? Currency, int? VoteQuorumPercent, string? VotingMethod);

    public sealed record ProposePoolRequest(
        string? Name,
        string? Purpose,
        IReadOnlyList<string?>? Outcomes,
        IReadOnlyList<string?>? FundingStreams,
        GovernanceRequest? Governance,
        string? Rules,
        Guid? MemberId);

    public static async Task<Results<Created<PoolResponse>, ValidationProblem, ProblemHttpResult>> Propose(
        ProposePoolRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var name = errors.Text("name", request.Name, maxLength: 200);
        var purpose = errors.Text("purpose", request.Purpose, maxLength: 2000);
        var outcomes = errors.Texts("outcomes", request.Outcomes, maxItems: 20, maxLength: 500);
        var streams = errors.SomeOf("fundingStreams", request.FundingStreams, FundingStreams.All);
        var rules = errors.Text("rules", request.Rules, maxLength: 20_000);
        Governance? governance = null;
        if (request.Governance is not { } g)
        {
            errors.Add("governance", "A value is required.");
        }
        else
        {
            var minimum = errors.Range("governance.minimumMembers", g.MinimumMembers, 1, 10_000);
            var target = errors.Amount("governance.targetAmount", g.TargetAmount, allowZero: true);
            errors.Currency("governance.currency", g.Currency);
            var quorum = errors.Range("governance.voteQuorumPercent", g.VoteQuorumPercent, 0, 100);
            var method = g.VotingMethod is null ? Governance.OneMemberOneVote : errors.OneOf("governance.votingMethod", g.VotingMethod, Governance.VotingMethods);
            governance = new Governance(minimum, target, quorum, method);
        }

        Guid? forMember = null;
        if (user.Role() == Roles.Representative)
        {
            forMember = errors.Id("memberId", request.MemberId);
        }
        else if (user.Role() == Roles.Member)
        {
            forMember = user.MemberIdsActedFor().FirstOrDefault();
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (user.Role() is Roles.Member or Roles.Representative
            && (forMember is not { } member || member == Guid.Empty || !Access.MayActFor(user, member) || (request.MemberId is { } named && named != member)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "You may only propose a pool for yourself or a member you act for.");
        }

        var id = Guid.CreateVersion7();
        var proposed = ProposingPool.Handle(new ProposePool(
            id, user.Council(), name, purpose, outcomes, streams, governance!, rules, user.Subject(), forMember, clock.GetUtcNow()));
        if (forMember is { } actedFor)
        {
            session.ActingFor(user, actedFor);
        }

        session.Events.StartStream<Pool>(id, proposed);
        await session.SaveChangesAsync(ct);
        var pool = Pool.Create(proposed);
        return TypedResults.Created($"/api/pools/{id}", PoolResponse.From(pool, [], new Dictionary<Guid, MemberBudget?>()));
    }

    public static async Task<Results<Ok<IReadOnlyList<PoolSummary>>, ValidationProblem>> List(
        int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The same rule as Access.MayView, in SQL, so pages and the total count only what the caller may see.
        DocumentPage<Pool> found;
        var council = user.Council();
        if (user.IsCouncilStaff())
        {
            found = await ListPaging.PageAsync(query.Query<Pool>().Where(p => p.CouncilId == council).OrderBy(p => p.ProposedAt), paging, ct);
        }
        else if (user.Role() is Roles.Member or Roles.Representative)
        {
            // Open or active pools of the council, plus any the caller (or a member they act for) pledged to or proposed.
            var members = user.MemberIdsActedFor().Select(m => m.ToString()).ToArray();
            var subject = user.Subject();
            found = await ListPaging.PageAsync(
                query.Query<Pool>()
                    .Where(p => p.CouncilId == council)
                    .Where(p => p.MatchesSql(
                        "(data->>'status' IN ('open', 'active') OR jsonb_exists_any(data->'pledges', ?) OR data->>'proposedForMember' = ANY(?) OR data->>'proposedBy' = ?)",
                        members, members, subject))
                    .OrderBy(p => p.ProposedAt),
                paging, ct);
        }
        else
        {
            found = new DocumentPage<Pool>([], 0);
        }

        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<PoolSummary>>(found.Items.Select(PoolSummary.From).ToList());
    }

    public static async Task<Results<Ok<PoolResponse>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, IDocumentSession session, HttpResponse response, CancellationToken ct)
    {
        // FetchForWriting reads the inline snapshot and the stream version together: the ETag matches the state shown.
        var stream = await session.Events.FetchForWriting<Pool>(id, ct);
        if (stream.Aggregate is not { } pool || !Access.MayView(user, pool))
        {
            return Problems.NotFound("Pool not found");
        }

        StreamVersions.SetETag(response, stream.CurrentVersion ?? 0);
        return TypedResults.Ok(await ViewAsync(pool, user, session, ct));
    }

    public static Task<Results<Ok<PoolResponse>, ProblemHttpResult>> Open(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        RunAsync(id, user, session, http, (pool, _) => RunningPool.Handle(pool, new OpenPool(id, clock.GetUtcNow())), _ => false, ct);

    public static Task<Results<Ok<PoolResponse>, ProblemHttpResult>> Activate(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        RunAsync(id, user, session, http, (pool, budgets) => RunningPool.Handle(pool, budgets, new ActivatePool(id, clock.GetUtcNow())), p => p.Status == PledgeStatus.Conditional, ct);

    public static Task<Results<Ok<PoolResponse>, ProblemHttpResult>> WindDown(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        RunAsync(id, user, session, http, (pool, _) => RunningPool.Handle(pool, new WindDownPool(id, clock.GetUtcNow())), _ => false, ct);

    public static Task<Results<Ok<PoolResponse>, ProblemHttpResult>> Close(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        RunAsync(id, user, session, http, (pool, _) => RunningPool.Handle(pool, new ClosePool(id, clock.GetUtcNow())), p => p.Status == PledgeStatus.Live && p.Available > 0, ct);

    public static async Task<Results<Ok<AuditPage>, ValidationProblem, ProblemHttpResult>> History(
        Guid id, long? after, int? limit, ClaimsPrincipal user, IQuerySession query, ServiceStorage storage, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var paging = AuditTrail.Paging(errors, after, limit);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The snapshot document, not a replay: it outlives archiving, and an archived pool's trail stays readable for audit.
        var pool = await query.LoadAsync<Pool>(id, ct);
        if (pool is null || !CouncilAccess.IsSameCouncil(user, pool.CouncilId))
        {
            return Problems.NotFound("Pool not found");
        }

        return TypedResults.Ok(await AuditTrail.ReadAsync(storage, id, paging, ct));
    }

    /// <summary>The pool as <paramref name="user"/> may see it: staff see every pledge with its flag, members only their own.</summary>
    public static async Task<PoolResponse> ViewAsync(Pool pool, ClaimsPrincipal user, IQuerySession query, CancellationToken ct)
    {
        var mine = user.MemberIdsActedFor();
        var shown = user.IsCouncilStaff()
            ? pool.Pledges.Values.ToList()
            : pool.Pledges.Values.Where(p => mine.Contains(p.MemberId)).ToList();
        var budgets = new Dictionary<Guid, MemberBudget?>();
        foreach (var pledge in shown.Where(p => p.Status == PledgeStatus.Live))
        {
            budgets[pledge.MemberId] = await query.LoadAsync<MemberBudget>(pledge.MemberId, ct);
        }

        return PoolResponse.From(pool, shown, budgets);
    }

    /// <summary>A broker's lifecycle command: read the pool (and the budgets of the members whose headroom it moves), decide, append, save; retried on conflicts.</summary>
    private static async Task<Results<Ok<PoolResponse>, ProblemHttpResult>> RunAsync(
        Guid id, ClaimsPrincipal user, IDocumentSession session, HttpContext http,
        Func<Pool, IReadOnlyDictionary<Guid, MemberBudget?>, Decision> decide, Func<Pledge, bool> budgetsNeeded, CancellationToken ct)
    {
        var ifMatch = StreamVersions.IfMatch(http.Request);
        var after = await PoolTransaction.WithRetriesAsync(session, async () =>
        {
            var stream = await session.Events.FetchForWriting<Pool>(id, ct);
            if (stream.Aggregate is not { } pool || !CouncilAccess.IsSameCouncil(user, pool.CouncilId))
            {
                return null;
            }

            PoolCommands.EnsureVersion(ifMatch, stream);
            var budgets = new Dictionary<Guid, IEventStream<MemberBudget>>();
            foreach (var pledge in pool.Pledges.Values.Where(budgetsNeeded).OrderBy(p => p.MemberId))
            {
                budgets[pledge.MemberId] = await session.Events.FetchForWriting<MemberBudget>(pledge.MemberId, ct);
            }

            var decision = decide(pool, budgets.ToDictionary(b => b.Key, b => b.Value.Aggregate));
            var result = PoolTransaction.Append(session, stream, budgets, decision);
            await session.SaveChangesAsync(ct);
            return new PoolCommands.Written(result, stream.CurrentVersion ?? 0);
        }, ct: ct);

        if (after is null)
        {
            return Problems.NotFound("Pool not found");
        }

        StreamVersions.SetETag(http.Response, after.Version);
        return TypedResults.Ok(await ViewAsync(after.Pool, user, session, ct));
    }
}

/// <summary>Helpers shared by the pool endpoints.</summary>
public static class PoolCommands
{
    public sealed record Written(Pool Pool, long Version);

    /// <summary>With <c>If-Match</c>, the pool must still be at that version (412 otherwise, never retried).</summary>
    public static void EnsureVersion(long? ifMatch, IEventStream<Pool> stream)
    {
        if (ifMatch is { } expected && expected != (stream.CurrentVersion ?? 0))
        {
            throw new PoolVersionMismatch(expected, stream.CurrentVersion ?? 0);
        }
    }
}
