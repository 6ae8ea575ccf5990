using System.Security.Claims;
using Brokerage.ProviderOffers.Api.Calls;
using Brokerage.ProviderOffers.Api.Calls.RevisingBid;
using Brokerage.ProviderOffers.Api.Calls.SubmittingBid;
using Brokerage.ProviderOffers.Api.Calls.WithdrawingBid;
using Brokerage.ProviderOffers.Api.Providers;
using Brokerage.ProviderOffers.Api.ReadModels;
using Brokerage.ServiceDefaults;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.ProviderOffers.Api.Apis;

/// <summary>
/// Sealed bids. Until a call's bids are opened (Commissioning closed it), a bid is readable by its provider only: council
/// staff get 403 BidsSealed whether or not a bid exists, everyone else 404. No log line or message carries a bid's terms.
/// </summary>
public static class BidsApi
{
    public static IEndpointRouteBuilder MapBidsApi(this IEndpointRouteBuilder app)
    {
        var bids = app.MapGroup("/api/calls/{callId:guid}/bids").WithTags("Bids");
        bids.MapPost("/", Submit).RequireAuthorization(Policies.Provider)
            .WithSummary("Submit your bid").WithDescription("Roles: provider verified by the call's council, not suspended, in one of its categories. One bid per provider per call.");
        bids.MapPut("/{bidId:guid}", Revise).RequireAuthorization(Policies.Provider)
            .WithSummary("Revise your bid before closing").WithDescription("Roles: the bidding provider. If-Match carries the bid's revision.");
        bids.MapPost("/{bidId:guid}/withdrawal", Withdraw).RequireAuthorization(Policies.Provider)
            .WithSummary("Withdraw your bid before closing").WithDescription("Roles: the bidding provider.");
        bids.MapGet("/{bidId:guid}", Get).RequireAuthorization(Policies.SignedIn)
            .WithSummary("One bid").WithDescription("Roles: the bidding provider, always; broker or council-admin of the call's council once the bids are opened (403 BidsSealed before).");
        bids.MapGet("/", List).RequireAuthorization(Policies.SignedIn)
            .WithSummary("The call's opened bids").WithDescription("Roles: broker or council-admin of the call's council once the bids are opened (403 BidsSealed before).");

        app.MapGet("/api/providers/{providerId:guid}/bids", OwnBids).WithTags("Bids").RequireAuthorization(Policies.Provider)
            .WithSummary("Your bids, newest first; ?page=&pageSize=").WithDescription("Roles: the provider itself.");
        return app;
    }

    public sealed record BidRequest(long? AnnualPriceAmount, string? Currency, int? Capacity, string? Proposal, IReadOnlyList<string?>? OutcomeCommitments);

    public sealed record BidResponse(
        Guid Id,
        Guid CallId,
        Guid ProviderId,
        string ProviderName,
        long AnnualPriceAmount,
        string Currency,
        int Capacity,
        string Proposal,
        IReadOnlyList<string> OutcomeCommitments,
        int Revision,
        BidStatus Status,
        DateTimeOffset SubmittedAt,
        DateTimeOffset? LastRevisedAt,
        DateTimeOffset? WithdrawnAt)
    {
        public static BidResponse From(BidView b) =>
            new(b.Id, b.CallId, b.ProviderId, b.ProviderName, b.AnnualPrice, b.Currency, b.Capacity, b.Proposal, b.OutcomeCommitments,
                b.Revision, b.Status, b.SubmittedAt, b.LastRevisedAt, b.WithdrawnAt);
    }

    private sealed record BidTerms(long AnnualPrice, string Currency, int Capacity, string Proposal, IReadOnlyList<string> OutcomeCommitments);

    private static async Task<Results<Created<BidResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        Guid callId, BidRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var terms = Read(request, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var call = await session.LoadAsync<CallView>(callId, ct);
        if (call is null || user.OwnProviderId() is not { } providerId || !await CallsApi.MaySeeAsync(call, user, session, ct))
        {
            return Problems.NotFound("No such call for offers");
        }

        var bidId = Guid.CreateVersion7(clock.GetUtcNow());
        await Conflicts.RetryAsync(session, async () =>
        {
            var provider = await session.Events.AggregateStreamAsync<Provider>(providerId, token: ct) ?? throw new ProviderNotEligible();
            var stream = await session.Events.FetchForWriting<CallForOffers>(callId, ct);
            stream.AppendOne(SubmitBid.Handle(stream.Aggregate!, provider, new SubmitBid(
                callId, bidId, providerId, terms.AnnualPrice, terms.Currency, terms.Capacity, terms.Proposal, terms.OutcomeCommitments, clock.GetUtcNow())));
            await session.SaveChangesAsync(ct);
            return true;
        });
        var bid = await LoadAsync(session, bidId, ct);
        SetETag(response, bid);
        return TypedResults.Created($"/api/calls/{callId}/bids/{bidId}", BidResponse.From(bid));
    }

