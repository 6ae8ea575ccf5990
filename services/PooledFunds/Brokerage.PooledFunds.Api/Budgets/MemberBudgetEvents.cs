namespace Brokerage.PooledFunds.Api.Budgets;

// The member budget stream's events (stream id = member id): what PooledFunds knows of a member's budget from the
// Members service's events, and the member's live pledges. Never health data: no reasons, no outcomes.

public sealed record MemberBudgetOpened(Guid MemberId, string CouncilId, DateTimeOffset OpenedAt);

public sealed record MemberRegistrationRecorded(Guid MemberId, string Pseudonym, DateTimeOffset RegisteredAt);

/// <summary>An allocation or reassessment for one budget year and funding stream, effective at <paramref name="EffectiveAt"/> (the Members service's time).</summary>
/// <param name="Kind">"allocated" or "reassessed".</param>
public sealed record AllocationRecorded(Guid MemberId, int BudgetYear, string FundingStream, long Amount, string Kind, DateTimeOffset EffectiveAt);

public sealed record PoolingConsentRecorded(Guid MemberId, bool Given, DateTimeOffset At);

public sealed record MemberClosureRecorded(Guid MemberId, DateTimeOffset ClosedAt);

/// <summary>The member's live pledge to a pool is now <paramref name="Amount"/> (0: no live pledge there).</summary>
public sealed record LivePledgeSet(Guid MemberId, Guid PoolId, int BudgetYear, string FundingStream, long Amount, DateTimeOffset SetAt);

/// <summary>A reassessment put the allocation below the live pledges: those pledges are flagged until the member lowers them.</summary>
public sealed record PledgesFlagged(Guid MemberId, int BudgetYear, string FundingStream, long Allocation, long Pledged, DateTimeOffset FlaggedAt);
