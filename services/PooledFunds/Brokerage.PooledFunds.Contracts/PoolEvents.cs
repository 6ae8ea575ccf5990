namespace Brokerage.PooledFunds.Contracts;

// Integration events of the PooledFunds service. Ids, money, dates and the pool's public governance only.
// Money is integer minor units (pence) with an ISO 4217 currency.

/// <summary>The pool's governance as agreed by its members; Commissioning uses it for needs and votes.</summary>
/// <param name="VoteQuorumPercent">Share of the pool's members (0–100) who must vote for a vote to count.</param>
/// <param name="VotingMethod">"one-member-one-vote" (the default) or "weighted-by-pledge".</param>
public sealed record PoolGovernance(int MinimumMembers, long TargetAmount, string Currency, int VoteQuorumPercent, string VotingMethod);

/// <summary>A pool opened to joiners. <paramref name="FundingStreams"/> are the streams it accepts.</summary>
public sealed record PoolOpened(
    Guid PoolId, string CouncilId, string Name, IReadOnlyList<string> FundingStreams, PoolGovernance Governance, DateTimeOffset OpenedAt);

/// <summary>A broker approved activation: the pool met its minimum members and target and may commission.</summary>
public sealed record PoolActivated(Guid PoolId, string CouncilId, DateTimeOffset ActivatedAt);

public sealed record PoolWindingDown(Guid PoolId, string CouncilId, DateTimeOffset WindingDownAt);

public sealed record PoolClosed(Guid PoolId, string CouncilId, DateTimeOffset ClosedAt);

/// <summary>A member became a member of the pool (their first pledge to it, live or conditional).</summary>
public sealed record PoolMemberJoined(Guid PoolId, string CouncilId, Guid MemberId, DateTimeOffset JoinedAt);

/// <summary>A member's last pledge to the pool was withdrawn (or their notice took effect).</summary>
public sealed record PoolMemberLeft(Guid PoolId, string CouncilId, Guid MemberId, DateTimeOffset LeftAt);

/// <summary>
/// A member's live pledged amount in one pool after a change: a live pledge made, raised, lowered or withdrawn, a notice
/// taking effect, a conditional pledge going live at activation, the surplus returned at close (then 0). A conditional or
/// withdrawn pledge counts 0. <paramref name="Version"/> is the pool stream's version after the change, so it increases with
/// every change: a consumer keeps the highest it has seen. Commissioning weighs votes in a "weighted-by-pledge" pool by it.
/// </summary>
public sealed record PoolPledgeChanged(
    Guid PoolId, string CouncilId, Guid MemberId, long LivePledged, string Currency, long Version, DateTimeOffset ChangedAt);

/// <summary>
/// The sum of a member's live pledges from one funding stream for one budget year, across every pool, after a change.
/// <paramref name="Version"/> increases with every change of that member's pledges: a consumer keeps the highest it has seen,
/// so a late or repeated delivery never rolls the figure back.
/// </summary>
public sealed record MemberPledgesChanged(
    Guid MemberId, string CouncilId, int BudgetYear, string FundingStream, long Pledged, string Currency, long Version, DateTimeOffset ChangedAt);

public sealed record ReservationReleased(Guid PoolId, Guid ContractId, long Amount, string Currency, DateTimeOffset ReleasedAt);

public sealed record PaymentRecorded(
    Guid PoolId, Guid ContractId, Guid PaymentId, Guid InvoiceId, long Amount, string Currency, string TransferId, DateTimeOffset RecordedAt);
