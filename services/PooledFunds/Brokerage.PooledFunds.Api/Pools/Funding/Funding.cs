using Brokerage.ServiceDefaults;

namespace Brokerage.PooledFunds.Api.Pools.Funding;

// Commissioning's commands on a pool's money: reserve for an awarded contract, release the reservation, record a
// payment. Each is idempotent by its business key (contract id, payment id): a repeat decides nothing new and the
// consumer answers the outcome already recorded.

public sealed record ReserveContractFunds(Guid PoolId, Guid ContractId, long Amount, string Currency, DateTimeOffset At);

public sealed record ReleaseContractReservation(Guid PoolId, Guid ContractId, DateTimeOffset At);

public sealed record AdjustContractReservation(Guid PoolId, Guid ContractId, Guid AdjustmentId, long Amount, string Currency, DateTimeOffset At);

public sealed record RecordContractPayment(
    Guid PoolId, Guid ContractId, Guid PaymentId, Guid InvoiceId, long Amount, string Currency, string TransferId, DateTimeOffset At);

/// <summary><paramref name="ReversedInAll"/>: how much of the transfer the payment provider says is reversed now (it only grows).</summary>
public sealed record ReverseContractPayment(Guid PoolId, Guid PaymentId, string TransferId, long ReversedInAll, DateTimeOffset At);

/// <summary>A payment's outcome: events to append, or a reason it was refused (nothing recorded).</summary>
public sealed record PaymentDecision(IReadOnlyList<object> Events, string? Rejection);

public static class Funding
{
    /// <summary>
    /// Reserves the amount or records why not. The reservation is attributed to members in proportion to what each has
    /// available (<see cref="Apportioning.Split"/>), so every reserved penny keeps its member and funding stream.
    /// Empty when the contract already has an outcome.
    /// </summary>
    public static IReadOnlyList<object> Handle(Pool pool, ReserveContractFunds c)
    {
        if (pool.Reservations.ContainsKey(c.ContractId) || pool.RejectedReservations.ContainsKey(c.ContractId))
        {
            return [];
        }

        var rejection = c switch
        {
            _ when pool.Status != PoolStatus.Active => $"The pool is {PoolNotInState.Describe(pool.Status)}: only an active pool reserves funds.",
            _ when !Money.IsSupportedCurrency(c.Currency) => $"The amount must be in {Money.Currency}.",
            _ when c.Amount <= 0 => "The amount must be a positive number of pence.",
            _ when c.Amount > pool.Available => $"The pool has {pool.Available} pence available; the award needs {c.Amount}.",
            _ => null,
        };
        if (rejection is not null)
        {
            return [new ContractReservationRejected(pool.Id, c.ContractId, c.Amount, rejection, c.At)];
        }

        var shares = Apportioning.Split(c.Amount, pool.Pledges.Values.Select(p => (p.MemberId, p.Available)));
        return [new ContractFundsReserved(pool.Id, c.ContractId, c.Amount, shares, c.At)];
    }

    /// <summary>
    /// Gives back what is still reserved for the contract; notices then take effect (a pledge drops to its noticed
    /// amount, or as near as what stays reserved or paid allows). Empty when nothing is reserved for the contract.
    /// </summary>
    public static Decision Handle(Pool pool, ReleaseContractReservation c)
    {
        if (!pool.Reservations.TryGetValue(c.ContractId, out var reservation) || reservation.Released)
        {
            return Decision.None;
        }

        var shares = reservation.Shares.OrderBy(s => s.Key).Select(s => new MemberShare(s.Key, s.Value)).ToList();
        var released = new ContractReservationReleased(pool.Id, c.ContractId, reservation.Remaining, shares, c.At);
        var decision = new DecisionBuilder().Pool(released);
        return NoticesTakeEffect(pool.Evolve(released), decision, c.At).Build();
    }

