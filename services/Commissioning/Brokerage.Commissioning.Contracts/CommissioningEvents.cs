namespace Brokerage.Commissioning.Contracts;

// Integration events of the Commissioning service: calls for offers, awards and contracts.
// Money is integer minor units (pence) with an ISO 4217 currency. Needs and votes never leave the service.

/// <summary>A call for offers (tender) opened to bids until <paramref name="ClosesAt"/>.</summary>
public sealed record CallForOffersPublished(
    Guid CallId,
    string CouncilId,
    Guid PoolId,
    string Title,
    string Description,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> ServiceCategories,
    long MaximumAnnualPrice,
    string Currency,
    int TermMonths,
    DateOnly StartDate,
    DateTimeOffset ClosesAt,
    DateTimeOffset PublishedAt);

/// <summary>The closing time passed: no more bids, revisions or withdrawals; ProviderOffers opens the bids.</summary>
public sealed record CallForOffersClosed(Guid CallId, string CouncilId, DateTimeOffset ClosedAt);

public sealed record CallForOffersCancelled(Guid CallId, string CouncilId, string Reason, DateTimeOffset CancelledAt);

/// <summary>One bidder's scores, each 0–100 with two decimal places; <paramref name="Total"/> is the weighted score.</summary>
/// <param name="WeightOfVotes">When the pool votes "weighted-by-pledge": the sum of the weights (pence pledged) of the votes for the bid.</param>
public sealed record BidScore(
    Guid BidId, Guid ProviderId, decimal PriceScore, decimal QualityScore, decimal VoteScore, decimal Total, long? WeightOfVotes = null);

/// <summary>The award decision, published with every bidder's scores. The contract starts after the standstill.</summary>
public sealed record CallForOffersAwarded(
    Guid CallId, string CouncilId, Guid PoolId, Guid ContractId, Guid BidId, Guid ProviderId, long AnnualPrice, string Currency,
    IReadOnlyList<BidScore> Scores, DateTimeOffset StandstillEndsAt, DateTimeOffset AwardedAt,
    VoteResult? Vote = null, long? ContractValue = null);

/// <summary>
/// How the member vote counted in an award. When the quorum was not met, the vote weight was shared between price and
/// quality in proportion to their weights: <paramref name="VoteWeight"/> is then 0 and the other two add up to 100.
/// </summary>
/// <param name="WeightCast">
/// When the pool votes "weighted-by-pledge": the sum of the weights (pence pledged when the bids were opened) of every vote
/// cast. A weighted vote whose weight cast is 0 does not count (<paramref name="QuorumMet"/> is false).
/// </param>
public sealed record VoteResult(
    string VotingMethod, int Electorate, int VotesCast, int QuorumPercent, bool QuorumMet, decimal PriceWeight, decimal QualityWeight, decimal VoteWeight,
    long? WeightCast = null);

/// <summary>One monthly instalment of a contract's payment schedule (exact pence; the remainder is on the last one).</summary>
public sealed record PaymentInstalment(int Number, DateOnly PeriodStart, DateOnly PeriodEnd, long Amount, string Currency);

/// <summary>The award could not stand (e.g. the pool could not cover it); nothing is reserved.</summary>
public sealed record AwardReverted(Guid CallId, string CouncilId, Guid ContractId, Guid BidId, string Reason, DateTimeOffset RevertedAt);

public sealed record ContractStarted(
    Guid ContractId, Guid CallId, string CouncilId, Guid PoolId, Guid ProviderId, long AnnualPrice, string Currency,
    DateOnly StartDate, DateOnly EndDate, DateTimeOffset StartedAt,
    IReadOnlyList<PaymentInstalment>? PaymentSchedule = null, long? ContractValue = null);

public sealed record ContractVaried(
    Guid ContractId, string CouncilId, long AnnualPrice, string Currency, DateOnly EndDate, string Reason, DateTimeOffset VariedAt,
    IReadOnlyList<PaymentInstalment>? PaymentSchedule = null);

public sealed record ContractEnded(Guid ContractId, string CouncilId, string Reason, DateTimeOffset EndedAt);
