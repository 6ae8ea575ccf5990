namespace Brokerage.Portal.Services.Models;

// What the Portal reads from PooledFunds (docs/api/pooled-funds.md); money in pence, enumerations kebab-case.

public sealed record Governance(int MinimumMembers, long TargetAmount, string Currency, int VoteQuorumPercent, string VotingMethod);

public sealed record PoolSummary(Guid Id, string Name, string Purpose, IReadOnlyList<string> FundingStreams, string Status, int Members, long Pledged, Governance Governance);

public sealed record Pledge(
    Guid PoolId, Guid MemberId, string Pseudonym, int BudgetYear, string FundingStream, long Amount, string Status,
    long Available, long Reserved, long Paid, PledgeNotice? Notice, bool Flagged);

public sealed record PledgeNotice(string Kind, long? Amount, DateTimeOffset? At);

public sealed record Pool(
    Guid Id, string Name, string Purpose, IReadOnlyList<string> Outcomes, IReadOnlyList<string> FundingStreams, Governance Governance,
    string Rules, string Status, int Members, long Pledged, long ConditionallyPledged, DateTimeOffset ProposedAt,
    IReadOnlyList<Pledge> Pledges, int FlaggedPledges);

public sealed record LedgerFigures(long Pledged, long Available, long Reserved, long Paid);

public sealed record LedgerStream(string FundingStream, long Pledged, long Available, long Reserved, long Paid);

public sealed record LedgerMember(Guid? MemberId, string Pseudonym, string? FundingStream, int BudgetYear, string Status, long Pledged, long Available, long Reserved, long Paid, long ConditionalAmount);

public sealed record LedgerReservation(Guid ContractId, long Amount);

public sealed record Ledger(
    Guid PoolId, string PoolName, string Status, DateTimeOffset? AsOf, LedgerFigures Totals, IReadOnlyList<LedgerStream> FundingStreams,
    bool FundingStreamsWithheld, IReadOnlyList<LedgerMember> Members);

public sealed record BudgetLine(int BudgetYear, string FundingStream, long Allocated, long Pledged, long Headroom, bool Flagged, long Overcommitted);

public sealed record MemberPoolPledge(Guid PoolId, string PoolName, string PoolStatus, Pledge Pledge);

public sealed record MemberPledges(Guid MemberId, bool PoolingConsent, bool Closed, IReadOnlyList<BudgetLine> Budgets, IReadOnlyList<MemberPoolPledge> Pledges);
