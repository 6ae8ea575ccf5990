using Brokerage.Messaging;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.Pools.Funding;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;
using MassTransit;
using Pool = Brokerage.PooledFunds.Api.Pools.Pool;

namespace Brokerage.PooledFunds.Api.IntegrationEvents;

/// <summary>
/// Commissioning's commands on a pool's money. Each answers through the outbox in the same transaction as its events;
/// a repeat (same contract id, same payment id) answers the outcome already recorded and changes nothing.
/// </summary>
public sealed class FundsCommandsConsumer(TimeProvider clock) :
    IConsumer<ReserveFunds>,
    IConsumer<ReleaseReservation>,
    IConsumer<AdjustReservation>,
    IConsumer<RecordPayment>
{
    private static readonly IReadOnlyDictionary<Guid, IEventStream<MemberBudget>> NoBudgets = new Dictionary<Guid, IEventStream<MemberBudget>>();

    public async Task Consume(ConsumeContext<ReserveFunds> context)
    {
        var m = context.Message;
        var session = context.Session();
        var now = clock.GetUtcNow();
        var poolStream = await session.Events.FetchForWriting<Pool>(m.PoolId, context.CancellationToken);
        if (poolStream.Aggregate is not { } pool)
        {
            session.Publish(new FundsReservationRejected(m.PoolId, m.ContractId, "The pool does not exist.", now));
            return;
        }

        var events = Funding.Handle(pool, new ReserveContractFunds(m.PoolId, m.ContractId, m.Amount, m.Currency, now));
        if (events.Count > 0)
        {
            PoolTransaction.Append(session, poolStream, NoBudgets, new Decision(events, new Dictionary<Guid, IReadOnlyList<object>>()));
            return;
        }

        // A repeat: answer what was decided the first time.
        if (pool.Reservations.TryGetValue(m.ContractId, out var reservation))
        {
            session.Publish(new FundsReserved(pool.Id, m.ContractId, reservation.Amount, Money.Currency, reservation.ReservedAt));
        }
        else
        {
            session.Publish(new FundsReservationRejected(pool.Id, m.ContractId, pool.RejectedReservations[m.ContractId], now));
        }
    }

    public async Task Consume(ConsumeContext<ReleaseReservation> context)
    {
        var m = context.Message;
        var session = context.Session();
        var now = clock.GetUtcNow();
        var poolStream = await session.Events.FetchForWriting<Pool>(m.PoolId, context.CancellationToken);
        if (poolStream.Aggregate is not { } pool)
        {
            session.Publish(new ReservationReleased(m.PoolId, m.ContractId, 0, Money.Currency, now));
            return;
        }

        var budgets = await BudgetsWithNoticesAsync(session, pool, context.CancellationToken);

        var decision = Funding.Handle(pool, new ReleaseContractReservation(m.PoolId, m.ContractId, now));
        if (!decision.IsEmpty)
        {
            PoolTransaction.Append(session, poolStream, budgets, decision);
            return;
        }

        // Released before (answer the amount released then) or never reserved (nothing to release).
        var released = pool.Reservations.TryGetValue(m.ContractId, out var reservation) ? reservation.Amount - reservation.Paid : 0;
        session.Publish(new ReservationReleased(pool.Id, m.ContractId, released, Money.Currency, now));
    }

    public async Task Consume(ConsumeContext<AdjustReservation> context)
    {
        var m = context.Message;
        var session = context.Session();
        var now = clock.GetUtcNow();
        var poolStream = await session.Events.FetchForWriting<Pool>(m.PoolId, context.CancellationToken);
        if (poolStream.Aggregate is not { } pool)
        {
            session.Publish(new ReservationAdjustmentRejected(m.PoolId, m.ContractId, m.AdjustmentId, "The pool does not exist.", now));
            return;
        }

        var budgets = await BudgetsWithNoticesAsync(session, pool, context.CancellationToken);

        var decision = Funding.Handle(pool, new AdjustContractReservation(m.PoolId, m.ContractId, m.AdjustmentId, m.Amount, m.Currency, now));
        if (!decision.IsEmpty)
        {
            PoolTransaction.Append(session, poolStream, budgets, decision);
            return;
        }

        session.Publish(PublishedMessages.AdjustmentAnswer(pool, m.AdjustmentId)); // a repeat: the outcome decided the first time
    }

    public async Task Consume(ConsumeContext<RecordPayment> context)
    {
        var m = context.Message;
        var session = context.Session();
        var now = clock.GetUtcNow();
        var poolStream = await session.Events.FetchForWriting<Pool>(m.PoolId, context.CancellationToken);
        if (poolStream.Aggregate is not { } pool)
        {
            session.Publish(new PaymentRejected(m.PoolId, m.ContractId, m.PaymentId, "The pool does not exist.", now));
            return;
        }

        var decision = Funding.Handle(pool, new RecordContractPayment(m.PoolId, m.ContractId, m.PaymentId, m.InvoiceId, m.Amount, m.Currency, m.TransferId ?? "", now));
        if (decision.Rejection is { } reason)
        {
            session.Publish(new PaymentRejected(pool.Id, m.ContractId, m.PaymentId, reason, now));
        }
        else if (decision.Events.Count > 0)
        {
            PoolTransaction.Append(session, poolStream, NoBudgets, new Decision(decision.Events, new Dictionary<Guid, IReadOnlyList<object>>()));
        }
        else
        {
            session.Publish(PublishedMessages.PaymentRecorded(pool, pool.Payments[m.PaymentId])); // the same payment again: one payment, answered again
        }
    }

    // Money going back to members may let notices take effect: their budgets are loaded for writing in the same transaction.
    private static async Task<Dictionary<Guid, IEventStream<MemberBudget>>> BudgetsWithNoticesAsync(IDocumentSession session, Pool pool, CancellationToken ct)
    {
        var budgets = new Dictionary<Guid, IEventStream<MemberBudget>>();
        foreach (var memberId in pool.Pledges.Values.Where(p => p.Notice is not null).Select(p => p.MemberId).Order())
        {
            budgets[memberId] = await session.Events.FetchForWriting<MemberBudget>(memberId, ct);
        }

        return budgets;
    }
}
