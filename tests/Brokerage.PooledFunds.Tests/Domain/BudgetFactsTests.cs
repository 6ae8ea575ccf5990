using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Budgets.RecordingBudgets;
using static Brokerage.PooledFunds.Tests.Domain.Given;

namespace Brokerage.PooledFunds.Tests.Domain;

public sealed class BudgetFactsTests
{
    private static RecordAllocation Allocation(long amount, DateTimeOffset at, string kind = BudgetFacts.Allocated) =>
        new(Member(1), Council, Year, Social, amount, kind, at, At);

    [Fact]
    public void GivenNoBudget_WhenAllocated_ThenTheBudgetOpensWithTheAllocation() =>
        Then.Events(
            [new MemberBudgetOpened(Member(1), Council, At), new AllocationRecorded(Member(1), Year, Social, 10_000, BudgetFacts.Allocated, At)],
            BudgetFacts.Handle(null, Allocation(10_000, At)));

    [Fact]
    public void GivenAllocation_WhenTheSameAllocationArrivesAgain_ThenNothingNew() =>
        Assert.Empty(BudgetFacts.Handle(Budget(1, 10_000), Allocation(10_000, At)));

    [Fact]
    public void GivenLaterReassessment_WhenAnOlderAllocationArrivesLate_ThenTheReassessmentStillCounts()
    {
        var budget = Budget(1, 10_000, events: new AllocationRecorded(Member(1), Year, Social, 6_000, BudgetFacts.Reassessed, At.AddDays(2)));
        var late = BudgetFacts.Handle(budget, Allocation(9_000, At.AddDays(1)));

        Assert.Equal(6_000, late.Aggregate(budget, (b, e) => b.Evolve(e)).Allocation(Year, Social));
        Assert.Equal(3, late.Aggregate(budget, (b, e) => b.Evolve(e)).Allocations.Count); // history kept
    }

    [Fact]
    public void GivenLivePledges_WhenReassessedBelowThem_ThenThePledgesAreFlagged() =>
        Then.Events(
            [new AllocationRecorded(Member(1), Year, Social, 5_000, BudgetFacts.Reassessed, At.AddDays(1)), new PledgesFlagged(Member(1), Year, Social, 5_000, 8_000, At)],
            BudgetFacts.Handle(Budget(1, 10_000, events: Live(1, 8_000)), Allocation(5_000, At.AddDays(1), BudgetFacts.Reassessed)));

    [Fact]
    public void GivenNoBudget_WhenRegistered_ThenTheBudgetOpensWithThePseudonym() =>
        Then.Events(
            [new MemberBudgetOpened(Member(1), Council, At), new MemberRegistrationRecorded(Member(1), "Robin", At)],
            BudgetFacts.Handle(null, new RecordRegistration(Member(1), Council, "Robin", At)));

    [Fact]
    public void GivenConsentGiven_WhenAnOlderWithdrawalArrives_ThenConsentStands() =>
        Assert.Empty(BudgetFacts.Handle(Budget(1), new RecordPoolingConsent(Member(1), Council, false, At.AddDays(-1))));

    [Fact]
    public void GivenConsentGiven_WhenWithdrawn_ThenConsentRecordedAsWithdrawn() =>
        Then.Events([new PoolingConsentRecorded(Member(1), false, At.AddDays(1))], BudgetFacts.Handle(Budget(1), new RecordPoolingConsent(Member(1), Council, false, At.AddDays(1))));

    [Fact]
    public void GivenOpenMembership_WhenClosed_ThenClosureRecordedOnce()
    {
        var closed = BudgetFacts.Handle(Budget(1), new RecordClosure(Member(1), Council, At));
        Then.Events([new MemberClosureRecorded(Member(1), At)], closed);
        Assert.Empty(BudgetFacts.Handle(Budget(1).Evolve(closed[0]), new RecordClosure(Member(1), Council, At)));
    }

    [Fact]
    public void GivenBudgetInOneCouncil_WhenAnotherCouncilsEventNamesTheMember_ThenIgnored() =>
        Assert.Empty(BudgetFacts.Handle(Budget(1), new RecordAllocation(Member(1), "southwark", Year, Social, 1, BudgetFacts.Allocated, At.AddDays(1), At)));
}
