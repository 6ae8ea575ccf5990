using Brokerage.PooledFunds.Api.Budgets;

namespace Brokerage.PooledFunds.Api.Pools.RunningPool;

// The broker's lifecycle commands: proposed → open → active → winding-down → closed.

public sealed record OpenPool(Guid PoolId, DateTimeOffset At);

public sealed record ActivatePool(Guid PoolId, DateTimeOffset At);

public sealed record WindDownPool(Guid PoolId, DateTimeOffset At);

public sealed record ClosePool(Guid PoolId, DateTimeOffset At);

public static class RunningPool
{
    public static Decision Handle(Pool pool, OpenPool c) =>
        pool.Status == PoolStatus.Proposed
            ? new DecisionBuilder().Pool(new PoolOpened(pool.Id, c.At)).Build()
            : throw new PoolNotInState("be opened", pool.Status);

    /// <summary>
    /// Activation needs the minimum members and the target, counting live and conditional pledges; it turns every
    /// conditional pledge live in the same transaction, each within its member's headroom, or changes nothing.
    /// </summary>
    public static Decision Handle(Pool pool, IReadOnlyDictionary<Guid, MemberBudget?> budgets, ActivatePool c)
    {
        if (pool.Status != PoolStatus.Open)
        {
            throw new PoolNotInState("be activated", pool.Status);
        }

        if (pool.MemberCount < pool.Governance.MinimumMembers || pool.PledgedIncludingConditional < pool.Governance.TargetAmount)
        {
            throw new ActivationThresholdNotMet(pool.MemberCount, pool.Governance.MinimumMembers, pool.PledgedIncludingConditional, pool.Governance.TargetAmount);
        }

        var decision = new DecisionBuilder();
        var cannotGoLive = 0;
        foreach (var pledge in pool.Pledges.Values.Where(p => p.Status == PledgeStatus.Conditional).OrderBy(p => p.MemberId))
        {
            if (!CanGoLive(pool, budgets.GetValueOrDefault(pledge.MemberId), pledge))
            {
                cannotGoLive++;
                continue;
            }

            decision.Pool(new PledgeWentLive(pool.Id, pledge.MemberId, c.At)).LivePledge(pledge, pool.Id, pledge.Amount, c.At);
        }

        if (cannotGoLive > 0)
        {
            throw new ConditionalPledgesCannotGoLive(cannotGoLive);
        }

        return decision.Pool(new PoolActivated(pool.Id, c.At)).Build();
    }

    public static Decision Handle(Pool pool, WindDownPool c) =>
        pool.Status is PoolStatus.Open or PoolStatus.Active
            ? new DecisionBuilder().Pool(new PoolWindingDown(pool.Id, c.At)).Build()
            : throw new PoolNotInState("wind down", pool.Status);

    /// <summary>Closing needs nothing reserved; what is still available goes back to each member (and so to its funder).</summary>
    public static Decision Handle(Pool pool, ClosePool c)
    {
        if (pool.Status is PoolStatus.Active or PoolStatus.Closed)
        {
            throw new PoolNotInState("be closed (an active pool winds down first)", pool.Status);
        }

        if (pool.Reserved > 0)
        {
            throw new FundsStillReserved(pool.Reserved);
        }

        var decision = new DecisionBuilder();
        foreach (var pledge in pool.Pledges.Values.Where(p => p.IsMember).OrderBy(p => p.MemberId))
        {
            if (pledge.Status == PledgeStatus.Conditional)
            {
                decision.Pool(new ConditionalPledgeLapsed(pool.Id, pledge.MemberId, c.At));
                continue;
            }

            decision.Pool(new SurplusReturned(pool.Id, pledge.MemberId, pledge.Available, c.At));
            if (pledge.Available > 0)
            {
                decision.LivePledge(pledge, pool.Id, pledge.Paid, c.At);
            }
        }

        return decision.Pool(new PoolClosed(pool.Id, c.At)).Build();
    }

    private static bool CanGoLive(Pool pool, MemberBudget? budget, Pledge pledge)
    {
        if (budget is null || budget.CouncilId != pool.CouncilId || budget.Closed || !budget.PoolingConsent || budget.IsFlagged(pledge.BudgetYear, pledge.FundingStream))
        {
            return false;
        }

        return pledge.Amount - budget.LiveIn(pool.Id) <= budget.Headroom(pledge.BudgetYear, pledge.FundingStream);
    }
}
