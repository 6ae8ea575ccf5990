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

