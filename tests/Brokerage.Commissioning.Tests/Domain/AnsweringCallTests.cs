using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Needs;
using static Brokerage.Commissioning.Tests.Domain.Given;

namespace Brokerage.Commissioning.Tests.Domain;

/// <summary>Which call answers a need, as its readers see it.</summary>
public sealed class AnsweringCallTests
{
    private static readonly Guid NeedId = Guid.NewGuid();

    private static CallOfNeed Call(CallStatus status, int draftedMinutesAfter = 0, bool published = true) =>
        new(Guid.NewGuid(), NeedId, status, Now.AddMinutes(draftedMinutesAfter), published ? Now.AddMinutes(draftedMinutesAfter + 1) : null);

    [Fact]
    public void GivenNoCall_WhenAskedWhatAnswersTheNeed_ThenNothingAndTheNeedIsOpen()
    {
        var answering = AnsweringCalls.Of([], councilStaff: true);
        Assert.Null(answering);
        Assert.Equal(AnsweringCalls.Open, AnsweringCalls.StatusOf(answering));
    }

    [Fact]
    public void GivenOnlyCancelledCalls_WhenAsked_ThenTheNeedIsOpenAgain()
    {
        var answering = AnsweringCalls.Of([Call(CallStatus.Cancelled), Call(CallStatus.Cancelled, 5, published: false)], councilStaff: true);
        Assert.Equal(AnsweringCalls.Open, AnsweringCalls.StatusOf(answering));
    }

    [Fact]
    public void GivenACancelledCallAndALaterOne_WhenAsked_ThenTheLaterAnswersIt()
    {
        var later = Call(CallStatus.Evaluating, 10);
        var answering = AnsweringCalls.Of([Call(CallStatus.Cancelled), later], councilStaff: false);
        Assert.Equal(later, answering);
        Assert.Equal(AnsweringCalls.Answered, AnsweringCalls.StatusOf(answering));
    }

    [Fact]
    public void GivenTwoLiveCalls_WhenAsked_ThenTheLatestDraftedAnswersIt()
    {
        var older = Call(CallStatus.Published);
        var newer = Call(CallStatus.Contracted, 30);
        Assert.Equal(newer, AnsweringCalls.Of([newer, older], councilStaff: true));
    }

    [Fact]
    public void GivenADraft_WhenStaffOrAMemberAsks_ThenOnlyStaffSeeItAnswerTheNeed()
    {
        var published = Call(CallStatus.Published);
        var draft = Call(CallStatus.Draft, 10, published: false);
        Assert.Equal(draft, AnsweringCalls.Of([published, draft], councilStaff: true));
        Assert.Equal(published, AnsweringCalls.Of([published, draft], councilStaff: false));
        Assert.Null(AnsweringCalls.Of([draft], councilStaff: false));
    }
}
