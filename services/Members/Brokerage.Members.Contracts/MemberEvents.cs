namespace Brokerage.Members.Contracts;

// Integration events of the Members service. Ids, money and dates only: no health data (support-plan outcomes,
// needs, reassessment reasons) ever leaves the service in a message. Money is integer minor units with a currency.

public sealed record MemberRegistered(Guid MemberId, string CouncilId, string Pseudonym, DateTimeOffset RegisteredAt);

/// <summary>A member's allocation for one budget year (starting 1 April of <paramref name="BudgetYear"/>) and funding stream.</summary>
public sealed record BudgetAllocated(
    Guid MemberId, string CouncilId, int BudgetYear, string FundingStream, long Amount, string Currency, DateTimeOffset AllocatedAt);

public sealed record BudgetReassessed(
    Guid MemberId, string CouncilId, int BudgetYear, string FundingStream, long PreviousAmount, long Amount, string Currency, DateTimeOffset ReassessedAt);

/// <summary><paramref name="Basis"/> is "care-act-s31-nominated" or "care-act-s32-authorised".</summary>
public sealed record RepresentativeAppointed(Guid MemberId, string CouncilId, Guid RepresentativeId, string Basis, DateTimeOffset AppointedAt);

public sealed record RepresentativeEnded(Guid MemberId, string CouncilId, Guid RepresentativeId, DateTimeOffset EndedAt);

/// <summary>The member agreed that part of their budget may be pooled; PooledFunds refuses pledges without it.</summary>
public sealed record PoolingConsentGiven(Guid MemberId, string CouncilId, DateTimeOffset GivenAt);

/// <summary>Withdrawing consent stops new pledges; existing pledges stay until the member lowers or withdraws them.</summary>
public sealed record PoolingConsentWithdrawn(Guid MemberId, string CouncilId, DateTimeOffset WithdrawnAt);

public sealed record MemberClosed(Guid MemberId, string CouncilId, DateTimeOffset ClosedAt);

/// <summary>The member changed the pseudonym other members and providers see. Added after the first contracts; the name itself never leaves Members.</summary>
public sealed record MemberPseudonymChanged(Guid MemberId, string CouncilId, string Pseudonym, DateTimeOffset ChangedAt);
