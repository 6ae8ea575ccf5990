using Brokerage.ProviderOffers.Api.Calls.SubmittingBid;
using Brokerage.ProviderOffers.Api.Providers;

namespace Brokerage.ProviderOffers.Api.Calls.RevisingBid;

/// <summary>
/// The bidding provider replaces its bid's terms before closing. <paramref name="ExpectedRevision"/> (from If-Match) guards
/// against overwriting a revision made meanwhile from another screen.
/// </summary>
public sealed record ReviseBid(
    Guid CallId,
    Guid BidId,
    Guid ProviderId,
    long AnnualPrice,
    string Currency,
    int Capacity,
    string Proposal,
    IReadOnlyList<string> OutcomeCommitments,
    int? ExpectedRevision,
    DateTimeOffset RevisedAt)
{
    public static BidRevised Handle(CallForOffers call, Provider provider, ReviseBid command)
    {
        var bid = call.Bids.FirstOrDefault(b => b.BidId == command.BidId && b.ProviderId == command.ProviderId)
            ?? throw new BidNotFound();
        call.EnsureOpenAt(command.RevisedAt);
        if (bid.Withdrawn)
        {
            throw new BidAlreadyWithdrawn();
        }

        if (command.ExpectedRevision is { } expected && expected != bid.Revision)
        {
            throw new BidRevisionStale();
        }

        if (!provider.MayBid(call.CouncilId, call.ServiceCategories))
        {
            throw new ProviderNotEligible();
        }

        BidTerms.Ensure(call, command.AnnualPrice, command.Currency);
        return new BidRevised(
            command.CallId, command.BidId, command.ProviderId, command.AnnualPrice, command.Currency, command.Capacity, command.Proposal,
            command.OutcomeCommitments, bid.Revision + 1, command.RevisedAt);
    }
}

public sealed record BidRevised(
    Guid CallId,
    Guid BidId,
    Guid ProviderId,
    long AnnualPrice,
    string Currency,
    int Capacity,
    string Proposal,
    IReadOnlyList<string> OutcomeCommitments,
    int Revision,
    DateTimeOffset RevisedAt);
