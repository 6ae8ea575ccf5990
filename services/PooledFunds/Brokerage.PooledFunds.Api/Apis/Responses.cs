using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.ServiceDefaults;

namespace Brokerage.PooledFunds.Api.Apis;

public sealed record GovernanceResponse(int MinimumMembers, long TargetAmount, string Currency, int VoteQuorumPercent, string VotingMethod)
{
    public static GovernanceResponse From(Governance g) => new(g.MinimumMembers, g.TargetAmount, Money.Currency, g.VoteQuorumPercent, g.VotingMethod);
}

public sealed record NoticeResponse(long Amount, string Currency, bool Withdrawal, DateTimeOffset RecordedAt);

/// <summary>
/// A pledge and its ledger line. <c>flagged</c>: a reassessment put the member's allocation for this year and stream below
/// their live pledges; nothing reserved is undone, and raises are refused until the member lowers pledges.
/// </summary>
public sealed record PledgeResponse(
    Guid PoolId,
    Guid MemberId,
    string Pseudonym,
    int BudgetYear,
    string FundingStream,
    long Amount,
    string Currency,
    PledgeStatus Status,
    long Available,
    long Reserved,
    long Paid,
    NoticeResponse? Notice,
    bool Flagged)
{
    public static PledgeResponse From(Guid poolId, Pledge p, MemberBudget? budget) => new(
        poolId, p.MemberId, p.Pseudonym, p.BudgetYear, p.FundingStream, p.Amount, Money.Currency, p.Status, p.Available, p.Reserved, p.Paid,
        p.Notice is { } n ? new NoticeResponse(n.Amount, Money.Currency, n.Withdrawal, n.RecordedAt) : null,
        p.Status == PledgeStatus.Live && budget is not null && budget.IsFlagged(p.BudgetYear, p.FundingStream));
}

/// <summary>
/// A pool. <c>rules</c> is the pool's own rules text (drop-outs, new joiners, breaks), shown to anyone who may join.
/// <c>pledges</c>: every pledge for council staff; only the caller's own (or their represented members') for members.
/// </summary>
public sealed record PoolResponse(
    Guid Id,
    string CouncilId,
    string Name,
    string Purpose,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> FundingStreams,
    GovernanceResponse Governance,
    string Rules,
    PoolStatus Status,
    int Members,
    long Pledged,
    long ConditionallyPledged,
    string Currency,
    DateTimeOffset ProposedAt,
    IReadOnlyList<PledgeResponse> Pledges,
    int FlaggedPledges)
{
    public static PoolResponse From(Pool pool, IEnumerable<Pledge> shown, IReadOnlyDictionary<Guid, MemberBudget?> budgets)
    {
        var pledges = shown.OrderBy(p => p.JoinedAt).ThenBy(p => p.MemberId)
            .Select(p => PledgeResponse.From(pool.Id, p, budgets.GetValueOrDefault(p.MemberId))).ToList();
        return new(
            pool.Id, pool.CouncilId, pool.Name, pool.Purpose, pool.Outcomes, pool.FundingStreams, GovernanceResponse.From(pool.Governance), pool.Rules,
            pool.Status, pool.MemberCount, pool.Pledges.Values.Sum(p => p.LiveAmount),
            pool.Pledges.Values.Where(p => p.Status == PledgeStatus.Conditional).Sum(p => p.Amount), Money.Currency, pool.ProposedAt,
            pledges, pledges.Count(p => p.Flagged));
    }
}

/// <summary>A pool in a list: no pledges.</summary>
public sealed record PoolSummary(
    Guid Id, string Name, string Purpose, IReadOnlyList<string> FundingStreams, PoolStatus Status, int Members, long Pledged, string Currency,
    GovernanceResponse Governance)
{
    public static PoolSummary From(Pool pool) => new(
        pool.Id, pool.Name, pool.Purpose, pool.FundingStreams, pool.Status, pool.MemberCount, pool.Pledges.Values.Sum(p => p.LiveAmount), Money.Currency,
        GovernanceResponse.From(pool.Governance));
}
