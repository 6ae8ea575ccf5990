using Brokerage.EventStore;
using Brokerage.Messaging;
using Brokerage.ProviderOffers.Api.Apis;
using Brokerage.ProviderOffers.Api.Calls;
using Brokerage.ProviderOffers.Api.Calls.CancellingCall;
using Brokerage.ProviderOffers.Api.Calls.ClosingCall;
using Brokerage.ProviderOffers.Api.Calls.RecordingAward;
using Brokerage.ProviderOffers.Api.Calls.RecordingCall;
using Brokerage.ProviderOffers.Api.Calls.RevisingBid;
using Brokerage.ProviderOffers.Api.Calls.SubmittingBid;
using Brokerage.ProviderOffers.Api.Calls.WithdrawingBid;
using Brokerage.ProviderOffers.Api.IntegrationEvents;
using Brokerage.ProviderOffers.Api.ProviderContracts;
using Brokerage.ProviderOffers.Api.Providers;
using Brokerage.ProviderOffers.Api.Providers.RecordingPaymentAccount;
using Brokerage.ProviderOffers.Api.Providers.RegisteringProvider;
using Brokerage.ProviderOffers.Api.Providers.SuspendingProvider;
using Brokerage.ProviderOffers.Api.Providers.UpdatingDetails;
using Brokerage.ProviderOffers.Api.Providers.VerifyingProvider;
using Brokerage.ProviderOffers.Api.ReadModels;
using Brokerage.ServiceDefaults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brokerage.ProviderOffers.Api;

public static class Extensions
{
    /// <summary>The ProviderOffers service's own wiring: its event store in its own database, schema "provideroffers".</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddEventStore(store =>
        {
            store.ConnectionString = configuration.RequiredConnectionString("EventStore", "ProviderOffers");
            store.Schema = "provideroffers";
            store.Events
                .Add<ProviderRegistered>().Add<ProviderDetailsUpdated>().Add<PaymentAccountRecorded>().Add<ProviderVerified>().Add<ProviderSuspended>()
                .Add<CallForOffersRecorded>().Add<CallClosed>().Add<CallCancelled>().Add<CallAwarded>().Add<AwardReverted>()
                .Add<BidSubmitted>().Add<BidRevised>().Add<BidWithdrawn>()
                .Add<ContractStarted>().Add<ContractVaried>().Add<ContractEnded>();
            // Inline: the read models commit with the events, so a write is visible to the next read.
            store.Projections.Add(ProviderView.Projection(), ProjectionLifecycle.Inline);
            store.Projections.Add(CallView.Projection(), ProjectionLifecycle.Inline);
            store.Projections.Add(new BidViewProjection(), ProjectionLifecycle.Inline);
            store.Projections.Add(CallResultsView.Projection(), ProjectionLifecycle.Inline);
            store.Projections.Add(ContractView.Projection(), ProjectionLifecycle.Inline);
            store.AddMessagingTables();
        });
        builder.Services.AddBrokerageMessaging(
            messaging =>
            {
                messaging.RabbitMq = configuration.RequiredConnectionString("RabbitMq", "ProviderOffers");
                messaging.EndpointPrefix = "provider-offers";
            },
            bus =>
            {
                bus.AddConsumer<CallForOffersPublishedConsumer>();
                bus.AddConsumer<CallForOffersClosedConsumer>();
                bus.AddConsumer<CallForOffersCancelledConsumer>();
                bus.AddConsumer<CallForOffersAwardedConsumer>();
                bus.AddConsumer<AwardRevertedConsumer>();
                bus.AddConsumer<ContractStartedConsumer>();
                bus.AddConsumer<ContractVariedConsumer>();
                bus.AddConsumer<ContractEndedConsumer>();
            });

        builder.Services.Configure<AuthorizationOptions>(options =>
            options.AddPolicy(Access.ProviderOrCouncilStaff, policy => policy.RequireRole(Roles.Provider, Roles.Broker, Roles.CouncilAdmin)));

        builder.Services.AddExceptionProblems(problems => problems
            .Map<ProviderAlreadyRegistered>(e => new(StatusCodes.Status409Conflict, "The organisation is already registered", e.Message))
            .Map<ProviderNotRegistered>(_ => new(StatusCodes.Status404NotFound, "No such provider"))
            .Map<ProviderDoesNotWorkWithCouncil>(_ => new(StatusCodes.Status404NotFound, "No such provider"))
            .Map<ProviderAlreadyVerified>(e => new(StatusCodes.Status409Conflict, "The provider is already verified", e.Message))
            .Map<ProviderAlreadySuspended>(e => new(StatusCodes.Status409Conflict, "The provider is already suspended", e.Message))
            .Map<SuspensionReasonRequired>(e => new(StatusCodes.Status422UnprocessableEntity, "A suspension needs a reason", e.Message))
            .Map<CallClosedForBids>(e => new(StatusCodes.Status409Conflict, "The call for offers is closed", e.Message))
            .Map<CallCancelledForBids>(e => new(StatusCodes.Status409Conflict, "The call for offers was cancelled", e.Message))
            .Map<ProviderNotEligible>(e => new(StatusCodes.Status403Forbidden, "Your organisation may not bid on this call", e.Message))
            .Map<BidAlreadySubmitted>(e => new(StatusCodes.Status409Conflict, "You have already bid on this call", e.Message))
            .Map<BidOverMaximumPrice>(e => new(StatusCodes.Status422UnprocessableEntity, "The price is above the call's maximum", e.Message))
            .Map<BidCurrencyNotAccepted>(e => new(StatusCodes.Status422UnprocessableEntity, "The currency is not the call's currency", e.Message))
            .Map<BidNotFound>(_ => new(StatusCodes.Status404NotFound, "No such bid"))
            .Map<BidAlreadyWithdrawn>(e => new(StatusCodes.Status409Conflict, "The bid was withdrawn", e.Message))
            .Map<BidRevisionStale>(e => new(StatusCodes.Status412PreconditionFailed, "The bid changed since you read it", e.Message))
            .Map<BidsSealed>(e => new(StatusCodes.Status403Forbidden, "Bids are sealed", e.Message)));
        return builder;
    }
}
