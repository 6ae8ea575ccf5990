using Brokerage.Messaging;
using Brokerage.Messaging.Sagas;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.IntegrationEvents;
using Brokerage.PooledFunds.Api.Payments;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.ServiceDefaults;
using JasperFx.Events.Projections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brokerage.PooledFunds.Api;

public static class Extensions
{
    /// <summary>Who may propose a pool: a member, a representative for a member, or a broker.</summary>
    public const string PoolProposers = "pool-proposers";

    /// <summary>Who may read pools, ledgers and members' pledges (each endpoint narrows it further): members, representatives and council staff.</summary>
    public const string PoolReaders = "pool-readers";

    /// <summary>
    /// The PooledFunds service's own wiring: Marten in its own database (schema "pooledfunds") with the pool and
    /// member-budget streams and their inline read models, messaging with its consumers, and its error mapping.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Events are stamped with the service's TimeProvider, so ledger as-of reads and the events' own times agree.
        // Inline snapshots: the read models commit with the events, so a pool list or a member's pledges are never
        // behind, and FetchForWriting reads a long stream's state in one row.
        builder.Services.AddBrokerageMarten(configuration.RequiredConnectionString("EventStore", "PooledFunds"), "pooledfunds", opts =>
        {
            opts.AddEventTypes(PoolEventTypes.Concat(BudgetEventTypes));
            opts.Projections.Snapshot<Pool>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<MemberBudget>(SnapshotLifecycle.Inline);
            opts.AddSaga<PaymentState>();
            opts.Schema.For<ProviderPaymentAccount>();
            // One row per Stripe event handled: a second delivery fails to insert and changes nothing.
            opts.Schema.For<StripeEventHandled>().Identity(e => e.Id);
        });
        builder.Services.AddBrokerageMessaging(
            messaging =>
            {
                messaging.RabbitMq = configuration.RequiredConnectionString("RabbitMq", "PooledFunds");
                messaging.EndpointPrefix = "pooled-funds";
                // A member's budget stream is written by pledges and by Members' events at once: conflicts retry with fresh state.
                messaging.RetryLimit = 20;
            },
            bus =>
            {
                bus.AddConsumer<MemberBudgetConsumer>();
                bus.AddConsumer<FundsCommandsConsumer>();
                bus.AddConsumer<ProviderAccountsConsumer>();
                bus.AddSagaStateMachine<PaymentStateMachine, PaymentState>().MartenRepository();
                // A representative acts here only for members Members recorded them as appointed for (ADR 0019).
                bus.AddRepresentationFromAppointments();
            });
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Paying providers (ADR 0021): Stripe through the payment-gateway port, each council with its own keys.
        builder.Services.Configure<PaymentOptions>(configuration.GetSection("Payments"));
        builder.Services.AddHttpClient(nameof(StripeGateway), client => client.Timeout = Timeout.InfiniteTimeSpan); // Polly times each attempt
        builder.Services.AddSingleton<StripeGateway>();
        builder.Services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<StripeGateway>());
        builder.Services.AddHealthChecks().AddCheck<PaymentProviderHealthCheck>("payment-provider", tags: [HealthTags.Ready]);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PoolProposers, policy => policy.RequireRole(Roles.Member, Roles.Representative, Roles.Broker))
            .AddPolicy(PoolReaders, policy => policy.RequireRole(Roles.Member, Roles.Representative, Roles.Broker, Roles.CouncilAdmin));
        builder.Services.AddExceptionProblems(problems => problems
            .Map<PoolRuleBroken>(e => new(StatusCodes.Status422UnprocessableEntity, e.Title, e.Message))
            .Map<PoolStateConflict>(e => new(StatusCodes.Status409Conflict, e.Title, e.Message))
            .Map<PledgeNotFound>(e => new(StatusCodes.Status404NotFound, "PledgeNotFound", e.Message))
            .Map<PoolVersionMismatch>(e => new(StatusCodes.Status412PreconditionFailed, "The pool changed since you read it", e.Message)));
        return builder;
    }

    public static readonly IReadOnlyList<Type> PoolEventTypes =
    [
        typeof(PoolProposed), typeof(Pools.PoolOpened), typeof(Pools.PoolActivated), typeof(Pools.PoolWindingDown), typeof(Pools.PoolClosed),
        typeof(PledgeMade), typeof(PledgeRaised), typeof(PledgeLowered), typeof(PledgeWithdrawn), typeof(NoticeRecorded), typeof(PledgeWentLive),
        typeof(SurplusReturned), typeof(ConditionalPledgeLapsed), typeof(ContractFundsReserved), typeof(ContractReservationRejected),
        typeof(ContractReservationReleased), typeof(ContractReservationAdjusted), typeof(ContractReservationAdjustmentRejected),
        typeof(ContractPaymentRecorded), typeof(ContractPaymentReversed),
    ];

    public static readonly IReadOnlyList<Type> BudgetEventTypes =
    [
        typeof(MemberBudgetOpened), typeof(MemberRegistrationRecorded), typeof(AllocationRecorded), typeof(PoolingConsentRecorded),
        typeof(MemberClosureRecorded), typeof(LivePledgeSet), typeof(PledgesFlagged),
    ];
}
