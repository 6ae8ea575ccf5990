using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.Commissioning.Contracts;
using Brokerage.Messaging;
using Brokerage.Messaging.Sagas;
using Brokerage.PooledFunds.Contracts;
using MassTransit;

namespace Brokerage.Commissioning.Api.Awarding;

/// <summary>The award saga's persisted state, one per contract id (its correlation id).</summary>
public sealed class AwardState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public Guid CallId { get; set; }

    public string CouncilId { get; set; } = "";

    public Guid PoolId { get; set; }

    public Guid BidId { get; set; }

    public Guid ProviderId { get; set; }

    public long AnnualPrice { get; set; }

    public long ContractValue { get; set; }

    public string Currency { get; set; } = "GBP";

    public DateTimeOffset StandstillEndsAt { get; set; }

    public DateTimeOffset? FundsReservedAt { get; set; }

    public string? RevertReason { get; set; }
}

/// <summary>
/// Award → ReserveFunds in PooledFunds → FundsReserved: standstill until its end (the standstill watcher records it) →
/// the contract starts; or FundsReservationRejected → the award is reverted and the call is back in evaluation.
/// Every outgoing message goes through the outbox with the state change; every step is idempotent (inbox, saga version,
/// and the call's own state).
/// </summary>
public sealed class AwardStateMachine : MassTransitStateMachine<AwardState>
{
    public AwardStateMachine(TimeProvider clock)
    {
        InstanceState(x => x.CurrentState);
        Event(() => Decided, e => e.CorrelateById(m => m.Message.ContractId));
        Event(() => Reserved, e =>
        {
            e.CorrelateById(m => m.Message.ContractId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => Rejected, e =>
        {
            e.CorrelateById(m => m.Message.ContractId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => Elapsed, e =>
        {
            e.CorrelateById(m => m.Message.ContractId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => Cancelled, e =>
        {
            e.CorrelateById(m => m.Message.ContractId);
            e.OnMissingInstance(m => m.Discard());
        });

        Initially(
            When(Decided)
                .Then(c =>
                {
                    var m = c.Message;
                    c.Saga.CallId = m.CallId;
                    c.Saga.CouncilId = m.CouncilId;
                    c.Saga.PoolId = m.PoolId;
                    c.Saga.BidId = m.BidId;
                    c.Saga.ProviderId = m.ProviderId;
                    c.Saga.AnnualPrice = m.AnnualPrice;
                    c.Saga.ContractValue = m.ContractValue;
                    c.Saga.Currency = m.Currency;
                    c.Saga.StandstillEndsAt = m.StandstillEndsAt;
                })
                .PublishViaOutbox(c => new CallForOffersAwarded(
                    c.Message.CallId, c.Message.CouncilId, c.Message.PoolId, c.Message.ContractId, c.Message.BidId, c.Message.ProviderId,
                    c.Message.AnnualPrice, c.Message.Currency, c.Message.Scores, c.Message.StandstillEndsAt, c.Message.AwardedAt,
                    c.Message.Vote, c.Message.ContractValue))
                .PublishViaOutbox(c => new ReserveFunds(c.Message.PoolId, c.Message.ContractId, c.Message.ContractValue, c.Message.Currency))
                .TransitionTo(Reserving));

        During(Reserving,
            When(Reserved)
                .IfElseAsync(
                    async c => (await LoadCall(c, c.Saga.CallId)).Aggregate?.Status == CallStatus.Cancelled,
                    cancelled => cancelled.PublishViaOutbox(c => Release(c.Saga)).TransitionTo(CallCancelled),
                    reserved => reserved
                        .ThenAsync(async c =>
                        {
                            c.Saga.FundsReservedAt = c.Message.ReservedAt;
                            var call = await LoadCall(c, c.Saga.CallId);
                            if (CallDecisions.Handle(call.Aggregate!, new BeginStandstill(c.Saga.CorrelationId, c.Message.ReservedAt)) is { } began)
                            {
                                call.AppendOne(began);
                            }
                        })
                        .TransitionTo(Standstill)),
            When(Rejected)
                .ThenAsync(async c =>
                {
                    c.Saga.RevertReason = c.Message.Reason;
                    var call = await LoadCall(c, c.Saga.CallId);
                    var now = clock.GetUtcNow();
                    if (CallDecisions.Handle(call.Aggregate!, new RevertAward(c.Saga.CorrelationId, c.Message.Reason, now)) is { } reverted)
                    {
                        call.AppendOne(reverted);
                        c.Session().Publish(new AwardReverted(c.Saga.CallId, c.Saga.CouncilId, c.Saga.CorrelationId, c.Saga.BidId, c.Message.Reason, now));
                    }
                })
                .TransitionTo(Reverted),
            When(Cancelled).TransitionTo(CallCancelled),
            Ignore(Decided),
            Ignore(Elapsed));

        During(Standstill,
            When(Elapsed)
                .IfElseAsync(
                    async c => (await LoadCall(c, c.Saga.CallId)).Aggregate?.Status == CallStatus.Cancelled,
                    cancelled => cancelled.PublishViaOutbox(c => Release(c.Saga)).TransitionTo(CallCancelled),
                    elapsed => elapsed.ThenAsync(c => StartContract(c, clock.GetUtcNow())).TransitionTo(Contracted)),
            When(Cancelled).PublishViaOutbox(c => Release(c.Saga)).TransitionTo(CallCancelled),
            Ignore(Decided),
            Ignore(Reserved),
            Ignore(Rejected));

        During(CallCancelled,
            When(Reserved).PublishViaOutbox(c => Release(c.Saga)),
            Ignore(Decided),
            Ignore(Rejected),
            Ignore(Elapsed),
            Ignore(Cancelled));

        During(Reverted, Ignore(Decided), Ignore(Reserved), Ignore(Rejected), Ignore(Elapsed), Ignore(Cancelled));
        During(Contracted, Ignore(Decided), Ignore(Reserved), Ignore(Rejected), Ignore(Elapsed), Ignore(Cancelled));
    }

    public State Reserving { get; private set; } = null!;

    public State Standstill { get; private set; } = null!;

    public State Contracted { get; private set; } = null!;

    public State Reverted { get; private set; } = null!;

    public State CallCancelled { get; private set; } = null!;

    public Event<AwardDecided> Decided { get; private set; } = null!;

    public Event<FundsReserved> Reserved { get; private set; } = null!;

    public Event<FundsReservationRejected> Rejected { get; private set; } = null!;

    public Event<StandstillElapsed> Elapsed { get; private set; } = null!;

    public Event<AwardCancelled> Cancelled { get; private set; } = null!;

    private static ReleaseReservation Release(AwardState saga) => new(saga.PoolId, saga.CorrelationId);

    private static Task<JasperFx.Events.IEventStream<CallForOffers>> LoadCall(ConsumeContext context, Guid callId) =>
        context.Session().Events.FetchForWriting<CallForOffers>(callId, context.CancellationToken);

    private static async Task StartContract(BehaviorContext<AwardState, StandstillElapsed> c, DateTimeOffset now)
    {
        var session = c.Session();
        var call = await LoadCall(c, c.Saga.CallId);
        if (CallDecisions.Handle(call.Aggregate!, new ContractCall(c.Saga.CorrelationId, now)) is not { } contracted)
        {
            return;
        }

        var terms = call.Aggregate!;
        var award = terms.CurrentAward!;
        var end = ServiceContract.EndOf(terms.StartDate, terms.TermMonths);
        var schedule = ServiceContract.MonthlySchedule(terms.StartDate, 0, terms.TermMonths, award.ContractValue);
        call.AppendOne(contracted);
        session.Events.StartStream<ServiceContract>(award.ContractId, new ContractCommenced(
            award.ContractId, terms.Id, terms.CouncilId, terms.PoolId, award.BidId, award.ProviderId, award.ProviderName, award.AnnualPrice,
            terms.Currency, terms.StartDate, end, schedule, now));
        session.Publish(new ContractStarted(
            award.ContractId, terms.Id, terms.CouncilId, terms.PoolId, award.ProviderId, award.AnnualPrice, terms.Currency, terms.StartDate, end, now,
            schedule.Select(i => new PaymentInstalment(i.Number, i.PeriodStart, i.PeriodEnd, i.Amount, terms.Currency)).ToArray(), award.ContractValue));
    }
}
