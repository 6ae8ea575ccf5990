namespace Brokerage.PooledFunds.Api.Pools;

// The pool stream's events (stream id = pool id). Immutable, past tense, each carrying the pool id and the time it
// happened. Money is integer pence in GBP. Never rename or remove a field: add new ones with defaults.

/// <summary>The pool's governance: who must join and how much must be pledged before it can be activated, and how it votes.</summary>
/// <param name="VoteQuorumPercent">Share of the pool's members (0–100) who must vote for a vote to count.</param>
/// <param name="VotingMethod">"one-member-one-vote" (the default) or "weighted-by-pledge".</param>
public sealed record Governance(int MinimumMembers, long TargetAmount, int VoteQuorumPercent, string VotingMethod)
{
    public const string OneMemberOneVote = "one-member-one-vote";
    public const string WeightedByPledge = "weighted-by-pledge";

    public static IReadOnlyList<string> VotingMethods { get; } = [OneMemberOneVote, WeightedByPledge];
}

/// <summary>An amount attributed to one member (and so to that member's funding stream).</summary>
public sealed record MemberShare(Guid MemberId, long Amount);

public sealed record PoolProposed(
    Guid PoolId,
    string CouncilId,
    string Name,
    string Purpose,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> FundingStreams,
    Governance Governance,
    string Rules,
    string ProposedBy,
    Guid? ProposedForMember,
    DateTimeOffset ProposedAt);

public sealed record PoolOpened(Guid PoolId, DateTimeOffset OpenedAt);

public sealed record PoolActivated(Guid PoolId, DateTimeOffset ActivatedAt);

public sealed record PoolWindingDown(Guid PoolId, DateTimeOffset WindingDownAt);

public sealed record PoolClosed(Guid PoolId, DateTimeOffset ClosedAt);

/// <summary>A member joined with a pledge (or rejoined: the amount then adds to what was already paid from their earlier pledge).</summary>
public sealed record PledgeMade(
    Guid PoolId, Guid MemberId, string Pseudonym, int BudgetYear, string FundingStream, long Amount, bool Conditional, DateTimeOffset MadeAt);

/// <summary><paramref name="Amount"/> is the pledge's new total.</summary>
public sealed record PledgeRaised(Guid PoolId, Guid MemberId, long Amount, DateTimeOffset RaisedAt);

/// <summary><paramref name="Amount"/> is the pledge's new total; <paramref name="ByNotice"/> when an earlier notice took effect.</summary>
public sealed record PledgeLowered(Guid PoolId, Guid MemberId, long Amount, bool ByNotice, DateTimeOffset LoweredAt);

/// <summary>The member left the pool; what was already paid from the pledge stays pledged (<paramref name="RemainingAmount"/>).</summary>
public sealed record PledgeWithdrawn(Guid PoolId, Guid MemberId, long RemainingAmount, bool ByNotice, DateTimeOffset WithdrawnAt);

/// <summary>
/// The member asked to lower (or withdraw, <paramref name="Withdrawal"/>) below what is reserved on their behalf: the
/// pledge drops to <paramref name="Amount"/> when the reservations are released.
/// </summary>
public sealed record NoticeRecorded(Guid PoolId, Guid MemberId, long Amount, bool Withdrawal, DateTimeOffset RecordedAt);

/// <summary>A conditional pledge became live at activation (it now holds the member's headroom).</summary>
public sealed record PledgeWentLive(Guid PoolId, Guid MemberId, DateTimeOffset WentLiveAt);

/// <summary>At close, what was still available in a member's pledge went back to the member (and so to its funder).</summary>
public sealed record SurplusReturned(Guid PoolId, Guid MemberId, long Amount, DateTimeOffset ReturnedAt);

/// <summary>At close, a conditional pledge that never went live lapsed.</summary>
public sealed record ConditionalPledgeLapsed(Guid PoolId, Guid MemberId, DateTimeOffset LapsedAt);

/// <summary>Funds reserved for an awarded contract, attributed to members in proportion to what each had available.</summary>
public sealed record ContractFundsReserved(Guid PoolId, Guid ContractId, long Amount, IReadOnlyList<MemberShare> Shares, DateTimeOffset ReservedAt);

/// <summary>Kept so that a repeated ReserveFunds for the contract answers the same rejection.</summary>
public sealed record ContractReservationRejected(Guid PoolId, Guid ContractId, long Amount, string Reason, DateTimeOffset RejectedAt);

/// <summary>What was still reserved for the contract went back to the members' available funds.</summary>
public sealed record ContractReservationReleased(Guid PoolId, Guid ContractId, long Amount, IReadOnlyList<MemberShare> Shares, DateTimeOffset ReleasedAt);

/// <summary>
/// A varied contract's reservation now covers <paramref name="Amount"/> in all: <paramref name="Added"/> was reserved from
/// members' available funds (in proportion to them), or <paramref name="Released"/> went back (in proportion to what
/// each still had reserved for the contract).
/// </summary>
public sealed record ContractReservationAdjusted(
    Guid PoolId, Guid ContractId, Guid AdjustmentId, long Amount, IReadOnlyList<MemberShare> Added, IReadOnlyList<MemberShare> Released,
    DateTimeOffset AdjustedAt);

/// <summary>Kept so that a repeated AdjustReservation answers the same rejection.</summary>
public sealed record ContractReservationAdjustmentRejected(
    Guid PoolId, Guid ContractId, Guid AdjustmentId, long Amount, string Reason, DateTimeOffset RejectedAt);

/// <summary>
/// The payment provider reversed (part of) a payment's transfer: that much paid is reserved for the contract again,
/// taken back from the members in proportion to their shares of the payment.
/// </summary>
public sealed record ContractPaymentReversed(
    Guid PoolId, Guid ContractId, Guid PaymentId, string TransferId, long Amount, IReadOnlyList<MemberShare> Shares, DateTimeOffset ReversedAt);

/// <summary>A payment to the contract's provider: reserved became paid, attributed to the members whose funds were reserved.</summary>
public sealed record ContractPaymentRecorded(
    Guid PoolId, Guid ContractId, Guid PaymentId, Guid InvoiceId, string TransferId, long Amount, IReadOnlyList<MemberShare> Shares, DateTimeOffset RecordedAt);