    /// <summary>
    /// Sets what a varied contract may draw to the new amount. More comes from the members' available funds in proportion
    /// to them (an active pool only); less goes back in proportion to what each member still has reserved for the
    /// contract, and notices waiting on that money may then take effect. Never below what was already paid. Empty when
    /// the adjustment id was decided before.
    /// </summary>
    public static Decision Handle(Pool pool, AdjustContractReservation c)
    {
        if (pool.Adjustments.ContainsKey(c.AdjustmentId))
        {
            return Decision.None;
        }

        pool.Reservations.TryGetValue(c.ContractId, out var reservation);
        var more = reservation is null ? 0 : c.Amount - reservation.Amount;
        var rejection = c switch
        {
            _ when reservation is null => "No funds are reserved for that contract in this pool.",
            _ when reservation.Released => "The reservation for that contract was released.",
            _ when !Money.IsSupportedCurrency(c.Currency) => $"The amount must be in {Money.Currency}.",
            _ when c.Amount <= 0 => "The amount must be a positive number of pence.",
            _ when c.Amount < reservation.Paid => $"{reservation.Paid} pence have been paid under the contract; it cannot be worth {c.Amount}.",
            _ when more > 0 && pool.Status != PoolStatus.Active =>
                $"The pool is {PoolNotInState.Describe(pool.Status)}: only an active pool reserves more funds.",
            _ when more > pool.Available => $"The pool has {pool.Available} pence available; the variation needs {more} more.",
            _ => null,
        };
        if (rejection is not null)
        {
            return new DecisionBuilder().Pool(new ContractReservationAdjustmentRejected(pool.Id, c.ContractId, c.AdjustmentId, c.Amount, rejection, c.At)).Build();
        }

        var added = more > 0 ? Apportioning.Split(more, pool.Pledges.Values.Select(p => (p.MemberId, p.Available))) : [];
        var released = more < 0 ? Apportioning.Split(-more, reservation!.Shares.Select(s => (s.Key, s.Value))) : [];
        var adjusted = new ContractReservationAdjusted(
            pool.Id, c.ContractId, c.AdjustmentId, c.Amount, [.. added.Where(s => s.Amount > 0)], [.. released.Where(s => s.Amount > 0)], c.At);
        var decision = new DecisionBuilder().Pool(adjusted);
        return (more < 0 ? NoticesTakeEffect(pool.Evolve(adjusted), decision, c.At) : decision).Build();
    }

    // Money went back to members' available funds: a notice waiting on it lowers the pledge to the noticed amount, or as
    // near as what stays reserved or paid allows; a withdrawal notice with nothing left reserved withdraws the pledge.
    private static DecisionBuilder NoticesTakeEffect(Pool after, DecisionBuilder decision, DateTimeOffset at)
    {
        foreach (var pledge in after.Pledges.Values.Where(p => p.Notice is not null && p.IsMember).OrderBy(p => p.MemberId))
        {
            var notice = pledge.Notice!;
            if (notice.Withdrawal && pledge.Reserved == 0)
            {
                decision.Pool(new PledgeWithdrawn(after.Id, pledge.MemberId, pledge.Paid, true, at)).LivePledge(pledge, after.Id, pledge.Paid, at);
                continue;
            }

            var target = Math.Max(notice.Amount, pledge.Reserved + pledge.Paid);
            if (target < pledge.Amount)
            {
                decision.Pool(new PledgeLowered(after.Id, pledge.MemberId, target, true, at)).LivePledge(pledge, after.Id, target, at);
            }
        }

        return decision;
    }

    /// <summary>Moves reserved to paid for the contract, attributed like its reservation; empty events and no rejection for a payment id already recorded.</summary>
    public static PaymentDecision Handle(Pool pool, RecordContractPayment c)
    {
        if (pool.Payments.ContainsKey(c.PaymentId))
        {
            return new([], null);
        }

        pool.Reservations.TryGetValue(c.ContractId, out var reservation);
        var rejection = c switch
        {
            _ when reservation is null => "No funds are reserved for that contract in this pool.",
            _ when reservation.Released => "The reservation for that contract was released.",
            _ when !Money.IsSupportedCurrency(c.Currency) => $"The amount must be in {Money.Currency}.",
            _ when c.Amount <= 0 => "The amount must be a positive number of pence.",
            _ when c.InvoiceId == Guid.Empty => "A payment must trace to an invoice.",
            _ when string.IsNullOrWhiteSpace(c.TransferId) => "A payment must trace to a payment-provider transfer id.",
            _ when c.Amount > reservation.Remaining => $"The contract has {reservation.Remaining} pence reserved; the payment is {c.Amount}.",
            _ => null,
        };
        if (rejection is not null)
        {
            return new([], rejection);
        }

        var shares = Apportioning.Split(c.Amount, reservation!.Shares.Select(s => (s.Key, s.Value)));
        return new([new ContractPaymentRecorded(pool.Id, c.ContractId, c.PaymentId, c.InvoiceId, c.TransferId.Trim(), c.Amount, shares, c.At)], null);
    }

    /// <summary>
    /// Records what the payment provider reversed of a payment's transfer since last told: paid goes back to reserved for
    /// the contract, from each member in proportion to their share of the payment. Empty when nothing more was reversed
    /// (a repeated webhook), refused when the payment or its transfer is not this pool's.
    /// </summary>
    public static PaymentDecision Handle(Pool pool, ReverseContractPayment c)
    {
        if (!pool.Payments.TryGetValue(c.PaymentId, out var payment) || payment.TransferId != c.TransferId)
        {
            return new([], "No payment of this pool was made with that transfer.");
        }

        var more = Math.Min(c.ReversedInAll, payment.Amount) - payment.Reversed;
        if (more <= 0)
        {
            return new([], null);
        }

        var shares = Apportioning.Split(more, payment.Shares.Select(s => (s.Key, s.Value)));
        return new([new ContractPaymentReversed(pool.Id, payment.ContractId, payment.PaymentId, payment.TransferId, more, shares, c.At)], null);
    }
}
