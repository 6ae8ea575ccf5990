using Brokerage.PooledFunds.Api.Budgets;

namespace Brokerage.PooledFunds.Api.Pools.Pledging;

// A member's pledges: join with a pledge, raise, lower, withdraw. Each decision reads the pool and the member's budget
// and yields events for both streams, which are appended in one transaction.

/// <summary>Join with a pledge; a member who already pledged on the same terms (year, stream, conditional or not) tops it up by <paramref name="Amount"/>.</summary>
public sealed record JoinPool(Guid PoolId, Guid MemberId, long Amount, int BudgetYear, string FundingStream, bool Conditional, DateTimeOffset At);

/// <summary>Raise or lower the pledge to <paramref name="Amount"/> pence.</summary>
public sealed record ChangePledge(Guid PoolId, Guid MemberId, long Amount, DateTimeOffset At);

public sealed record WithdrawPledge(Guid PoolId, Guid MemberId, DateTimeOffset At);

public static class Pledging
{
    public static Decision Handle(Pool pool, MemberBudget? budget, JoinPool c)
    {
        if (pool.Status is not (PoolStatus.Open or PoolStatus.Active))
        {
            throw new PoolNotInState("take pledges", pool.Status);
        }

        var earlier = pool.PledgeOf(c.MemberId);
        if (earlier is { IsMember: true })
        {
            // Pledging again on the same terms tops the pledge up; other terms are a different pledge, which a member cannot hold twice.
            var sameTerms = earlier.BudgetYear == c.BudgetYear && earlier.FundingStream == c.FundingStream
                            && c.Conditional == (earlier.Status == PledgeStatus.Conditional);
            return sameTerms
                ? Raise(pool, budget, earlier, new ChangePledge(pool.Id, c.MemberId, checked(earlier.Amount + c.Amount), c.At))
                : throw new AlreadyPledged();
        }

        if (!pool.Accepts(c.FundingStream))
        {
            throw new FundingStreamNotAccepted();
        }

        if (earlier is { Paid: > 0 } && (earlier.BudgetYear != c.BudgetYear || earlier.FundingStream != c.FundingStream))
        {
            throw new PledgeTermsFixed();
        }

        var known = Headroom.Known(budget, pool);
        Headroom.EnsureMayPledge(known);
        if (c.Conditional && pool.Status == PoolStatus.Active)
        {
            throw new ConditionalPledgeNotNeeded();
        }

        var made = new PledgeMade(pool.Id, c.MemberId, known.Pseudonym ?? "Member", c.BudgetYear, c.FundingStream, c.Amount, c.Conditional, c.At);
        var decision = new DecisionBuilder().Pool(made);
        if (!c.Conditional)
        {
            var live = (earlier?.Paid ?? 0) + c.Amount;
            Headroom.EnsureFits(known, pool.Id, c.BudgetYear, c.FundingStream, live);
            decision.Budget(c.MemberId, new LivePledgeSet(c.MemberId, pool.Id, c.BudgetYear, c.FundingStream, live, c.At));
        }

        return decision.Build();
    }

    public static Decision Handle(Pool pool, MemberBudget? budget, ChangePledge c)
    {
        var pledge = CurrentPledge(pool, c.MemberId);
        if (c.Amount == pledge.Amount)
        {
            return Decision.None;
        }

        return c.Amount > pledge.Amount ? Raise(pool, budget, pledge, c) : Lower(pool, pledge, c);
    }

    /// <summary>Withdrawing leaves the pool; below what is reserved for the member it records notice instead.</summary>
    public static Decision Handle(Pool pool, WithdrawPledge c)
    {
        var pledge = CurrentPledge(pool, c.MemberId);
        if (pool.Status == PoolStatus.Closed)
        {
            throw new PoolNotInState("change pledges", pool.Status);
        }

        if (pledge.Reserved > 0)
        {
            return new DecisionBuilder().Pool(new NoticeRecorded(pool.Id, c.MemberId, 0, true, c.At)).Build();
        }

        var decision = new DecisionBuilder().Pool(new PledgeWithdrawn(pool.Id, c.MemberId, pledge.Paid, false, c.At));
        if (pledge.Status == PledgeStatus.Live)
        {
            decision.LivePledge(pledge, pool.Id, pledge.Paid, c.At);
        }

        return decision.Build();
    }

    private static Decision Raise(Pool pool, MemberBudget? budget, Pledge pledge, ChangePledge c)
    {
        if (pool.Status is not (PoolStatus.Open or PoolStatus.Active))
        {
            throw new PoolNotInState("take higher pledges", pool.Status);
        }

        var known = Headroom.Known(budget, pool);
        Headroom.EnsureMayPledge(known);
        var decision = new DecisionBuilder().Pool(new PledgeRaised(pool.Id, c.MemberId, c.Amount, c.At));
        if (pledge.Status == PledgeStatus.Live)
        {
            Headroom.EnsureFits(known, pool.Id, pledge.BudgetYear, pledge.FundingStream, c.Amount);
            decision.LivePledge(pledge, pool.Id, c.Amount, c.At);
        }

        return decision.Build();
    }

    private static Decision Lower(Pool pool, Pledge pledge, ChangePledge c)
    {
        if (pool.Status == PoolStatus.Closed)
        {
            throw new PoolNotInState("change pledges", pool.Status);
        }

        if (c.Amount < pledge.Paid)
        {
            throw new BelowPaid(pledge.Paid);
        }

        if (c.Amount < pledge.Reserved + pledge.Paid)
        {
            return new DecisionBuilder().Pool(new NoticeRecorded(pool.Id, c.MemberId, c.Amount, false, c.At)).Build();
        }

        var decision = new DecisionBuilder().Pool(new PledgeLowered(pool.Id, c.MemberId, c.Amount, false, c.At));
        if (pledge.Status == PledgeStatus.Live)
        {
            decision.LivePledge(pledge, pool.Id, c.Amount, c.At);
        }

        return decision.Build();
    }

    private static Pledge CurrentPledge(Pool pool, Guid memberId) =>
        pool.PledgeOf(memberId) is { IsMember: true } pledge ? pledge : throw new PledgeNotFound();
}
