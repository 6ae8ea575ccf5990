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
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Authorization;

namespace Brokerage.ProviderOffers.Api;

public static class Extensions
{
    /// <summary>The ProviderOffers service's own wiring: Marten in its own database, schema "provideroffers".</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddBrokerageMarten(configuration.RequiredConnectionString("EventStore", "ProviderOffers"), "provideroffers", store =>
        {
            store.AddEventTypes([
                typeof(ProviderRegistered), typeof(ProviderDetailsUpdated), typeof(PaymentAccountRecorded), typeof(ProviderVerified), typeof(ProviderSuspended),
                typeof(CallForOffersRecorded), typeof(CallClosed), typeof(CallCancelled), typeof(CallAwarded), typeof(AwardReverted),
                typeof(BidSubmitted), typeof(BidRevised), typeof(BidWithdrawn),
                typeof(ContractStarted), typeof(ContractVaried), typeof(ContractEnded),
            ]);
            // Inline: the read models commit with the events, so a write is visible to the next read.
            store.Projections.Snapshot<ProviderView>(SnapshotLifecycle.Inline);
            store.Projections.Snapshot<CallView>(SnapshotLifecycle.Inline);
            store.Projections.Add(new BidViewProjection(), ProjectionLifecycle.Inline);
            store.Projections.Snapshot<CallResultsView>(SnapshotLifecycle.Inline);
            store.Projections.Snapshot<ContractView>(SnapshotLifecycle.Inline);
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
