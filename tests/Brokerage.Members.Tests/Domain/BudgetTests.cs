using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.AllocatingBudget;
using Brokerage.Members.Api.Members.ClosingMembership;
using Brokerage.Members.Api.Members.ReassessingBudget;
using FundingStreams = Brokerage.Members.Contracts.FundingStreams;
using static Brokerage.Members.Tests.Domain.MemberSpecification;

namespace Brokerage.Members.Tests.Domain;

public sealed class BudgetTests
{
    private static readonly BudgetAllocated SocialCare2026 = new(MemberId, 2026, FundingStreams.SocialCare, 1_200_000, "GBP", Now.AddDays(-10));

    [Fact]
    public void GivenMember_WhenBrokerAllocates_ThenBudgetAllocated() =>
        Given(Registered)
            .When(m => AllocateBudget.Handle(m, new AllocateBudget(MemberId, 2026, FundingStreams.SocialCare, 1_200_000, "GBP", Now)))
            .Then(new BudgetAllocated(MemberId, 2026, FundingStreams.SocialCare, 1_200_000, "GBP", Now));

    [Fact]
    public void GivenAllocation_WhenAllocatingTheSameYearAndStreamAgain_ThenRejectedInFavourOfAReassessment()
    {
        var error = Given(Registered, SocialCare2026)
            .When(m => AllocateBudget.Handle(m, new AllocateBudget(MemberId, 2026, FundingStreams.SocialCare, 900_000, "GBP", Now)))
            .ThenRejected<BudgetAlreadyAllocated>();

        Assert.Contains("reassessment", error.Message);
    }

    [Fact]
    public void GivenSocialCareAllocation_WhenAllocatingHealthForTheSameYear_ThenBudgetAllocated() =>
        Given(Registered, SocialCare2026)
            .When(m => AllocateBudget.Handle(m, new AllocateBudget(MemberId, 2026, FundingStreams.Health, 300_000, "GBP", Now)))
            .Then(new BudgetAllocated(MemberId, 2026, FundingStreams.Health, 300_000, "GBP", Now));

    [Fact]
    public void GivenAllocationFor2026_WhenAllocatingThe2027Year_ThenBudgetAllocated() =>
        Given(Registered, SocialCare2026)
            .When(m => AllocateBudget.Handle(m, new AllocateBudget(MemberId, 2027, FundingStreams.SocialCare, 1_250_000, "GBP", Now)))
            .Then(new BudgetAllocated(MemberId, 2027, FundingStreams.SocialCare, 1_250_000, "GBP", Now));

    [Fact]
    public void GivenClosedMember_WhenAllocating_ThenRejected() =>
        Given(Registered, new MemberClosed(MemberId, Now.AddDays(-1)))
            .When(m => AllocateBudget.Handle(m, new AllocateBudget(MemberId, 2026, FundingStreams.SocialCare, 1_000, "GBP", Now)))
            .ThenRejected<MembershipIsClosed>();

    [Fact]
    public void GivenAllocation_WhenReassessing_ThenReassessedFromThePreviousAmountWithTheReason() =>
        Given(Registered, SocialCare2026)
            .When(m => ReassessBudget.Handle(m, new ReassessBudget(MemberId, 2026, FundingStreams.SocialCare, 800_000, "GBP", "Needs reviewed", Now)))
            .Then(new BudgetReassessed(MemberId, 2026, FundingStreams.SocialCare, 1_200_000, 800_000, "GBP", "Needs reviewed", Now));

    [Fact]
    public void GivenAnEarlierReassessment_WhenReassessingAgain_ThenThePreviousAmountIsTheLatest() =>
        Given(Registered, SocialCare2026, new BudgetReassessed(MemberId, 2026, FundingStreams.SocialCare, 1_200_000, 800_000, "GBP", "first", Now.AddDays(-1)))
            .When(m => ReassessBudget.Handle(m, new ReassessBudget(MemberId, 2026, FundingStreams.SocialCare, 0, "GBP", "Moved to NHS care", Now)))
            .Then(new BudgetReassessed(MemberId, 2026, FundingStreams.SocialCare, 800_000, 0, "GBP", "Moved to NHS care", Now));

    [Fact]
    public void GivenNoAllocationForTheStream_WhenReassessing_ThenRejected() =>
        Given(Registered, SocialCare2026)
            .When(m => ReassessBudget.Handle(m, new ReassessBudget(MemberId, 2026, FundingStreams.MentalHealth, 10_000, "GBP", "why", Now)))
            .ThenRejected<NoAllocationToReassess>();

    [Fact]
    public void GivenNoAllocationForTheYear_WhenReassessing_ThenRejected() =>
        Given(Registered, SocialCare2026)
            .When(m => ReassessBudget.Handle(m, new ReassessBudget(MemberId, 2025, FundingStreams.SocialCare, 10_000, "GBP", "why", Now)))
            .ThenRejected<NoAllocationToReassess>();

    [Fact]
    public void GivenClosedMember_WhenReassessing_ThenRejected() =>
        Given(Registered, SocialCare2026, new MemberClosed(MemberId, Now.AddDays(-1)))
            .When(m => ReassessBudget.Handle(m, new ReassessBudget(MemberId, 2026, FundingStreams.SocialCare, 10_000, "GBP", "why", Now)))
            .ThenRejected<MembershipIsClosed>();
}
