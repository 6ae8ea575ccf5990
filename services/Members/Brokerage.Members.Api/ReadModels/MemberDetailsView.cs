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
using Brokerage.Members.Api.Members.ReassessingBudget;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.Members.Api.Members.RemovingOutcome;
using Brokerage.Members.Api.Members.WithdrawingPoolingConsent;
using JasperFx.Events;

namespace Brokerage.Members.Api.ReadModels;

/// <summary>
/// One document per member: who they are, how to reach them, consent to pool, open or closed, and the member stream's
/// version (the ETag of every member resource). Built inline from every event of the member's stream.
/// </summary>
public sealed record MemberDetailsView(
    Guid Id,
    string CouncilId,
    string Name,
    Contact Contact,
    CommunicationNeeds CommunicationNeeds,
    string Pseudonym,
    string Status,
    bool PoolingConsent,
    DateTimeOffset? PoolingConsentChangedAt,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ClosedAt,
    long Version)
{
    public const string Active = "active";
    public const string Closed = "closed";

    public static MemberDetailsView Create(MemberRegistered e, IEvent stored) =>
        new(e.MemberId, e.CouncilId, e.Name, e.Contact, e.CommunicationNeeds, e.Pseudonym, Active, false, null, e.RegisteredAt, null, stored.Version);

    public MemberDetailsView Apply(MemberDetailsCorrected e, IEvent stored) => this with
    {
        Name = e.Name ?? Name,
        Contact = e.Contact ?? Contact,
        CommunicationNeeds = e.CommunicationNeeds ?? CommunicationNeeds,
        Pseudonym = e.Pseudonym ?? Pseudonym,
        Version = stored.Version,
    };

    public MemberDetailsView Apply(PoolingConsentGiven e, IEvent stored) =>
        this with { PoolingConsent = true, PoolingConsentChangedAt = e.GivenAt, Version = stored.Version };

    public MemberDetailsView Apply(PoolingConsentWithdrawn e, IEvent stored) =>
        this with { PoolingConsent = false, PoolingConsentChangedAt = e.WithdrawnAt, Version = stored.Version };

    public MemberDetailsView Apply(MemberClosed e, IEvent stored) => this with { Status = Closed, ClosedAt = e.ClosedAt, Version = stored.Version };

    // Every other event of the member's stream still moves the version on. Each is named: Marten leaves a snapshot
    // untouched by a save whose events it has no Apply for.
    public MemberDetailsView Apply(BudgetAllocated e, IEvent stored) => MovedTo(stored);

    public MemberDetailsView Apply(BudgetReassessed e, IEvent stored) => MovedTo(stored);

    public MemberDetailsView Apply(RepresentativeAppointed e, IEvent stored) => MovedTo(stored);

    public MemberDetailsView Apply(RepresentativeEnded e, IEvent stored) => MovedTo(stored);

    public MemberDetailsView Apply(SupportPlanOutcomeAdded e, IEvent stored) => MovedTo(stored);

    public MemberDetailsView Apply(SupportPlanOutcomeEdited e, IEvent stored) => MovedTo(stored);

    public MemberDetailsView Apply(SupportPlanOutcomeAchieved e, IEvent stored) => MovedTo(stored);

    public MemberDetailsView Apply(SupportPlanOutcomeRemoved e, IEvent stored) => MovedTo(stored);

    private MemberDetailsView MovedTo(IEvent stored) => this with { Version = stored.Version };
}
