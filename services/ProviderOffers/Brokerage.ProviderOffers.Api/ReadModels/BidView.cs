using Brokerage.ProviderOffers.Api.Calls.RevisingBid;
using Brokerage.ProviderOffers.Api.Calls.SubmittingBid;
using Brokerage.ProviderOffers.Api.Calls.WithdrawingBid;
using Marten.Events.Projections;

namespace Brokerage.ProviderOffers.Api.ReadModels;

public enum BidStatus
{
    Submitted,
    Withdrawn,
}

/// <summary>A bid at its latest revision. Sealed: endpoints hand it only to its provider until the call's bids are opened.</summary>
public sealed record BidView(
    Guid Id,
    Guid CallId,
    string CouncilId,
    Guid ProviderId,
    string ProviderName,
    long AnnualPrice,
    string Currency,
    int Capacity,
    string Proposal,
    IReadOnlyList<string> OutcomeCommitments,
    int Revision,
    BidStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? LastRevisedAt,
    DateTimeOffset? WithdrawnAt);

/// <summary>One document per bid (not per call stream): the call's stream carries every provider's bid events.</summary>
public sealed class BidViewProjection : MultiStreamProjection<BidView, Guid>
{
    public BidViewProjection()
    {
        Identity<BidSubmitted>(e => e.BidId);
        Identity<BidRevised>(e => e.BidId);
        Identity<BidWithdrawn>(e => e.BidId);
    }

    public BidView Create(BidSubmitted e) => new(
        e.BidId, e.CallId, e.CouncilId, e.ProviderId, e.ProviderName, e.AnnualPrice, e.Currency, e.Capacity, e.Proposal,
        e.OutcomeCommitments, 1, BidStatus.Submitted, e.SubmittedAt, null, null);

    public BidView Apply(BidView bid, BidRevised e) => bid with
    {
        AnnualPrice = e.AnnualPrice,
        Currency = e.Currency,
        Capacity = e.Capacity,
        Proposal = e.Proposal,
        OutcomeCommitments = e.OutcomeCommitments,
        Revision = e.Revision,
        LastRevisedAt = e.RevisedAt,
    };

    public BidView Apply(BidView bid, BidWithdrawn e) => bid with { Status = BidStatus.Withdrawn, WithdrawnAt = e.WithdrawnAt };
}
