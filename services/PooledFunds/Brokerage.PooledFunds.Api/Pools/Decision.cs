using Brokerage.PooledFunds.Api.Budgets;

namespace Brokerage.PooledFunds.Api.Pools;

/// <summary>
/// What a command decided: events for the pool stream and, where headroom moves, for members' budget streams. The
/// application appends them all in one transaction (see <see cref="PoolTransaction"/>).
/// </summary>
public sealed record Decision(IReadOnlyList<object> PoolEvents, IReadOnlyDictionary<Guid, IReadOnlyList<object>> BudgetEvents)
{
    public static Decision None { get; } = new([], new Dictionary<Guid, IReadOnlyList<object>>());

    public bool IsEmpty => PoolEvents.Count == 0 && BudgetEvents.Count == 0;

    /// <summary>Every event in order, pool events first: what a Then in a test compares.</summary>
    public IReadOnlyList<object> All => [.. PoolEvents, .. BudgetEvents.OrderBy(b => b.Key).SelectMany(b => b.Value)];
}

/// <summary>Collects a decision's events.</summary>
internal sealed class DecisionBuilder
{
    private readonly List<object> pool = [];
    private readonly Dictionary<Guid, List<object>> budgets = [];

    public DecisionBuilder Pool(object e)
    {
        pool.Add(e);
        return this;
    }

    public DecisionBuilder Budget(Guid memberId, object e)
    {
        if (!budgets.TryGetValue(memberId, out var events))
        {
            budgets[memberId] = events = [];
        }

        events.Add(e);
        return this;
    }

    public DecisionBuilder LivePledge(Pledge pledge, Guid poolId, long amount, DateTimeOffset at) =>
        Budget(pledge.MemberId, new LivePledgeSet(pledge.MemberId, poolId, pledge.BudgetYear, pledge.FundingStream, amount, at));

    public Decision Build() => new(pool.ToList(), budgets.ToDictionary(b => b.Key, b => (IReadOnlyList<object>)b.Value.ToList()));
}

/// <summary>The checks a member's budget must pass before a pledge may hold more of it.</summary>
internal static class Headroom
{
    /// <summary>The budget, if it is known and belongs to the pool's council.</summary>
    public static MemberBudget Known(MemberBudget? budget, Pool pool) =>
        budget is not null && budget.CouncilId == pool.CouncilId ? budget : throw new MemberBudgetUnknown();

    public static void EnsureMayPledge(MemberBudget budget)
    {
        if (budget.Closed)
        {
            throw new MembershipClosed();
        }

        if (!budget.PoolingConsent)
        {
            throw new NoPoolingConsent();
        }
    }

    /// <summary>The member's live pledge to <paramref name="poolId"/> may become <paramref name="newLive"/>: throws if that needs more headroom than is left.</summary>
    public static void EnsureFits(MemberBudget budget, Guid poolId, int budgetYear, string fundingStream, long newLive)
    {
        var needed = newLive - budget.LiveIn(poolId);
        if (needed <= 0)
        {
            return;
        }

        if (budget.IsFlagged(budgetYear, fundingStream))
        {
            throw new RaiseRefusedWhileFlagged();
        }

        var headroom = budget.Headroom(budgetYear, fundingStream);
        if (needed > headroom)
        {
            throw new HeadroomExceeded(headroom, needed);
        }
    }
}

/// <summary>Splits an amount over members in proportion to weights, in exact pence.</summary>
public static class Apportioning
{
    /// <summary>
    /// Largest-remainder rule: each member first gets floor(amount × weight ÷ total); the pence left over (fewer than the
    /// number of members) go one each to the largest remainders, ties to the lower member id. No share exceeds its
    /// weight when amount ≤ total, and the shares always sum to <paramref name="amount"/>.
    /// </summary>
    public static IReadOnlyList<MemberShare> Split(long amount, IEnumerable<(Guid MemberId, long Weight)> weights)
    {
        var lines = weights.Where(w => w.Weight > 0).OrderBy(w => w.MemberId).ToList();
        var total = lines.Aggregate(Int128.Zero, (sum, w) => sum + w.Weight);
        if (amount < 0 || total <= 0 || amount > total)
        {
            throw new LedgerInvariantViolated($"Cannot split {amount} pence over weights totalling {total}.");
        }

        var shares = lines.Select(w =>
        {
            var exact = (Int128)amount * w.Weight;
            return (w.MemberId, Share: (long)(exact / total), Remainder: exact % total);
        }).ToList();
        var leftOver = amount - shares.Sum(s => s.Share); // fewer than shares.Count
        var bonus = shares.OrderByDescending(s => s.Remainder).ThenBy(s => s.MemberId).Take((int)leftOver).Select(s => s.MemberId).ToHashSet();
        return shares.Select(s => new MemberShare(s.MemberId, s.Share + (bonus.Contains(s.MemberId) ? 1 : 0))).ToList();
    }
}
