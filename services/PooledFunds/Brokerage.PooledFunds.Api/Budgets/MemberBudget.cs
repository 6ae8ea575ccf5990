using System.Collections.Immutable;

namespace Brokerage.PooledFunds.Api.Budgets;

/// <summary>One allocation in the history: the current one for a year and stream is the latest effective.</summary>
public sealed record AllocationEntry(int BudgetYear, string FundingStream, long Amount, string Kind, DateTimeOffset EffectiveAt);

/// <summary>A live pledge as the member's budget sees it: one per pool.</summary>
public sealed record LivePledge(Guid PoolId, int BudgetYear, string FundingStream, long Amount);

/// <summary>
/// A member's budget as PooledFunds knows it: allocations per budget year and funding stream (with history), pooling
/// consent, closure, and the live pledges that hold headroom. Headroom = allocation − live pledges for that year and stream.
/// Its inline snapshot document has the member id (the stream id) as its identity.
/// </summary>
public sealed record MemberBudget(
    [property: JasperFx.Identity] Guid MemberId,
    string CouncilId,
    string? Pseudonym,
    bool PoolingConsent,
    DateTimeOffset? ConsentChangedAt,
    bool Closed,
    ImmutableList<AllocationEntry> Allocations,
    ImmutableDictionary<Guid, LivePledge> LivePledges)
{
    public long Allocation(int budgetYear, string fundingStream) =>
        Allocations.Where(a => a.BudgetYear == budgetYear && a.FundingStream == fundingStream)
            .OrderBy(a => a.EffectiveAt)
            .LastOrDefault()?.Amount ?? 0; // OrderBy is stable: a later record at the same instant wins

    public long Pledged(int budgetYear, string fundingStream) =>
        LivePledges.Values.Where(p => p.BudgetYear == budgetYear && p.FundingStream == fundingStream).Sum(p => p.Amount);

    /// <summary>Never negative: when a reassessment put the allocation below the pledges, the headroom is 0 and the pledges are flagged.</summary>
    public long Headroom(int budgetYear, string fundingStream) => Math.Max(0, Allocation(budgetYear, fundingStream) - Pledged(budgetYear, fundingStream));

    public bool IsFlagged(int budgetYear, string fundingStream) => Pledged(budgetYear, fundingStream) > Allocation(budgetYear, fundingStream);

    public long LiveIn(Guid poolId) => LivePledges.GetValueOrDefault(poolId)?.Amount ?? 0;

    /// <summary>Every budget year and funding stream the member has an allocation or a live pledge in.</summary>
    public IReadOnlyList<(int BudgetYear, string FundingStream)> Streams() =>
        Allocations.Select(a => (a.BudgetYear, a.FundingStream))
            .Concat(LivePledges.Values.Select(p => (p.BudgetYear, p.FundingStream)))
            .Distinct().OrderBy(s => s.BudgetYear).ThenBy(s => s.FundingStream, StringComparer.Ordinal).ToList();

    public static MemberBudget Create(MemberBudgetOpened e) =>
        new(e.MemberId, e.CouncilId, null, false, null, false, ImmutableList<AllocationEntry>.Empty, ImmutableDictionary<Guid, LivePledge>.Empty);

    public MemberBudget Apply(MemberRegistrationRecorded e) => this with { Pseudonym = e.Pseudonym };

    public MemberBudget Apply(AllocationRecorded e) =>
        this with { Allocations = Allocations.Add(new AllocationEntry(e.BudgetYear, e.FundingStream, e.Amount, e.Kind, e.EffectiveAt)) };

    public MemberBudget Apply(PoolingConsentRecorded e) => this with { PoolingConsent = e.Given, ConsentChangedAt = e.At };

    public MemberBudget Apply(MemberClosureRecorded e) => this with { Closed = true };

    public MemberBudget Apply(LivePledgeSet e) => this with
    {
        LivePledges = e.Amount == 0
            ? LivePledges.Remove(e.PoolId)
            : LivePledges.SetItem(e.PoolId, new LivePledge(e.PoolId, e.BudgetYear, e.FundingStream, e.Amount)),
    };

    public MemberBudget Apply(PledgesFlagged e) => this;

    public static MemberBudget? Fold(IEnumerable<object> events)
    {
        MemberBudget? budget = null;
        foreach (var e in events)
        {
            budget = budget is null ? Create((MemberBudgetOpened)e) : budget.Evolve(e);
        }

        return budget;
    }
}

public static class MemberBudgetEvolution
{
    /// <summary>The budget after <paramref name="e"/>, for deciding and testing in memory.</summary>
    /// <remarks>An extension, not a member: Marten's evolver generator would take an instance Evolve(object) for the whole fold, Create event included.</remarks>
    public static MemberBudget Evolve(this MemberBudget budget, object e) => e switch
    {
        MemberRegistrationRecorded x => budget.Apply(x),
        AllocationRecorded x => budget.Apply(x),
        PoolingConsentRecorded x => budget.Apply(x),
        MemberClosureRecorded x => budget.Apply(x),
        LivePledgeSet x => budget.Apply(x),
        PledgesFlagged x => budget.Apply(x),
        _ => throw new ArgumentException($"The member budget has no Apply for {e.GetType().Name}.", nameof(e)),
    };
}
