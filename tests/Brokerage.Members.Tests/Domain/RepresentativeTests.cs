using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.AppointingRepresentative;
using Brokerage.Members.Api.Members.ClosingMembership;
using Brokerage.Members.Api.Members.EndingRepresentation;
using static Brokerage.Members.Tests.Domain.MemberSpecification;

namespace Brokerage.Members.Tests.Domain;

public sealed class RepresentativeTests
{
    private static readonly Guid Daughter = Guid.Parse("0191f1a0-0000-7000-8000-0000000000d1");
    private static readonly Guid Appointee = Guid.Parse("0191f1a0-0000-7000-8000-0000000000a2");
    private static readonly CapacityAssessment Assessment = new(new DateOnly(2026, 5, 2), "MCA-2026-0042");

    private static readonly RepresentativeAppointed DaughterNominated =
        new(MemberId, Daughter, "Grace", "daughter", RepresentativeBases.Nominated, null, ActorKind.Member, Now.AddDays(-5));

    private static readonly RepresentativeAppointed AppointeeAuthorised =
        new(MemberId, Appointee, "Sam", "appointee", RepresentativeBases.Authorised, Assessment, ActorKind.Council, Now.AddDays(-5));

    private static AppointRepresentative Appoint(Guid id, string basis, Actor by, CapacityAssessment? assessment = null) =>
        new(MemberId, id, "Grace", "daughter", basis, assessment, by, Now);

    [Fact]
    public void GivenMember_WhenTheMemberNominatesARepresentative_ThenAppointedUnderSection31() =>
        Given(Registered)
            .When(m => AppointRepresentative.Handle(m, Appoint(Daughter, RepresentativeBases.Nominated, Actor.Member)))
            .Then(new RepresentativeAppointed(MemberId, Daughter, "Grace", "daughter", RepresentativeBases.Nominated, null, ActorKind.Member, Now));

    [Fact]
    public void GivenMember_WhenABrokerRecordsANomination_ThenAppointedByTheCouncil() =>
        Given(Registered)
            .When(m => AppointRepresentative.Handle(m, Appoint(Daughter, RepresentativeBases.Nominated, Actor.Council)))
            .Then(new RepresentativeAppointed(MemberId, Daughter, "Grace", "daughter", RepresentativeBases.Nominated, null, ActorKind.Council, Now));

    [Fact]
    public void GivenMember_WhenABrokerAuthorisesWithACapacityAssessment_ThenAppointedUnderSection32() =>
        Given(Registered)
            .When(m => AppointRepresentative.Handle(m, Appoint(Appointee, RepresentativeBases.Authorised, Actor.Council, Assessment)))
            .Then(new RepresentativeAppointed(MemberId, Appointee, "Grace", "daughter", RepresentativeBases.Authorised, Assessment, ActorKind.Council, Now));

    [Fact]
    public void GivenMember_WhenANominationCarriesACapacityAssessment_ThenTheAssessmentIsNotKept() =>
        Given(Registered)
            .When(m => AppointRepresentative.Handle(m, Appoint(Daughter, RepresentativeBases.Nominated, Actor.Council, Assessment)))
            .Then(new RepresentativeAppointed(MemberId, Daughter, "Grace", "daughter", RepresentativeBases.Nominated, null, ActorKind.Council, Now));

    [Fact]
    public void GivenMember_WhenTheMemberTriesToAuthoriseUnderSection32_ThenRejected() =>
        Given(Registered)
            .When(m => AppointRepresentative.Handle(m, Appoint(Appointee, RepresentativeBases.Authorised, Actor.Member, Assessment)))
            .ThenRejected<NotAllowedToChangeRepresentation>();

    [Fact]
    public void GivenMember_WhenARepresentativeTriesToAppointAnother_ThenRejected() =>
        Given(Registered, DaughterNominated)
            .When(m => AppointRepresentative.Handle(m, Appoint(Appointee, RepresentativeBases.Nominated, Actor.Representative(Daughter))))
            .ThenRejected<NotAllowedToChangeRepresentation>();

    [Fact]
    public void GivenMember_WhenAuthorisingWithoutACapacityAssessment_ThenRejected() =>
        Given(Registered)
            .When(m => AppointRepresentative.Handle(m, Appoint(Appointee, RepresentativeBases.Authorised, Actor.Council)))
            .ThenRejected<CapacityAssessmentRequired>();

