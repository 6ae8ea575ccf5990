using Brokerage.Members.Api.Apis;
using Brokerage.Members.Api.IntegrationEvents;
using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.AchievingOutcome;
using Brokerage.Members.Api.Members.AddingOutcome;
using Brokerage.Members.Api.Members.AllocatingBudget;
using Brokerage.Members.Api.Members.AppointingRepresentative;
using Brokerage.Members.Api.Members.ClosingMembership;
using Brokerage.Members.Api.Members.CorrectingDetails;
using Brokerage.Members.Api.Members.EditingOutcome;
using Brokerage.Members.Api.Members.EndingRepresentation;
using Brokerage.Members.Api.Members.GivingPoolingConsent;
using Brokerage.Members.Api.Members.HoldingPseudonyms;
using Brokerage.Members.Api.Members.ReassessingBudget;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.Members.Api.Members.RemovingOutcome;
using Brokerage.Members.Api.Members.WithdrawingPoolingConsent;
using Brokerage.Members.Api.Pledges;
using Brokerage.Members.Api.ReadModels;
using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using JasperFx.Events.Projections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Brokerage.Members.Api;

public static class Extensions
{
    /// <summary>The events of a member's stream, in the order a member's life usually meets them.</summary>
    public static readonly Type[] MemberEvents =
    [
        typeof(MemberRegistered), typeof(MemberDetailsCorrected), typeof(BudgetAllocated), typeof(BudgetReassessed),
        typeof(RepresentativeAppointed), typeof(RepresentativeEnded), typeof(SupportPlanOutcomeAdded), typeof(SupportPlanOutcomeEdited),
        typeof(SupportPlanOutcomeAchieved), typeof(SupportPlanOutcomeRemoved), typeof(PoolingConsentGiven), typeof(PoolingConsentWithdrawn),
        typeof(MemberClosed),
    ];

    /// <summary>
    /// The Members service's own wiring: Marten in its own database (schema "members"), inline read models,
    /// messaging with the MemberPledgesChanged consumer, its error mapping and its clock.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddBrokerageMarten(configuration.RequiredConnectionString("EventStore", "Members"), "members", store =>
        {
            store.AddEventTypes([
                .. MemberEvents, typeof(PledgesRecorded), typeof(RegistrationKeyClaimed), typeof(PseudonymClaimed), typeof(PseudonymReleased),
            ]);
            // The member as the rules see it and its read models, written with its events: a command reads the member
            // in one row however long its stream. The claim streams are short and folded live.
            store.Projections.Snapshot<Member>(SnapshotLifecycle.Inline);
            store.Projections.Snapshot<MemberDetailsView>(SnapshotLifecycle.Inline);
            store.Projections.Snapshot<RepresentativesView>(SnapshotLifecycle.Inline);
            store.Projections.Snapshot<AllocationsView>(SnapshotLifecycle.Inline);
            store.Projections.Snapshot<SupportPlanView>(SnapshotLifecycle.Inline);
            store.Projections.Add<PledgesProjection>(ProjectionLifecycle.Inline);
        });
        builder.Services.AddBrokerageMessaging(
            messaging =>
            {
                messaging.RabbitMq = configuration.RequiredConnectionString("RabbitMq", "Members");
                messaging.EndpointPrefix = "members";
            },
            bus => bus.AddConsumer<MemberPledgesChangedConsumer>(typeof(MemberPledgesChangedConsumerDefinition)));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<MemberAccess>();
        builder.Services.AddAuthorizationBuilder().AddMembersPolicies();
        builder.Services.AddExceptionProblems(problems => problems
            .Map<MemberNotFound>(StatusCodes.Status404NotFound, new MemberNotFound().Title)
            .Map<RepresentativeNotFound>(StatusCodes.Status404NotFound, new RepresentativeNotFound().Title)
            .Map<OutcomeNotFound>(StatusCodes.Status404NotFound, new OutcomeNotFound().Title)
            .Map<RepresentationNotActive>(StatusCodes.Status403Forbidden, new RepresentationNotActive().Title)
            .Map<NotAllowedToChangeRepresentation>(e => new(StatusCodes.Status403Forbidden, e.Title))
            .Map<CapacityAssessmentRequired>(StatusCodes.Status422UnprocessableEntity, new CapacityAssessmentRequired().Title)
            .Map<TooManyOutcomes>(StatusCodes.Status422UnprocessableEntity, new TooManyOutcomes().Title)
            // Everything else a member's state refuses: closed, already allocated, nothing to reassess, already ended…
            .Map<MemberRuleBroken>(e => new(StatusCodes.Status409Conflict, e.Title)));
        return builder;
    }

    /// <summary>Every Members endpoint.</summary>
    public static WebApplication MapMembersEndpoints(this WebApplication app)
    {
        app.MapMembersApi();
        app.MapBudgetsApi();
        app.MapRepresentativesApi();
        app.MapSupportPlanApi();
        return app;
    }
}
