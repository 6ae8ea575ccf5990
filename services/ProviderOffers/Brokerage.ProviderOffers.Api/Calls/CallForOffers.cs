using Brokerage.ProviderOffers.Api.Calls.CancellingCall;
using Brokerage.ProviderOffers.Api.Calls.ClosingCall;
using Brokerage.ProviderOffers.Api.Calls.RecordingAward;
using Brokerage.ProviderOffers.Api.Calls.RecordingCall;
using Brokerage.ProviderOffers.Api.Calls.RevisingBid;
using Brokerage.ProviderOffers.Api.Calls.SubmittingBid;
using Brokerage.ProviderOffers.Api.Calls.WithdrawingBid;

namespace Brokerage.ProviderOffers.Api.Calls;

public enum CallStatus
{
    Open,
    Closed,
    Awarded,
    Cancelled,
}

/// <summary>A sealed bid as it stands: its latest revision. Only the bidding provider may read it until the bids are opened.</summary>
public sealed record Bid(
    Guid BidId,
    Guid ProviderId,
    string ProviderName,
    long AnnualPrice,
    string Currency,
    int Capacity,
    string Proposal,
    IReadOnlyList<string> OutcomeCommitments,
    int Revision,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? LastRevisedAt,
    bool Withdrawn);

/// <summary>
/// A call for offers as ProviderOffers knows it (from Commissioning's events) together with its bids. Bids live in the
/// call's stream so that "one bid per provider", "no bid after closing" and "open the bids exactly once" are decided
/// on one consistent state: a bid racing the close conflicts on the stream version instead of slipping past it.
/// </summary>
public sealed record CallForOffers(
    Guid Id,
    string CouncilId,
    IReadOnlyList<string> ServiceCategories,
    long MaximumAnnualPrice,
    string Currency,
    DateTimeOffset ClosesAt,
    CallStatus Status,
    bool BidsOpened,
    IReadOnlyList<Bid> Bids,
    IReadOnlyList<Guid> AwardedContracts,
    IReadOnlyList<Guid> RevertedContracts)
{
    public static CallForOffers Create(CallForOffersRecorded e) =>
        new(e.CallId, e.CouncilId, e.ServiceCategories, e.MaximumAnnualPrice, e.Currency, e.ClosesAt, CallStatus.Open, false, [], [], []);

    public CallForOffers Apply(BidSubmitted e) => this with
    {
        Bids = [.. Bids, new Bid(e.BidId, e.ProviderId, e.ProviderName, e.AnnualPrice, e.Currency, e.Capacity, e.Proposal, e.OutcomeCommitments, 1, e.SubmittedAt, null, false)],
    };

    public CallForOffers Apply(BidRevised e) => WithBid(e.BidId, bid => bid with
    {
        AnnualPrice = e.AnnualPrice,
        Currency = e.Currency,
        Capacity = e.Capacity,
        Proposal = e.Proposal,
        OutcomeCommitments = e.OutcomeCommitments,
        Revision = e.Revision,
        LastRevisedAt = e.RevisedAt,
    });

    public CallForOffers Apply(BidWithdrawn e) => WithBid(e.BidId, bid => bid with { Withdrawn = true });

    public CallForOffers Apply(CallClosed e) => this with { Status = Status == CallStatus.Cancelled ? Status : CallStatus.Closed, BidsOpened = true };

    public CallForOffers Apply(CallCancelled e) => this with { Status = CallStatus.Cancelled };

    public CallForOffers Apply(CallAwarded e) => this with { Status = CallStatus.Awarded, AwardedContracts = [.. AwardedContracts, e.ContractId] };

    public CallForOffers Apply(AwardReverted e) => this with { Status = CallStatus.Closed, RevertedContracts = [.. RevertedContracts, e.ContractId] };

    /// <summary>Bids neither withdrawn nor replaced: each bid's latest revision.</summary>
    public IReadOnlyList<Bid> LiveBids => Bids.Where(bid => !bid.Withdrawn).ToList();

    public Bid? BidOf(Guid providerId) => Bids.FirstOrDefault(bid => bid.ProviderId == providerId);

    /// <summary>
    /// Throws unless bids may still change at <paramref name="now"/>: the call is open and its closing time has not come.
    /// Closing is decided by the clock as well as by Commissioning's message, so a late message cannot let a late bid in.
    /// </summary>
    public void EnsureOpenAt(DateTimeOffset now)
    {
        if (Status == CallStatus.Cancelled)
        {
            throw new CallCancelledForBids();
        }

        if (Status != CallStatus.Open || BidsOpened || now >= ClosesAt)
        {
            throw new CallClosedForBids();
        }
    }

    private CallForOffers WithBid(Guid bidId, Func<Bid, Bid> change) =>
        this with { Bids = Bids.Select(bid => bid.BidId == bidId ? change(bid) : bid).ToList() };
}
