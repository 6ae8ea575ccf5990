using Brokerage.PooledFunds.Api.Budgets;

namespace Brokerage.PooledFunds.Api.Pools;

/// <summary>
/// DESIGN.md §2: available ≥ 0, reserved ≥ 0, pledged = available + reserved + paid, and every reserved or paid penny is
/// attributed to a member (so to a funding stream) and traces to a contract. Checked on every change before anything is
/// appended; a failure is a bug, so it throws and nothing commits.
/// </summary>
public static class LedgerInvariants
{
    public static void Assert(Pool pool)
    {
        foreach (var p in pool.Pledges.Values)
        {
            Check(p.Amount >= 0 && p.Reserved >= 0 && p.Paid >= 0 && p.Available >= 0, pool, $"member {p.MemberId}: a negative figure");
            Check(p.LiveAmount == p.Available + p.Reserved + p.Paid, pool, $"member {p.MemberId}: pledged ≠ available + reserved + paid");
            Check(p.Status != PledgeStatus.Conditional || (p.Reserved == 0 && p.Paid == 0), pool, $"member {p.MemberId}: a conditional pledge holds money");
            Check(p.Status != PledgeStatus.Withdrawn || p.Available == 0, pool, $"member {p.MemberId}: a withdrawn pledge has money available");

            var reserved = pool.Reservations.Values.Sum(r => r.Shares.GetValueOrDefault(p.MemberId));
            Check(reserved == p.Reserved, pool, $"member {p.MemberId}: reserved does not match the contracts' reservations");
            var paid = pool.Payments.Values.Sum(pay => pay.Shares.GetValueOrDefault(p.MemberId));
            Check(paid == p.Paid, pool, $"member {p.MemberId}: paid does not match the payments");
        }

        foreach (var r in pool.Reservations.Values)
        {
            Check(r.Shares.Values.All(s => s > 0) && r.Shares.Keys.All(pool.Pledges.ContainsKey), pool, $"contract {r.ContractId}: a share is not positive or names no pledge");
            Check(r.Released ? r.Remaining == 0 : r.Remaining + r.Paid == r.Amount, pool, $"contract {r.ContractId}: reserved + paid ≠ the reservation");
            var paid = pool.Payments.Values.Where(pay => pay.ContractId == r.ContractId).Sum(pay => pay.Amount - pay.Reversed);
            Check(paid == r.Paid, pool, $"contract {r.ContractId}: paid does not match its payments");
        }

        foreach (var pay in pool.Payments.Values)
        {
            Check(pay.Shares.Values.Sum() == pay.Amount - pay.Reversed && pay.Amount > 0 && pay.Reversed >= 0 && pay.Reversed <= pay.Amount,
                pool, $"payment {pay.PaymentId}: shares do not sum to the amount not reversed");
            Check(pool.Reservations.ContainsKey(pay.ContractId) && pay.InvoiceId != Guid.Empty && !string.IsNullOrWhiteSpace(pay.TransferId),
                pool, $"payment {pay.PaymentId}: does not trace to a contract, an invoice and a transfer");
        }
    }

    /// <summary>A member's budget after a change: a raise never takes headroom below zero, and the budget holds exactly what each pool's ledger says is live.</summary>
    public static void Assert(MemberBudget before, MemberBudget after, Pool pool)
    {
        foreach (var (year, stream) in after.Streams())
        {
            if (after.Pledged(year, stream) > before.Pledged(year, stream))
            {
                Check(after.Pledged(year, stream) <= after.Allocation(year, stream), pool, $"member {after.MemberId}: headroom went below zero");
            }
        }

        var live = pool.PledgeOf(after.MemberId)?.LiveAmount ?? 0;
        Check(after.LiveIn(pool.Id) == live, pool, $"member {after.MemberId}: the budget's live pledge differs from the pool's ledger");
    }

    private static void Check(bool holds, Pool pool, string what)
    {
        if (!holds)
        {
            throw new LedgerInvariantViolated($"Ledger invariant broken in pool {pool.Id}: {what}.");
        }
    }
}
