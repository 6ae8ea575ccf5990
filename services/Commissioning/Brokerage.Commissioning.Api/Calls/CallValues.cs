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
/// <param name="WeightOfVotes">In a "weighted-by-pledge" vote, the sum of the weights (pence pledged) of the votes for the bid; null otherwise.</param>
public sealed record BidScoreLine(
    Guid BidId, Guid ProviderId, string ProviderName, long AnnualPrice, DateTimeOffset SubmittedAt,
    decimal PriceScore, decimal? QualityScore, decimal VoteScore, int Votes, decimal Total, long? WeightOfVotes = null);

/// <summary>How the member vote counted: when the quorum was not met, its weight went to price and quality in proportion.</summary>
/// <param name="WeightCast">In a "weighted-by-pledge" vote, the sum of the weights of every vote cast; null otherwise.</param>
/// <param name="NotCountedReason">Why the vote did not count (quorum not met, or no weight cast); null when it counted.</param>
public sealed record VoteOutcome(
    string VotingMethod, int Electorate, int VotesCast, int QuorumPercent, bool QuorumMet,
    decimal PriceWeight, decimal QualityWeight, decimal VoteWeight, long? WeightCast = null, string? NotCountedReason = null);

