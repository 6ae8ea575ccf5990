using System.Security.Claims;
using Brokerage.Commissioning.Api.Awarding;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Needs;
using Brokerage.Commissioning.Contracts;
using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Marten.Linq.MatchesSql;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Commissioning.Api.Apis;

/// <summary>Calls for offers: drafting, publishing, evaluation (quality scores, member votes), award and cancellation.</summary>
public static class CallsApi
{
    public static IEndpointRouteBuilder MapCallsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/calls").WithTags("Calls for offers");
        api.MapPost("/", Draft).RequireAuthorization(Policies.Broker)
            .WithSummary("Draft a call for offers from a need").WithDescription("Roles: broker (own council; the need's pool must be active).");
        api.MapGet("/", List).RequireAuthorization(Policies.SignedIn)
            .WithSummary("Calls for offers, newest first; ?poolId=&page=&pageSize= (X-Total-Count, Link)")
            .WithDescription("Roles: broker and council-admin (every call of the council, drafts too); members and representatives (the published calls of the pools they, or a member they act for, belong to). Providers find calls in ProviderOffers (403).");
        api.MapGet("/{callId:guid}", Get).RequireAuthorization(Policies.SignedIn)
            .WithSummary("One call for offers").WithDescription("Roles: broker and council-admin (own council, drafts too); once published, members of the pool, their representatives, and providers of the council.");
        api.MapPut("/{callId:guid}", Edit).RequireAuthorization(Policies.Broker)
            .WithSummary("Rewrite a draft call's terms (the drafting body; the need stays the call's own)")
            .WithDescription("Roles: broker (own council), while the call is a draft. Honours If-Match.");
        api.MapPost("/{callId:guid}/publish", Publish).RequireAuthorization(Policies.Broker)
            .WithSummary("Publish a draft call").WithDescription("Roles: broker (own council). Publishes CallForOffersPublished.");
        api.MapPost("/{callId:guid}/cancel", Cancel).RequireAuthorization(Policies.Broker)
            .WithSummary("Cancel a call with a reason").WithDescription("Roles: broker (own council). Any state before the contract; publishes CallForOffersCancelled.");
        api.MapGet("/{callId:guid}/evaluation", Evaluation).RequireAuthorization(Policies.SignedIn)
            .WithSummary("The opened bids, their scores and the vote").WithDescription("Roles: broker and council-admin (own council); members of the pool and their representatives (scores and tallies once voting has closed). Only after the bids are opened.");
        api.MapPut("/{callId:guid}/bids/{bidId:guid}/quality", ScoreQuality).RequireAuthorization(Policies.Broker)
            .WithSummary("Score a bid's quality (0–100) with a reason").WithDescription("Roles: broker (own council), while evaluating.");
        api.MapPost("/{callId:guid}/votes", Vote).RequireAuthorization(Policies.MemberOrRepresentative)
            .WithSummary("Vote for a bid").WithDescription("Roles: member of the pool (once), representative for a member of the pool; during the voting window.");
        api.MapPost("/{callId:guid}/award", Award).RequireAuthorization(Policies.Broker)
            .WithSummary("Award the call").WithDescription("Roles: broker (own council). After the voting window, with every bid quality-scored: the best score, or a named bid after a revert. Starts the award saga.");
        return app;
    }

    public sealed record WeightsRequest(int? Price, int? Quality, int? MemberVote);

    public sealed record DraftCallRequest(
        Guid? NeedId,
        string? Title,
        string? Description,
        IReadOnlyList<string?>? Outcomes,
        IReadOnlyList<string?>? ServiceCategories,
        long? MaximumAnnualAmount,
        string? Currency,
        int? TermMonths,
        DateOnly? StartDate,
        WeightsRequest? Weights,
        DateTimeOffset? ClosesAt,
        string? StandstillRule,
        int? VotingWindowHours);

    public sealed record CancelRequest(string? Reason);

    public sealed record QualityRequest(int? Score, string? Reason);

    public sealed record VoteRequest(Guid? MemberId, Guid? BidId);

    public sealed record AwardRequest(Guid? BidId);

    public sealed record AwardView(
        Guid ContractId, Guid BidId, Guid ProviderId, string ProviderName, long AnnualAmount, long ContractAmount, string Currency, string Status,
        DateTimeOffset AwardedAt, DateTimeOffset StandstillEndsAt, string? RevertReason, IReadOnlyList<BidScoreLine> Scores, VoteOutcome Vote);

    public sealed record CallView(
        Guid Id, Guid PoolId, Guid NeedId, string Title, string Description, IReadOnlyList<string> Outcomes, IReadOnlyList<string> ServiceCategories,
        long MaximumAnnualAmount, string Currency, int TermMonths, DateOnly StartDate, EvaluationWeights Weights, DateTimeOffset ClosesAt,
        string StandstillRule, int VotingWindowHours, string Status, DateTimeOffset? PublishedAt, DateTimeOffset? ClosedAt,
        DateTimeOffset? VotingOpensAt, DateTimeOffset? VotingClosesAt, DateTimeOffset? StandstillEndsAt, Guid? ContractId,
        string? CancelReason, IReadOnlyList<AwardView> Awards);

    public sealed record BidView(
        Guid BidId, Guid ProviderId, string ProviderName, long AnnualAmount, string Currency, int Capacity, string Proposal,
        IReadOnlyList<string> OutcomeCommitments, DateTimeOffset SubmittedAt, decimal PriceScore,
        int? QualityScore, string? QualityReason, int? Votes, decimal? VoteScore, decimal? Total, long? WeightOfVotes = null);

    public sealed record EvaluationView(
        Guid CallId, string Status, DateTimeOffset? VotingOpensAt, DateTimeOffset? VotingClosesAt, bool VotingOpen,
        IReadOnlyList<BidView> Bids, VoteOutcome? Vote, IReadOnlyList<YourVote> YourVotes);

    public sealed record YourVote(Guid MemberId, Guid BidId);

    public static async Task<Results<Created<CallView>, ValidationProblem, ProblemHttpResult>> Draft(
        DraftCallRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var now = clock.GetUtcNow();
        var errors = new RequestErrors();
        var (needId, terms) = ReadDraft(errors, request, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var need = await session.LoadAsync<Need>(needId, http.RequestAborted);
        if (need is null || await NeedsApi.PoolFor(session, user, need.PoolId) is not { } pool)
        {
            throw new UnknownNeed();
        }

        var drafted = CallDecisions.Handle(pool, need, new DraftCall(NewId.NextGuid(), terms, user.Subject(), now));
        session.Events.StartStream<CallForOffers>(drafted.CallId, drafted);
        await session.SaveChangesAsync(http.RequestAborted);
        StreamVersions.SetETag(http.Response, 1);
        return TypedResults.Created($"/api/calls/{drafted.CallId}", View(CallForOffers.Create(drafted)));
    }

    /// <summary>The drafting body, checked field by field: the need it names and the call's terms. For drafting and for editing a draft.</summary>
    private static (Guid NeedId, CallTerms Terms) ReadDraft(RequestErrors errors, DraftCallRequest request, DateTimeOffset now)
    {
        var needId = errors.Id("needId", request.NeedId);
        var title = errors.Text("title", request.Title, 200);
        var description = errors.Text("description", request.Description, 10000);
        var outcomes = errors.Texts("outcomes", request.Outcomes, 20, 500);
        var categories = errors.SomeOf("serviceCategories", request.ServiceCategories, Brokerage.ProviderOffers.Contracts.ServiceCategories.All);
        var maximum = errors.Amount("maximumAnnualAmount", request.MaximumAnnualAmount);
        var currency = errors.Currency("currency", request.Currency);
        var term = errors.Range("termMonths", request.TermMonths, 1, 120);
        var start = errors.Required("startDate", request.StartDate);
        var closesAt = errors.Required("closesAt", request.ClosesAt);
        if (request.ClosesAt is not null)
        {
            errors.Check(closesAt > now, "closesAt", "Must be in the future.");
        }

        var rule = errors.OneOf("standstillRule", request.StandstillRule, StandstillRules.All);
        var window = errors.Range("votingWindowHours", request.VotingWindowHours, 1, 24 * 60);
        var weights = new EvaluationWeights(0, 0, 0);
        if (request.Weights is null)
        {
            errors.Add("weights", "A value is required.");
        }
        else
        {
            weights = new EvaluationWeights(
                errors.Range("weights.price", request.Weights.Price, 0, 100),
                errors.Range("weights.quality", request.Weights.Quality, 0, 100),
                errors.Range("weights.memberVote", request.Weights.MemberVote, 0, 100));
            errors.Check(weights.Price + weights.Quality + weights.MemberVote == 100, "weights", "Price, quality and member vote must sum to 100.");
        }

        return (needId, new CallTerms(title, description, outcomes, categories, maximum, currency, term, start, weights, closesAt, rule, window));
    }

    public static async Task<Results<Ok<IReadOnlyList<CallView>>, ValidationProblem, ProblemHttpResult>> List(
        Guid? poolId, int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        if (user.Role() == Roles.Provider)
        {
            return Access.Forbidden("Providers find the calls open to them in ProviderOffers.");
        }

        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        errors.Check(poolId != Guid.Empty, "poolId", "Must be a valid id.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var council = user.Council();
        var calls = query.Query<CallForOffers>().Where(c => c.CouncilId == council);
        if (poolId is { } pool)
        {
            calls = calls.Where(c => c.PoolId == pool);
        }

        if (!user.IsCouncilStaff())
        {
            // Get's rule for everyone but staff, as SQL, so pages and the total count only what the caller may read: published
            // (WasPublished), in a pool of the council one of the members they speak for belongs to (Access.MayReadPool).
            var members = user.MemberIdsActedFor().Select(m => m.ToString()).ToArray();
            var pools = query.DocumentStore.Options.Schema.For<Pools.Pool>();
            calls = calls.Where(c => c.MatchesSql(
                "data->>'publishedAt' IS NOT NULL AND (data->>'poolId')::uuid IN "
                + $"(SELECT p.id FROM {pools} p WHERE p.data->>'councilId' = ? AND jsonb_exists_any(p.data->'members', ?))",
                council, members));
        }

        // The id breaks ties of drafting time, so no call is on two pages or on none.
        var found = await ListPaging.PageAsync(calls.OrderByDescending(c => c.DraftedAt).ThenByDescending(c => c.Id), paging, http.RequestAborted);
        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<CallView>>(found.Items.Select(View).ToArray());
    }

    public static async Task<Results<Ok<CallView>, ProblemHttpResult>> Get(Guid callId, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var state = await query.Events.FetchStreamStateAsync(callId, http.RequestAborted);
        var call = await Readable(query, user, callId, http.RequestAborted);
        if (!call.WasPublished && !user.IsCouncilStaff())
        {
            throw new UnknownCall();
        }

        if (!user.IsCouncilStaff() && user.Role() != Roles.Provider && !await IsPoolReader(query, user, call))
        {
            return Access.Forbidden("Only the pool's members, their representatives, providers and council staff read this call.");
        }

        StreamVersions.SetETag(http.Response, state?.Version ?? 1);
        return TypedResults.Ok(View(call));
    }

    public static async Task<Results<Ok<CallView>, ValidationProblem, ProblemHttpResult>> Edit(
        Guid callId, DraftCallRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var now = clock.GetUtcNow();
        var errors = new RequestErrors();
        var (needId, terms) = ReadDraft(errors, request, now);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var stream = await Writable(session, user, callId, http);
        var call = stream.Aggregate!;
        if (CallDecisions.Handle(call, new EditDraftCall(needId, terms, user.Subject(), now)) is { } edited)
        {
            stream.AppendOne(edited);
            await session.SaveChangesAsync(http.RequestAborted);
            call = call.Apply(edited);
        }

        StreamVersions.SetETag(http.Response, stream.CurrentVersion ?? 0);
        return TypedResults.Ok(View(call));
    }

    public static async Task<Results<Ok<CallView>, ProblemHttpResult>> Publish(
        Guid callId, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var stream = await Writable(session, user, callId, http);
        var call = stream.Aggregate!;
        var published = CallDecisions.Handle(call, new PublishCall(clock.GetUtcNow()));
        stream.AppendOne(published);
        session.Publish(new CallForOffersPublished(
            call.Id, call.CouncilId, call.PoolId, call.Title, call.Description, call.Outcomes, call.ServiceCategories, call.MaximumAnnualPrice,
            call.Currency, call.TermMonths, call.StartDate, call.ClosesAt, published.PublishedAt));
        await session.SaveChangesAsync(http.RequestAborted);
        StreamVersions.SetETag(http.Response, stream.CurrentVersion ?? 0);
        return TypedResults.Ok(View(call.Apply(published)));
    }

    public static async Task<Results<Ok<CallView>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid callId, CancelRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        var reason = errors.Text("reason", request.Reason, 1000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var stream = await Writable(session, user, callId, http);
        var call = stream.Aggregate!;
        var cancelled = CallDecisions.Handle(call, new CancelCall(reason, user.Subject(), clock.GetUtcNow()));
        stream.AppendOne(cancelled);
        session.Publish(new CallForOffersCancelled(call.Id, call.CouncilId, reason, cancelled.CancelledAt));
        if (call.Status is CallStatus.Awarded or CallStatus.Standstill && call.CurrentContractId is { } contractId)
        {
            session.Publish(new AwardCancelled(contractId, call.Id, cancelled.CancelledAt));
        }

        await session.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Ok(View(call.Apply(cancelled)));
    }

    public static async Task<Results<Ok<EvaluationView>, ProblemHttpResult>> Evaluation(
        Guid callId, ClaimsPrincipal user, IQuerySession query, TimeProvider clock, HttpContext http)
    {
        var call = await Readable(query, user, callId, http.RequestAborted);
        var staff = user.IsCouncilStaff();
        if (!staff && !call.WasPublished)
        {
            throw new UnknownCall();
        }

        if (!staff && !await IsPoolReader(query, user, call))
        {
            return Access.Forbidden("Only the pool's members, their representatives and council staff see the evaluation.");
        }

        if (call.BidList is null)
        {
            throw new CallNotInState(CallDecisions.Kebab(call.Status), "evaluated before its bids are opened");
        }

        var now = clock.GetUtcNow();
        var votingOpen = call.Status == CallStatus.Evaluating && now >= call.VotingOpensAt && now < call.VotingClosesAt;
        var showTallies = staff || (call.VotingClosesAt is { } closes && now >= closes);
        var vote = Calls.Evaluation.Vote(call);
        var scores = Calls.Evaluation.Score(call, vote).ToDictionary(s => s.BidId);
        var mine = user.MemberIdsActedFor();
        var bids = call.Bids.Select(b =>
        {
            var s = scores[b.BidId];
            return new BidView(
                b.BidId, b.ProviderId, b.ProviderName, b.AnnualPrice, b.Currency, b.Capacity, b.Proposal, b.OutcomeCommitments, b.SubmittedAt,
                s.PriceScore, showTallies ? b.QualityScore : null, showTallies ? b.QualityReason : null,
                showTallies ? s.Votes : null, showTallies ? s.VoteScore : null, showTallies ? s.Total : null, showTallies ? s.WeightOfVotes : null);
        }).ToArray();
        var yours = call.Votes.Where(v => mine.Contains(v.MemberId)).Select(v => new YourVote(v.MemberId, v.BidId)).ToArray();
        return TypedResults.Ok(new EvaluationView(
            call.Id, CallDecisions.Kebab(call.Status), call.VotingOpensAt, call.VotingClosesAt, votingOpen, bids, showTallies ? vote : null, yours));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ScoreQuality(
        Guid callId, Guid bidId, QualityRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        var score = errors.Range("score", request.Score, 0, 100);
        var reason = errors.Text("reason", request.Reason, 2000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var stream = await Writable(session, user, callId, http);
        stream.AppendOne(CallDecisions.Handle(stream.Aggregate!, new ScoreQuality(bidId, score, reason, user.Subject(), clock.GetUtcNow())));
        await session.SaveChangesAsync(http.RequestAborted);
        StreamVersions.SetETag(http.Response, stream.CurrentVersion ?? 0);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<YourVote>, ValidationProblem, ProblemHttpResult>> Vote(
        Guid callId, VoteRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        var bidId = errors.Id("bidId", request.BidId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var stream = await session.Events.FetchForWriting<CallForOffers>(callId, http.RequestAborted);
        if (stream.Aggregate is not { } call || !CouncilAccess.IsSameCouncil(user, call.CouncilId) || !call.WasPublished)
        {
            throw new UnknownCall();
        }

        var (memberId, forbidden) = Access.ActingMember(user, request.MemberId);
        if (forbidden is not null)
        {
            return forbidden;
        }

        var castBy = user.Role() == Roles.Representative ? user.Subject() : null;
        var cast = CallDecisions.Handle(call, new CastVote(memberId, bidId, castBy, clock.GetUtcNow()));
        session.ActingFor(user, memberId);
        stream.AppendOne(cast);
        await session.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Created($"/api/calls/{callId}/evaluation", new YourVote(memberId, bidId));
    }

    public static async Task<Results<Accepted<CallView>, ProblemHttpResult>> Award(
        Guid callId, AwardRequest? request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var stream = await Writable(session, user, callId, http);
        var call = stream.Aggregate!;
        var awarded = CallDecisions.Handle(call, new AwardCall(NewId.NextGuid(), request?.BidId, user.Subject(), clock.GetUtcNow()));
        stream.AppendOne(awarded);
        var v = awarded.Vote;
        session.Publish(new AwardDecided(
            awarded.ContractId, call.Id, call.CouncilId, call.PoolId, awarded.BidId, awarded.ProviderId, awarded.AnnualPrice, awarded.ContractValue,
            call.Currency,
            awarded.Scores.Select(s => new BidScore(s.BidId, s.ProviderId, s.PriceScore, s.QualityScore ?? 0, s.VoteScore, s.Total, s.WeightOfVotes)).ToArray(),
            new VoteResult(v.VotingMethod, v.Electorate, v.VotesCast, v.QuorumPercent, v.QuorumMet, v.PriceWeight, v.QualityWeight, v.VoteWeight, v.WeightCast),
            awarded.StandstillEndsAt, awarded.AwardedAt));
        await session.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Accepted($"/api/calls/{callId}", View(call.Apply(awarded)));
    }

    /// <summary>The call for a broker's write: unknown or another council's is 404; If-Match is honoured.</summary>
    private static async Task<IEventStream<CallForOffers>> Writable(IDocumentSession session, ClaimsPrincipal user, Guid callId, HttpContext http)
    {
        var stream = await session.Events.FetchForWriting<CallForOffers>(callId, http.RequestAborted);
        if (stream.Aggregate is not { } call || !CouncilAccess.IsSameCouncil(user, call.CouncilId))
        {
            throw new UnknownCall();
        }

        stream.EnsureVersion(StreamVersions.IfMatch(http.Request));

        return stream;
    }

    private static async Task<CallForOffers> Readable(IQuerySession query, ClaimsPrincipal user, Guid callId, CancellationToken ct)
    {
        var call = await query.LoadAsync<CallForOffers>(callId, ct);
        return call is not null && CouncilAccess.IsSameCouncil(user, call.CouncilId) ? call : throw new UnknownCall();
    }

    private static async Task<bool> IsPoolReader(IQuerySession query, ClaimsPrincipal user, CallForOffers call) =>
        await query.LoadAsync<Pools.Pool>(call.PoolId) is { } pool && Access.MayReadPool(user, pool);

    public static CallView View(CallForOffers c) => new(
        c.Id, c.PoolId, c.NeedId, c.Title, c.Description, c.Outcomes, c.ServiceCategories, c.MaximumAnnualPrice, c.Currency, c.TermMonths,
        c.StartDate, c.Weights, c.ClosesAt, c.StandstillRule, c.VotingWindowHours, CallDecisions.Kebab(c.Status), c.PublishedAt, c.ClosedAt,
        c.VotingOpensAt, c.VotingClosesAt, c.StandstillEndsAt, c.CurrentContractId, c.CancelReason,
        c.Awards.Select(a => new AwardView(
            a.ContractId, a.BidId, a.ProviderId, a.ProviderName, a.AnnualPrice, a.ContractValue, c.Currency, a.Status, a.AwardedAt,
            a.StandstillEndsAt, a.RevertReason, a.Scores, a.Vote)).ToArray());
}
