using Brokerage.Messaging;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.Pools.Funding;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using MassTransit;
using Pool = Brokerage.PooledFunds.Api.Pools.Pool;

namespace Brokerage.PooledFunds.Api.Payments;

/// <summary>
/// One payment of an approved invoice (correlation id = payment id). <see cref="Attempt"/> names the idempotency key
/// of the next transfer request, and moves on only when the payment provider refused (no money moved): an attempt
/// whose outcome is unknown is retried under the same key, so it can never pay twice.
/// </summary>
public sealed class PaymentState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public Guid InvoiceId { get; set; }

    public Guid ContractId { get; set; }

    public Guid PoolId { get; set; }

    public string CouncilId { get; set; } = "";

    public Guid ProviderId { get; set; }

    public int PeriodNumber { get; set; }

    public long Amount { get; set; }

    public string Currency { get; set; } = "GBP";

    public int Attempt { get; set; } = 1;

    public string? TransferId { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public string? LastFailure { get; set; }

    public DateTimeOffset? LastFailedAt { get; set; }

    public string IdempotencyKey => $"payment-{CorrelationId:N}-{Attempt}";
}

/// <summary>
/// PayInvoice → a transfer through the payment-gateway port → the payment recorded on the pool stream (reserved becomes
/// paid, attributed like the reservation) → InvoicePaid; or InvoicePaymentFailed with the reason and nothing recorded.
/// The transfer's outcome, the pool's events, the saga's state, the inbox row and the outgoing message commit together
/// (ADR 0021). A PayInvoice for a paid payment answers InvoicePaid again; one for a failed payment tries again.
/// </summary>
public sealed class PaymentStateMachine : MassTransitStateMachine<PaymentState>
{
    private static readonly IReadOnlyDictionary<Guid, IEventStream<MemberBudget>> NoBudgets = new Dictionary<Guid, IEventStream<MemberBudget>>();

    public PaymentStateMachine(IPaymentGateway gateway, TimeProvider clock)
    {
        InstanceState(x => x.CurrentState);
        Event(() => Requested, e => e.CorrelateById(m => m.Message.PaymentId));

        Initially(
            When(Requested)
                .Then(c => Remember(c.Saga, c.Message))
                .ThenAsync(c => PayAsync(c, gateway, clock))
                .IfElse(c => c.Saga.TransferId is not null, paid => paid.TransitionTo(Paid), failed => failed.TransitionTo(Failed)));

        During(Failed,
            When(Requested)
                .ThenAsync(c => PayAsync(c, gateway, clock))
                .IfElse(c => c.Saga.TransferId is not null, paid => paid.TransitionTo(Paid), failed => failed.TransitionTo(Failed)));

        During(Paid,
            When(Requested).Then(c => c.Session().Publish(PaidMessage(c.Saga))));
    }

    public State Paid { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public MassTransit.Event<PayInvoice> Requested { get; private set; } = null!;

    private static void Remember(PaymentState saga, PayInvoice m)
    {
        saga.InvoiceId = m.InvoiceId;
        saga.ContractId = m.ContractId;
        saga.PoolId = m.PoolId;
        saga.CouncilId = m.CouncilId;
        saga.ProviderId = m.ProviderId;
        saga.PeriodNumber = m.PeriodNumber;
        saga.Amount = m.Amount;
        saga.Currency = m.Currency;
    }

    private static async Task PayAsync(BehaviorContext<PaymentState, PayInvoice> c, IPaymentGateway gateway, TimeProvider clock)
    {
        var saga = c.Saga;
        var session = c.Session();
        var ct = c.CancellationToken;
        var poolStream = await session.Events.FetchForWriting<Pool>(saga.PoolId, ct);
        if (poolStream.Aggregate is not { } pool || pool.CouncilId != CouncilIds.Normalise(saga.CouncilId))
        {
            Fail(c, "The pool does not exist in that council.", clock, nextAttempt: false);
            return;
        }

        if (pool.Payments.TryGetValue(saga.CorrelationId, out var already))
        {
            // Recorded before (by an earlier consume whose state this one did not see): the same payment, answered again.
            saga.TransferId = already.TransferId;
            saga.PaidAt = already.RecordedAt;
            session.Publish(PaidMessage(saga));
            return;
        }

        // What recording would refuse (no reservation, less reserved than the invoice…) is refused before any money moves.
        var check = Funding.Handle(pool, new RecordContractPayment(
            pool.Id, saga.ContractId, saga.CorrelationId, saga.InvoiceId, saga.Amount, saga.Currency, "(not yet made)", clock.GetUtcNow()));
        if (check.Rejection is { } refusal)
        {
            Fail(c, refusal, clock, nextAttempt: false);
            return;
        }

        if (await session.LoadAsync<ProviderPaymentAccount>(saga.ProviderId, ct) is not { } account)
        {
            Fail(c, "The provider has not recorded a payment account, so it cannot be paid yet.", clock, nextAttempt: false);
            return;
        }

        var outcome = await gateway.TransferAsync(new TransferRequest(
            saga.CouncilId, saga.IdempotencyKey, account.AccountId, saga.Amount, saga.Currency,
            $"Contract {saga.ContractId}, period {saga.PeriodNumber}",
            new Dictionary<string, string>
            {
                ["payment_id"] = saga.CorrelationId.ToString(),
                ["invoice_id"] = saga.InvoiceId.ToString(),
                ["contract_id"] = saga.ContractId.ToString(),
                ["pool_id"] = saga.PoolId.ToString(),
                ["council_id"] = saga.CouncilId,
            }), ct);
        switch (outcome)
        {
            case TransferOutcome.Transferred transferred:
                var recorded = Funding.Handle(pool, new RecordContractPayment(
                    pool.Id, saga.ContractId, saga.CorrelationId, saga.InvoiceId, saga.Amount, saga.Currency, transferred.TransferId, clock.GetUtcNow()));
                PoolTransaction.Append(session, poolStream, NoBudgets, new Decision(recorded.Events, new Dictionary<Guid, IReadOnlyList<object>>()));
                saga.TransferId = transferred.TransferId;
                saga.PaidAt = ((ContractPaymentRecorded)recorded.Events.Single()).RecordedAt;
                saga.LastFailure = null;
                session.Publish(PaidMessage(saga));
                break;
            case TransferOutcome.Refused refused:
                Fail(c, refused.Reason, clock, nextAttempt: true);
                break;
            case TransferOutcome.Unknown unknown:
                Fail(c, unknown.Reason, clock, nextAttempt: false);
                break;
        }
    }

    /// <summary>Nothing recorded. Only after a refusal does the next attempt use a new idempotency key (a refusal is replayed under its key).</summary>
    private static void Fail(BehaviorContext<PaymentState, PayInvoice> c, string reason, TimeProvider clock, bool nextAttempt)
    {
        var saga = c.Saga;
        var now = clock.GetUtcNow();
        saga.LastFailure = reason;
        saga.LastFailedAt = now;
        if (nextAttempt)
        {
            saga.Attempt++;
        }

        c.Session().Publish(new InvoicePaymentFailed(saga.CorrelationId, saga.InvoiceId, saga.ContractId, saga.PoolId, saga.CouncilId, reason, now));
    }

    private static InvoicePaid PaidMessage(PaymentState saga) => new(
        saga.CorrelationId, saga.InvoiceId, saga.ContractId, saga.PoolId, saga.CouncilId, saga.TransferId!, saga.Amount, saga.Currency, saga.PaidAt!.Value);
}
