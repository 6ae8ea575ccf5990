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
        api.MapGet("/", List).RequireAuthorization(Policies.CouncilStaff)
            .WithSummary("The council's calls for offers, newest first; ?page=&pageSize= (X-Total-Count, Link)").WithDescription("Roles: broker, council-admin (own council).");
        api.MapGet("/{callId:guid}", Get).RequireAuthorization(Policies.SignedIn)
            .WithSummary("One call for offers").WithDescription("Roles: broker and council-admin (own council, drafts too); once published, members of the pool, their representatives, and providers of the council.");
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

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var need = await session.LoadAsync<Need>(needId, http.RequestAborted);
        if (need is null || await NeedsApi.PoolFor(session, user, need.PoolId) is not { } pool)
        {
            throw new UnknownNeed();
        }

        var drafted = CallDecisions.Handle(pool, need, new DraftCall(
            NewId.NextGuid(), title, description, outcomes, categories, maximum, currency, term, start, weights, closesAt, rule, window,
            user.Subject(), now));
        session.Events.StartStream<CallForOffers>(drafted.CallId, drafted);
        await session.SaveChangesAsync(http.RequestAborted);
        StreamVersions.SetETag(http.Response, 1);
        return TypedResults.Created($"/api/calls/{drafted.CallId}", View(CallForOffers.Create(drafted)));
    }

    public static async Task<Results<Ok<IReadOnlyList<CallView>>, ValidationProblem>> List(
        int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var council = user.Council();
        var found = await ListPaging.PageAsync(
            query.Query<CallForOffers>().Where(c => c.CouncilId == council).OrderByDescending(c => c.DraftedAt), paging, http.RequestAborted);
        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<CallView>>(found.Items.Select(View).ToArray());
    }

    public static async Task<Results<Ok<CallView>, ProblemHttpResult>> Get(Guid callId, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var state = await query.Events.FetchStreamStateAsync(callId, http.RequestAborted);
        var call = await Readable(query, user, callId, http.RequestAborted);
        if (call.Status == CallStatus.Draft && !user.IsCouncilStaff())
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
        if (!staff && call.Status == CallStatus.Draft)
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
        if (stream.Aggregate is not { } call || !CouncilAccess.IsSameCouncil(user, call.CouncilId) || call.Status == CallStatus.Draft)
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
