using Brokerage.Commissioning.Api.Awarding;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Clock;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.IntegrationEvents;
using Brokerage.Commissioning.Api.Invoices;
using Brokerage.Commissioning.Api.Needs;
using Brokerage.Commissioning.Api.Ocds;
using Brokerage.Commissioning.Api.Pools;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using Brokerage.Messaging.Sagas;
using Brokerage.PooledFunds.Contracts;
using JasperFx.Events.Projections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brokerage.Commissioning.Api;

public static class Extensions
{
    private static readonly Type[] PoolEvents =
    [
        typeof(PoolOpened), typeof(PoolActivated), typeof(PoolWindingDown), typeof(PoolClosed), typeof(PoolMemberJoined), typeof(PoolMemberLeft),
        typeof(PoolPledgeChanged),
    ];

    private static readonly Type[] NeedEvents = [typeof(NeedRaised), typeof(NeedSupported)];

    private static readonly Type[] CallEvents =
    [
        typeof(CallDrafted), typeof(DraftCallEdited), typeof(CallPublished), typeof(CallClosed), typeof(BidsReceived), typeof(QualityScored),
        typeof(VoteCast), typeof(CallAwarded), typeof(CallAwardReverted), typeof(StandstillBegan), typeof(StandstillEnded), typeof(CallContracted),
        typeof(CallCancelled),
    ];

    private static readonly Type[] ContractEvents =
        [typeof(ContractCommenced), typeof(ContractAmended), typeof(ContractVariationRequested), typeof(ContractVariationRefused), typeof(ContractTerminated),
        typeof(ContractPaymentMade), typeof(ContractPaymentReversed)];

    private static readonly Type[] InvoiceEvents =
    [
        typeof(InvoiceSubmitted), typeof(InvoiceWithdrawn), typeof(DeliveryConfirmed), typeof(DeliveryDisputed), typeof(DisputeUpheld), typeof(DisputeOverruled),
        typeof(InvoiceApproved), typeof(InvoiceRejected), typeof(PaymentRetried), typeof(PaymentMade), typeof(PaymentFailed), typeof(PaymentTransferReversed),
        typeof(InvoicePeriodClaimed), typeof(InvoicePeriodReleased),
    ];

    /// <summary>The Commissioning service's own wiring: its Marten event and document store in its own database, schema "commissioning".</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        // The service's clock: in Development an offset clock that POST /dev/clock moves; tests replace it with a fake.
        if (builder.Environment.IsDevelopment())
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new OffsetTimeProvider(TimeProvider.System));
        }
        else
        {
            services.TryAddSingleton(TimeProvider.System);
        }

        // Before messaging: the outbox and inbox tables are created after Marten's schema.
        services.AddBrokerageMarten(configuration.RequiredConnectionString("EventStore", "Commissioning"), "commissioning", opts =>
        {
            opts.AddEventTypes(PoolEvents.Concat(NeedEvents).Concat(CallEvents).Concat(ContractEvents).Concat(InvoiceEvents));
            opts.Projections.Snapshot<Pool>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<Need>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<CallForOffers>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<ServiceContract>(SnapshotLifecycle.Inline);
            // An invoice is read by its contract's list and by id; the period claims are short streams, folded live.
            opts.Projections.Snapshot<Invoice>(SnapshotLifecycle.Inline);
            opts.Schema.For<Invoice>().Index(i => i.ContractId);
            opts.AddSaga<AwardState>();
        });
        services.AddBrokerageMessaging(
            messaging =>
            {
                messaging.RabbitMq = configuration.RequiredConnectionString("RabbitMq", "Commissioning");
                messaging.EndpointPrefix = configuration["Messaging:EndpointPrefix"] ?? "commissioning";
            },
            bus =>
            {
                bus.AddConsumer<PoolEventsConsumer>();
                bus.AddConsumer<BidsOpenedConsumer>();
                bus.AddConsumer<ReservationAdjustmentConsumer>();
                bus.AddConsumer<InvoicePaymentsConsumer>();
                // A representative acts here only for members Members recorded them as appointed for (ADR 0019).
                bus.AddRepresentationFromAppointments();
                bus.AddSagaStateMachine<AwardStateMachine, AwardState>().MartenRepository();
            });

        services.AddSingleton(new CallTimerOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(configuration.GetValue("Commissioning:PollIntervalMilliseconds", 1000)),
        });
        services.AddHostedService<CallTimers>();
        services.AddSingleton(new OcdsOptions
        {
            OcidPrefix = configuration["Ocds:OcidPrefix"] ?? "ocds-brokerage-",
            TransactionSource = configuration["Ocds:TransactionSource"] ?? new OcdsOptions().TransactionSource,
            CouncilNames = configuration.GetSection("Ocds:CouncilNames").GetChildren()
                .Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => CouncilIds.Normalise(c.Key), c => c.Value!),
        });

        services.AddExceptionProblems(problems => problems
            .Map<NotFoundError>(e => new(StatusCodes.Status404NotFound, e.Title))
            .Map<NotPermitted>(e => new(StatusCodes.Status403Forbidden, e.Title, e.Message))
            .Map<StateConflict>(e => new(StatusCodes.Status409Conflict, e.Title, e.Message))
            .Map<RuleBroken>(e => new(StatusCodes.Status422UnprocessableEntity, e.Title, e.Message)));
        return builder;
    }
}
