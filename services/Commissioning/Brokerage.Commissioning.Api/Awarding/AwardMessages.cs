using Brokerage.Commissioning.Contracts;

namespace Brokerage.Commissioning.Api.Awarding;

// Messages inside Commissioning: they start and move the award saga. They travel through the outbox like any other,
// so a decision and the message that acts on it commit together.

/// <summary>A broker awarded a call: the saga publishes the award and asks PooledFunds to reserve the contract's value.</summary>
public sealed record AwardDecided(
    Guid ContractId, Guid CallId, string CouncilId, Guid PoolId, Guid BidId, Guid ProviderId, long AnnualPrice, long ContractValue,
    string Currency, IReadOnlyList<BidScore> Scores, VoteResult Vote, DateTimeOffset StandstillEndsAt, DateTimeOffset AwardedAt);

/// <summary>The standstill of the award ended (recorded once on the call by whichever instance saw it first).</summary>
public sealed record StandstillElapsed(Guid ContractId, Guid CallId, DateTimeOffset ElapsedAt);

/// <summary>The call was cancelled while this award was pending or standing still: any reservation is released.</summary>
public sealed record AwardCancelled(Guid ContractId, Guid CallId, DateTimeOffset CancelledAt);