    [Fact]
    public void GivenRepresentative_WhenAppointingTheSameIdAgain_ThenRejected() =>
        Given(Registered, DaughterNominated)
            .When(m => AppointRepresentative.Handle(m, Appoint(Daughter, RepresentativeBases.Nominated, Actor.Council)))
            .ThenRejected<RepresentativeAlreadyAppointed>();

    [Fact]
    public void GivenEndedRepresentative_WhenAppointingTheSameIdAgain_ThenRejected() =>
        Given(Registered, DaughterNominated, new RepresentativeEnded(MemberId, Daughter, Now.AddDays(-1)))
            .When(m => AppointRepresentative.Handle(m, Appoint(Daughter, RepresentativeBases.Nominated, Actor.Member)))
            .ThenRejected<RepresentativeAlreadyAppointed>();

    [Fact]
    public void GivenClosedMember_WhenAppointing_ThenRejected() =>
        Given(Registered, new MemberClosed(MemberId, Now.AddDays(-1)))
            .When(m => AppointRepresentative.Handle(m, Appoint(Daughter, RepresentativeBases.Nominated, Actor.Council)))
            .ThenRejected<MembershipIsClosed>();

    [Fact]
    public void GivenNomination_WhenTheMemberEndsIt_ThenRepresentativeEnded() =>
        Given(Registered, DaughterNominated)
            .When(m => EndRepresentation.Handle(m, new EndRepresentation(MemberId, Daughter, Actor.Member, Now)))
            .Then(new RepresentativeEnded(MemberId, Daughter, Now));

    [Fact]
    public void GivenAuthorisation_WhenTheCouncilEndsIt_ThenRepresentativeEnded() =>
        Given(Registered, AppointeeAuthorised)
            .When(m => EndRepresentation.Handle(m, new EndRepresentation(MemberId, Appointee, Actor.Council, Now)))
            .Then(new RepresentativeEnded(MemberId, Appointee, Now));

    [Fact]
    public void GivenAuthorisation_WhenTheMemberTriesToEndIt_ThenRejected() =>
        Given(Registered, AppointeeAuthorised)
            .When(m => EndRepresentation.Handle(m, new EndRepresentation(MemberId, Appointee, Actor.Member, Now)))
            .ThenRejected<NotAllowedToChangeRepresentation>();

    [Fact]
    public void GivenRepresentative_WhenTheyStepDown_ThenRepresentativeEnded() =>
        Given(Registered, AppointeeAuthorised)
            .When(m => EndRepresentation.Handle(m, new EndRepresentation(MemberId, Appointee, Actor.Representative(Appointee), Now)))
            .Then(new RepresentativeEnded(MemberId, Appointee, Now));

    [Fact]
    public void GivenTwoRepresentatives_WhenOneTriesToEndTheOther_ThenRejected() =>
        Given(Registered, DaughterNominated, AppointeeAuthorised)
            .When(m => EndRepresentation.Handle(m, new EndRepresentation(MemberId, Appointee, Actor.Representative(Daughter), Now)))
            .ThenRejected<NotAllowedToChangeRepresentation>();

    [Fact]
    public void GivenNoSuchRepresentative_WhenEnding_ThenRejected() =>
        Given(Registered, DaughterNominated)
            .When(m => EndRepresentation.Handle(m, new EndRepresentation(MemberId, Appointee, Actor.Council, Now)))
            .ThenRejected<RepresentativeNotFound>();

    [Fact]
    public void GivenEndedRepresentative_WhenEndingAgain_ThenRejected() =>
        Given(Registered, DaughterNominated, new RepresentativeEnded(MemberId, Daughter, Now.AddDays(-1)))
            .When(m => EndRepresentation.Handle(m, new EndRepresentation(MemberId, Daughter, Actor.Council, Now)))
            .ThenRejected<RepresentativeAlreadyEnded>();

    [Fact]
    public void GivenClosedMember_WhenEndingARepresentative_ThenRejected() =>
        Given(Registered, DaughterNominated, new MemberClosed(MemberId, Now.AddDays(-1)))
            .When(m => EndRepresentation.Handle(m, new EndRepresentation(MemberId, Daughter, Actor.Council, Now)))
            .ThenRejected<MembershipIsClosed>();
}
