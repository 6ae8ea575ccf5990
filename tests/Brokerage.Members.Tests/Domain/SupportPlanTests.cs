using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.AchievingOutcome;
using Brokerage.Members.Api.Members.AddingOutcome;
using Brokerage.Members.Api.Members.ClosingMembership;
using Brokerage.Members.Api.Members.EditingOutcome;
using Brokerage.Members.Api.Members.RemovingOutcome;
using static Brokerage.Members.Tests.Domain.MemberSpecification;

namespace Brokerage.Members.Tests.Domain;

public sealed class SupportPlanTests
{
    private static readonly Guid Walking = Guid.Parse("0191f1a0-0000-7000-8000-0000000000e1");
    private static readonly SupportPlanOutcomeAdded WalkingAdded = new(MemberId, Walking, "Walk to the shops on my own", Now.AddDays(-3));
    private static readonly MemberClosed Closed = new(MemberId, Now.AddDays(-1));

    [Fact]
    public void GivenMember_WhenAddingAnOutcome_ThenOutcomeAdded() =>
        Given(Registered)
            .When(m => AddSupportPlanOutcome.Handle(m, new AddSupportPlanOutcome(MemberId, Walking, "Walk to the shops on my own", Now)))
            .Then(new SupportPlanOutcomeAdded(MemberId, Walking, "Walk to the shops on my own", Now));

    [Fact]
    public void GivenOutcome_WhenAddingOneWithTheSameId_ThenRejected() =>
        Given(Registered, WalkingAdded)
            .When(m => AddSupportPlanOutcome.Handle(m, new AddSupportPlanOutcome(MemberId, Walking, "again", Now)))
            .ThenRejected<OutcomeAlreadyRecorded>();

    [Fact]
    public void GivenAFullSupportPlan_WhenAddingAnotherOutcome_ThenRejected() =>
        Given([Registered, .. Enumerable.Range(1, AddSupportPlanOutcome.MaximumOutcomes).Select(i => new SupportPlanOutcomeAdded(MemberId, Guid.NewGuid(), $"outcome {i}", Now))])
            .When(m => AddSupportPlanOutcome.Handle(m, new AddSupportPlanOutcome(MemberId, Walking, "one more", Now)))
            .ThenRejected<TooManyOutcomes>();

    [Fact]
    public void GivenClosedMember_WhenAddingAnOutcome_ThenRejected() =>
        Given(Registered, Closed)
            .When(m => AddSupportPlanOutcome.Handle(m, new AddSupportPlanOutcome(MemberId, Walking, "x", Now)))
            .ThenRejected<MembershipIsClosed>();

    [Fact]
    public void GivenOutcome_WhenEditingIt_ThenOutcomeEdited() =>
        Given(Registered, WalkingAdded)
            .When(m => EditSupportPlanOutcome.Handle(m, new EditSupportPlanOutcome(MemberId, Walking, "Walk to the market on my own", Now)))
            .Then(new SupportPlanOutcomeEdited(MemberId, Walking, "Walk to the market on my own", Now));

    [Fact]
    public void GivenNoSuchOutcome_WhenEditing_ThenRejected() =>
        Given(Registered)
            .When(m => EditSupportPlanOutcome.Handle(m, new EditSupportPlanOutcome(MemberId, Walking, "x", Now)))
            .ThenRejected<OutcomeNotFound>();

    [Fact]
    public void GivenClosedMember_WhenEditingAnOutcome_ThenRejected() =>
        Given(Registered, WalkingAdded, Closed)
            .When(m => EditSupportPlanOutcome.Handle(m, new EditSupportPlanOutcome(MemberId, Walking, "x", Now)))
            .ThenRejected<MembershipIsClosed>();

    [Fact]
    public void GivenOutcome_WhenMarkingItAchieved_ThenOutcomeAchieved() =>
        Given(Registered, WalkingAdded)
            .When(m => MarkOutcomeAchieved.Handle(m, new MarkOutcomeAchieved(MemberId, Walking, Now)))
            .Then(new SupportPlanOutcomeAchieved(MemberId, Walking, Now));

    [Fact]
    public void GivenAchievedOutcome_WhenMarkingItAchievedAgain_ThenRejected() =>
        Given(Registered, WalkingAdded, new SupportPlanOutcomeAchieved(MemberId, Walking, Now.AddDays(-1)))
            .When(m => MarkOutcomeAchieved.Handle(m, new MarkOutcomeAchieved(MemberId, Walking, Now)))
            .ThenRejected<OutcomeAlreadyAchieved>();

    [Fact]
    public void GivenRemovedOutcome_WhenMarkingItAchieved_ThenRejected() =>
        Given(Registered, WalkingAdded, new SupportPlanOutcomeRemoved(MemberId, Walking, Now.AddDays(-1)))
            .When(m => MarkOutcomeAchieved.Handle(m, new MarkOutcomeAchieved(MemberId, Walking, Now)))
            .ThenRejected<OutcomeNotFound>();

    [Fact]
    public void GivenClosedMember_WhenMarkingAnOutcomeAchieved_ThenRejected() =>
        Given(Registered, WalkingAdded, Closed)
            .When(m => MarkOutcomeAchieved.Handle(m, new MarkOutcomeAchieved(MemberId, Walking, Now)))
            .ThenRejected<MembershipIsClosed>();

    [Fact]
    public void GivenOutcome_WhenRemovingIt_ThenOutcomeRemoved() =>
        Given(Registered, WalkingAdded)
            .When(m => RemoveSupportPlanOutcome.Handle(m, new RemoveSupportPlanOutcome(MemberId, Walking, Now)))
            .Then(new SupportPlanOutcomeRemoved(MemberId, Walking, Now));

    [Fact]
    public void GivenNoSuchOutcome_WhenRemoving_ThenRejected() =>
        Given(Registered)
            .When(m => RemoveSupportPlanOutcome.Handle(m, new RemoveSupportPlanOutcome(MemberId, Walking, Now)))
            .ThenRejected<OutcomeNotFound>();

    [Fact]
    public void GivenClosedMember_WhenRemovingAnOutcome_ThenRejected() =>
        Given(Registered, WalkingAdded, Closed)
            .When(m => RemoveSupportPlanOutcome.Handle(m, new RemoveSupportPlanOutcome(MemberId, Walking, Now)))
            .ThenRejected<MembershipIsClosed>();
}
