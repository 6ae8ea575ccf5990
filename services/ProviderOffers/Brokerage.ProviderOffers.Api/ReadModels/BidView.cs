using Brokerage.EventStore;
using Brokerage.ProviderOffers.Api.Calls.RevisingBid;
using Brokerage.ProviderOffers.Api.Calls.SubmittingBid;
using Brokerage.ProviderOffers.Api.Calls.WithdrawingBid;

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

public sealed class BidViewProjection : DocumentProjection<BidView>
{
    public BidViewProjection()
    {
        Handles<BidSubmitted>();
        Handles<BidRevised>();
        Handles<BidWithdrawn>();
    }

    protected override string? DocumentId(IEvent @event) => @event.Data switch
    {
        BidSubmitted e => e.BidId.ToString(),
        BidRevised e => e.BidId.ToString(),
        BidWithdrawn e => e.BidId.ToString(),
        _ => null,
    };

    protected override BidView? Evolve(BidView? current, IEvent @event) => (current, @event.Data) switch
    {
        (_, BidSubmitted e) => new BidView(
            e.BidId, e.CallId, e.CouncilId, e.ProviderId, e.ProviderName, e.AnnualPrice, e.Currency, e.Capacity, e.Proposal,
            e.OutcomeCommitments, 1, BidStatus.Submitted, e.SubmittedAt, null, null),
        ({ } bid, BidRevised e) => bid with
        {
            AnnualPrice = e.AnnualPrice,
            Currency = e.Currency,
            Capacity = e.Capacity,
            Proposal = e.Proposal,
            OutcomeCommitments = e.OutcomeCommitments,
            Revision = e.Revision,
            LastRevisedAt = e.RevisedAt,
        },
        ({ } bid, BidWithdrawn e) => bid with { Status = BidStatus.Withdrawn, WithdrawnAt = e.WithdrawnAt },
        _ => current,
    };
}