    private static async Task<Results<Ok<BidResponse>, ValidationProblem, ProblemHttpResult>> Revise(
        Guid callId, Guid bidId, BidRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpRequest http,
        HttpResponse response, CancellationToken ct)
    {
        var expected = StreamVersions.IfMatch(http);
        if (await OwnBidAsync(session, user, callId, bidId, ct) is not { } own)
        {
            return Problems.NotFound("No such bid");
        }

        var errors = new RequestErrors();
        var terms = Read(request, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await Conflicts.RetryAsync(session, async () =>
        {
            var provider = await session.Events.AggregateStreamAsync<Provider>(own.ProviderId, token: ct) ?? throw new ProviderNotEligible();
            var stream = await session.Events.FetchForWriting<CallForOffers>(callId, ct);
            stream.AppendOne(ReviseBid.Handle(stream.Aggregate!, provider, new ReviseBid(
                callId, bidId, own.ProviderId, terms.AnnualPrice, terms.Currency, terms.Capacity, terms.Proposal, terms.OutcomeCommitments,
                expected is { } revision ? (int)Math.Min(revision, int.MaxValue) : null, clock.GetUtcNow())));
            await session.SaveChangesAsync(ct);
            return true;
        });
        var bid = await LoadAsync(session, bidId, ct);
        SetETag(response, bid);
        return TypedResults.Ok(BidResponse.From(bid));
    }

    private static async Task<Results<Ok<BidResponse>, ProblemHttpResult>> Withdraw(
        Guid callId, Guid bidId, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        if (await OwnBidAsync(session, user, callId, bidId, ct) is not { } own)
        {
            return Problems.NotFound("No such bid");
        }

        await Conflicts.RetryAsync(session, async () =>
        {
            var stream = await session.Events.FetchForWriting<CallForOffers>(callId, ct);
            stream.AppendOne(WithdrawBid.Handle(stream.Aggregate!, new WithdrawBid(callId, bidId, own.ProviderId, clock.GetUtcNow())));
            await session.SaveChangesAsync(ct);
            return true;
        });
        var bid = await LoadAsync(session, bidId, ct);
        SetETag(response, bid);
        return TypedResults.Ok(BidResponse.From(bid));
    }

    private static async Task<Results<Ok<BidResponse>, ProblemHttpResult>> Get(
        Guid callId, Guid bidId, ClaimsPrincipal user, IQuerySession query, HttpResponse response, CancellationToken ct)
    {
        if (await OwnBidAsync(query, user, callId, bidId, ct) is { } own)
        {
            SetETag(response, own);
            return TypedResults.Ok(BidResponse.From(own));
        }

        var call = await query.LoadAsync<CallView>(callId, ct);
        if (call is null || !user.IsStaffOf(call.CouncilId))
        {
            return Problems.NotFound("No such bid");
        }

        // Before opening, staff learn nothing, not even whether this bid exists.
        if (!call.BidsAreOpen)
        {
            throw new BidsSealed();
        }

        var bid = await query.LoadAsync<BidView>(bidId, ct);
        if (bid is null || bid.CallId != callId || bid.Status != BidStatus.Submitted)
        {
            return Problems.NotFound("No such bid");
        }

        SetETag(response, bid);
        return TypedResults.Ok(BidResponse.From(bid));
    }

    private static async Task<Results<Ok<IReadOnlyList<BidResponse>>, ProblemHttpResult>> List(
        Guid callId, ClaimsPrincipal user, IQuerySession query, CancellationToken ct)
    {
        var call = await query.LoadAsync<CallView>(callId, ct);
        if (call is null || !user.IsStaffOf(call.CouncilId))
        {
            return Problems.NotFound("No such call for offers");
        }

        if (!call.BidsAreOpen)
        {
            throw new BidsSealed();
        }

        var bids = await query.Query<BidView>()
            .Where(b => b.CallId == callId && b.Status == BidStatus.Submitted)
            .OrderBy(b => b.SubmittedAt).ThenBy(b => b.Id)
            .ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<BidResponse>>(bids.Select(BidResponse.From).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<BidResponse>>, ProblemHttpResult, ValidationProblem>> OwnBids(
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
            query.Query<BidView>().Where(b => b.ProviderId == providerId).OrderByDescending(b => b.SubmittedAt).ThenBy(b => b.Id), paging, ct);
        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<BidResponse>>(found.Items.Select(BidResponse.From).ToList());
    }

    private static async Task<BidView?> OwnBidAsync(IQuerySession query, ClaimsPrincipal user, Guid callId, Guid bidId, CancellationToken ct) =>
        user.OwnProviderId() is { } providerId
        && await query.LoadAsync<BidView>(bidId, ct) is { } bid
        && bid.ProviderId == providerId && bid.CallId == callId
            ? bid
            : null;

    private static async Task<BidView> LoadAsync(IQuerySession query, Guid bidId, CancellationToken ct) =>
        await query.LoadAsync<BidView>(bidId, ct)
        ?? throw new InvalidOperationException("The bid's read model is written inline and must exist after a save.");

    // The bid's own revision, never the call stream's version: that moves when other providers bid.
    private static void SetETag(HttpResponse response, BidView bid) => StreamVersions.SetETag(response, bid.Revision);

    private static BidTerms Read(BidRequest request, RequestErrors errors)
    {
        var price = errors.Amount("annualPriceAmount", request.AnnualPriceAmount);
        var currency = errors.Currency("currency", request.Currency);
        var capacity = errors.Range("capacity", request.Capacity, 1, 100_000);
        var proposal = errors.Text("proposal", request.Proposal, maxLength: 20_000);
        var commitments = errors.Texts("outcomeCommitments", request.OutcomeCommitments, maxItems: 30, maxLength: 1000);
        return new BidTerms(price, currency, capacity, proposal, commitments);
    }

}
