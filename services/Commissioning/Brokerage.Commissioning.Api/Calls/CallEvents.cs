namespace Brokerage.Commissioning.Api.Calls;

public enum CallStatus
{
    Draft,
    Published,
    Closed,
    Evaluating,
    Awarded,
    Standstill,
    Contracted,
    Cancelled,
}

/// <summary>Evaluation weights in whole percent; they sum to 100.</summary>
public sealed record EvaluationWeights(int Price, int Quality, int MemberVote);

/// <summary>A bid as opened at closing, with the broker's quality score once given.</summary>
public sealed record CallBid(
    Guid BidId,
    Guid ProviderId,
    string ProviderName,
    long AnnualPrice,
    string Currency,
    int Capacity,
    string Proposal,
    IReadOnlyList<string> OutcomeCommitments,
    DateTimeOffset SubmittedAt,
    int? QualityScore = null,
    string? QualityReason = null);

/// <param name="CastBy">The representative who cast the vote for the member, or null when the member voted.</param>
public sealed record MemberVote(Guid MemberId, Guid BidId, string? CastBy, DateTimeOffset CastAt);

/// <summary>One bidder's scores (0–100, 2 dp) and its weighted total.</summary>
public sealed record BidScoreLine(
    Guid BidId, Guid ProviderId, string ProviderName, long AnnualPrice, DateTimeOffset SubmittedAt,
    decimal PriceScore, decimal? QualityScore, decimal VoteScore, int Votes, decimal Total);

/// <summary>How the member vote counted: when the quorum was not met, its weight went to price and quality in proportion.</summary>
public sealed record VoteOutcome(
    string VotingMethod, int Electorate, int VotesCast, int QuorumPercent, bool QuorumMet,
    decimal PriceWeight, decimal QualityWeight, decimal VoteWeight);

public sealed record CallDrafted(
    Guid CallId,
    string CouncilId,
    Guid PoolId,
    Guid NeedId,
    string Title,
    string Description,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> ServiceCategories,
    long MaximumAnnualPrice,
    string Currency,
    int TermMonths,
    DateOnly StartDate,
    EvaluationWeights Weights,
    DateTimeOffset ClosesAt,
    string StandstillRule,
    int VotingWindowHours,
    string DraftedBy,
    DateTimeOffset DraftedAt);

public sealed record CallPublished(Guid CallId, DateTimeOffset PublishedAt);

public sealed record CallClosed(Guid CallId, DateTimeOffset ClosedAt);

/// <summary>The bids arrived unsealed; the voting window opens and the electorate (the pool's members then) is fixed.</summary>
public sealed record BidsReceived(
    Guid CallId, IReadOnlyList<CallBid> Bids, IReadOnlyList<Guid> Electorate, int QuorumPercent, string VotingMethod,
    DateTimeOffset VotingOpensAt, DateTimeOffset VotingClosesAt, DateTimeOffset ReceivedAt);

public sealed record QualityScored(Guid CallId, Guid BidId, int Score, string Reason, string ScoredBy, DateTimeOffset ScoredAt);

public sealed record VoteCast(Guid CallId, Guid MemberId, Guid BidId, string? CastBy, DateTimeOffset CastAt);

public sealed record CallAwarded(
    Guid CallId,
    Guid ContractId,
    Guid BidId,
    Guid ProviderId,
    string ProviderName,
    long AnnualPrice,
    long ContractValue,
    IReadOnlyList<BidScoreLine> Scores,
    VoteOutcome Vote,
    DateTimeOffset StandstillEndsAt,
    string AwardedBy,
    DateTimeOffset AwardedAt);

public sealed record CallAwardReverted(Guid CallId, Guid ContractId, Guid BidId, string Reason, DateTimeOffset RevertedAt);

public sealed record StandstillBegan(Guid CallId, Guid ContractId, DateTimeOffset FundsReservedAt, DateTimeOffset StandstillEndsAt);

public sealed record StandstillEnded(Guid CallId, Guid ContractId, DateTimeOffset EndedAt);

public sealed record CallContracted(Guid CallId, Guid ContractId, DateTimeOffset ContractedAt);

public sealed record CallCancelled(Guid CallId, string Reason, string CancelledBy, DateTimeOffset CancelledAt);
