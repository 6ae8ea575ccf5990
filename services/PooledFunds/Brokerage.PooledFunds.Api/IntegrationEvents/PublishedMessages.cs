using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.ServiceDefaults;
using Integration = Brokerage.PooledFunds.Contracts;

namespace Brokerage.PooledFunds.Api.IntegrationEvents;

/// <summary>The integration messages PooledFunds publishes (through the outbox), derived from its domain events. Ids, money and dates only.</summary>
public static class PublishedMessages
{
    public static IEnumerable<object> ForPool(Pool before, IReadOnlyList<object> events)
    {
        var pool = before;
        foreach (var e in events)
        {
            var previous = pool;
            pool = pool.Evolve(e);
            object? message = e switch
            {
                PoolOpened x => new Integration.PoolOpened(pool.Id, pool.CouncilId, pool.Name, pool.FundingStreams, GovernanceOf(pool), x.OpenedAt),
                PoolActivated x => new Integration.PoolActivated(pool.Id, pool.CouncilId, x.ActivatedAt),
                PoolWindingDown x => new Integration.PoolWindingDown(pool.Id, pool.CouncilId, x.WindingDownAt),
                PoolClosed x => new Integration.PoolClosed(pool.Id, pool.CouncilId, x.ClosedAt),
                PledgeMade x when previous.PledgeOf(x.MemberId) is not { IsMember: true } => new Integration.PoolMemberJoined(pool.Id, pool.CouncilId, x.MemberId, x.MadeAt),
                PledgeWithdrawn x => new Integration.PoolMemberLeft(pool.Id, pool.CouncilId, x.MemberId, x.WithdrawnAt),
                ContractFundsReserved x => new Integration.FundsReserved(pool.Id, x.ContractId, x.Amount, Money.Currency, x.ReservedAt),
                ContractReservationRejected x => new Integration.FundsReservationRejected(pool.Id, x.ContractId, x.Reason, x.RejectedAt),
                ContractReservationReleased x => new Integration.ReservationReleased(pool.Id, x.ContractId, x.Amount, Money.Currency, x.ReleasedAt),
                ContractReservationAdjusted or ContractReservationAdjustmentRejected => AdjustmentAnswer(pool, e switch
                {
                    ContractReservationAdjusted a => a.AdjustmentId,
                    _ => ((ContractReservationAdjustmentRejected)e).AdjustmentId,
                }),
                ContractPaymentRecorded x => PaymentRecorded(pool, pool.Payments[x.PaymentId]),
                ContractPaymentReversed x => new Integration.PaymentReversed(
                    x.PaymentId, pool.Payments[x.PaymentId].InvoiceId, x.ContractId, pool.Id, pool.CouncilId, x.TransferId, x.Amount, Money.Currency, x.ReversedAt),
                _ => null,
            };
            if (message is not null)
            {
                yield return message;
            }
        }
    }

    /// <summary>
    /// One PoolPledgeChanged per member whose live pledged amount in the pool differs after <paramref name="events"/>,
    /// carrying the pool stream's version after them and the time of the last event that changed it.
    /// </summary>
    public static IEnumerable<object> PledgeChanges(Pool before, IReadOnlyList<object> events, long versionAfter)
    {
        var pool = before;
        var changedAt = new Dictionary<Guid, DateTimeOffset>();
        foreach (var e in events)
        {
            pool = pool.Evolve(e);
            if (PledgeChange(e) is { } change)
            {
                changedAt[change.MemberId] = change.At;
            }
        }

        return changedAt
            .Where(c => LivePledged(before, c.Key) != LivePledged(pool, c.Key))
            .OrderBy(c => c.Key)
            .Select(c => new Integration.PoolPledgeChanged(pool.Id, pool.CouncilId, c.Key, LivePledged(pool, c.Key), Money.Currency, versionAfter, c.Value));
    }

    /// <summary>What a member has live in the pool: a conditional or withdrawn pledge holds 0.</summary>
    public static long LivePledged(Pool pool, Guid memberId) => pool.PledgeOf(memberId) is { Status: PledgeStatus.Live } pledge ? pledge.Amount : 0;

    private static (Guid MemberId, DateTimeOffset At)? PledgeChange(object e) => e switch
    {
        PledgeMade x => (x.MemberId, x.MadeAt),
        PledgeRaised x => (x.MemberId, x.RaisedAt),
        PledgeLowered x => (x.MemberId, x.LoweredAt),
        PledgeWithdrawn x => (x.MemberId, x.WithdrawnAt),
        PledgeWentLive x => (x.MemberId, x.WentLiveAt),
        SurplusReturned x => (x.MemberId, x.ReturnedAt),
        ConditionalPledgeLapsed x => (x.MemberId, x.LapsedAt),
        _ => null,
    };

    /// <summary>One MemberPledgesChanged per budget year and funding stream whose live pledges changed, carrying the budget stream's version.</summary>
    public static IEnumerable<object> ForBudget(MemberBudget after, IReadOnlyList<object> events, long versionAfter) =>
        events.OfType<LivePledgeSet>()
            .GroupBy(e => (e.BudgetYear, e.FundingStream))
            .Select(g => new Integration.MemberPledgesChanged(
                after.MemberId, after.CouncilId, g.Key.BudgetYear, g.Key.FundingStream, after.Pledged(g.Key.BudgetYear, g.Key.FundingStream),
                Money.Currency, versionAfter, g.Max(e => e.SetAt)));

    public static Integration.PoolGovernance GovernanceOf(Pool pool) => new(
        pool.Governance.MinimumMembers, pool.Governance.TargetAmount, Money.Currency, pool.Governance.VoteQuorumPercent, pool.Governance.VotingMethod);

    /// <summary>The answer to an AdjustReservation, from the outcome the pool recorded (also for a repeat).</summary>
    public static object AdjustmentAnswer(Pool pool, Guid adjustmentId)
    {
        var outcome = pool.Adjustments[adjustmentId];
        return outcome.Rejection is { } reason
            ? new Integration.ReservationAdjustmentRejected(pool.Id, outcome.ContractId, adjustmentId, reason, outcome.At)
            : new Integration.ReservationAdjusted(pool.Id, outcome.ContractId, adjustmentId, outcome.Amount, outcome.Reserved, Money.Currency, outcome.At);
    }

    public static Integration.PaymentRecorded PaymentRecorded(Pool pool, Payment payment) => new(
        pool.Id, payment.ContractId, payment.PaymentId, payment.InvoiceId, payment.Amount, Money.Currency, payment.TransferId, payment.RecordedAt);
}
