using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.Pools.Pledging;
using static Brokerage.PooledFunds.Tests.Domain.Given;

namespace Brokerage.PooledFunds.Tests.Domain;

public sealed class PledgingTests
{
    private static JoinPool Join(int member, long amount, bool conditional = false, string stream = Social, int year = Year) =>
        new(PoolId, Member(member), amount, year, stream, conditional, At);

    [Fact]
    public void GivenOpenPool_WhenMemberPledgesWithinHeadroom_ThenPledgeMadeAndTheBudgetHoldsIt() =>
        Then.Events([Pledge(1, 4_000), Live(1, 4_000)], Pledging.Handle(OpenPool(), Budget(1, 10_000), Join(1, 4_000)).All);

    [Fact]
    public void GivenOpenPool_WhenMemberPledgesConditionally_ThenPledgeMadeAndNoHeadroomHeld() =>
        Then.Events([Pledge(1, 40_000, conditional: true)], Pledging.Handle(OpenPool(), Budget(1, 10_000), Join(1, 40_000, conditional: true)).All);

    [Fact]
    public void GivenOpenPool_WhenMemberPledgesOverHeadroom_ThenHeadroomExceeded()
    {
        var budget = Budget(1, 10_000, events: Live(1, 7_000, pool: Guid.NewGuid()));

        var error = Assert.Throws<HeadroomExceeded>(() => Pledging.Handle(OpenPool(), budget, Join(1, 3_001)));
        Assert.Equal(3_000, error.Headroom);
    }

    [Fact]
    public void GivenHeadroomInAnotherYear_WhenMemberPledgesFromAYearWithoutAllocation_ThenHeadroomExceeded() =>
        Assert.Throws<HeadroomExceeded>(() => Pledging.Handle(OpenPool(), Budget(1, 10_000), Join(1, 1, year: Year + 1)));

    [Fact]
    public void GivenNoPoolingConsent_WhenMemberPledges_ThenNoPoolingConsent() =>
        Assert.Throws<NoPoolingConsent>(() => Pledging.Handle(OpenPool(), Budget(1, consent: false), Join(1, 100)));

    [Fact]
    public void GivenClosedMembership_WhenMemberPledges_ThenMembershipClosed() =>
        Assert.Throws<MembershipClosed>(() => Pledging.Handle(OpenPool(), Budget(1, events: new MemberClosureRecorded(Member(1), At)), Join(1, 100)));

    [Fact]
    public void GivenNoKnownBudget_WhenMemberPledges_ThenMemberBudgetUnknown() =>
        Assert.Throws<MemberBudgetUnknown>(() => Pledging.Handle(OpenPool(), null, Join(1, 100)));

    [Fact]
    public void GivenBudgetInAnotherCouncil_WhenMemberPledges_ThenMemberBudgetUnknown() =>
        Assert.Throws<MemberBudgetUnknown>(() => Pledging.Handle(OpenPool(), Budget(1) with { CouncilId = "southwark" }, Join(1, 100)));

    [Fact]
    public void GivenPoolNotAcceptingHealthMoney_WhenMemberPledgesFromHealth_ThenFundingStreamNotAccepted() =>
        Assert.Throws<FundingStreamNotAccepted>(() => Pledging.Handle(OpenPool(), Budget(1, stream: Health), Join(1, 100, stream: Health)));

    [Fact]
    public void GivenHealthEligiblePool_WhenMemberPledgesFromHealth_ThenPledgeMade()
    {
        var pool = Pool(Proposed(streams: [Social, Health]), new PoolOpened(PoolId, At));

        Then.Events([Pledge(1, 100, stream: Health), Live(1, 100, stream: Health)], Pledging.Handle(pool, Budget(1, stream: Health), Join(1, 100, stream: Health)).All);
    }

    [Fact]
    public void GivenProposedPool_WhenMemberPledges_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() => Pledging.Handle(Pool(), Budget(1), Join(1, 100)));

    [Fact]
    public void GivenWindingDownPool_WhenMemberPledges_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() => Pledging.Handle(ActivePool(new PoolWindingDown(PoolId, At)), Budget(1), Join(1, 100)));

    [Fact]
    public void GivenMemberAlreadyPledged_WhenMemberPledgesAgainOnOtherTerms_ThenAlreadyPledged() =>
        Assert.Throws<AlreadyPledged>(() => Pledging.Handle(OpenPool(Pledge(1, 100)), Budget(1, events: Live(1, 100)), Join(1, 100, conditional: true)));

    [Fact]
    public void GivenMemberAlreadyPledged_WhenMemberPledgesAgainOnTheSameTerms_ThenThePledgeIsToppedUp() =>
        Then.Events(
            [new PledgeRaised(PoolId, Member(1), 300, At), Live(1, 300)],
            Pledging.Handle(OpenPool(Pledge(1, 100)), Budget(1, events: Live(1, 100)), Join(1, 200)).All);

    [Fact]
    public void GivenMemberAlreadyPledged_WhenTheTopUpExceedsHeadroom_ThenHeadroomExceeded() =>
        Assert.Throws<HeadroomExceeded>(() => Pledging.Handle(OpenPool(Pledge(1, 9_000)), Budget(1, 10_000, events: Live(1, 9_000)), Join(1, 1_001)));

    [Fact]
    public void GivenActivePool_WhenMemberPledgesConditionally_ThenConditionalPledgeNotNeeded() =>
        Assert.Throws<ConditionalPledgeNotNeeded>(() => Pledging.Handle(ActivePool(), Budget(1), Join(1, 100, conditional: true)));

    [Fact]
    public void GivenFlaggedPledgesInTheStream_WhenMemberPledgesMore_ThenRaiseRefusedWhileFlagged()
    {
        var budget = Budget(1, 10_000, events: [Live(1, 8_000, pool: Guid.NewGuid()), new AllocationRecorded(Member(1), Year, Social, 5_000, "reassessed", At.AddDays(1))]);

        Assert.Throws<RaiseRefusedWhileFlagged>(() => Pledging.Handle(OpenPool(), budget, Join(1, 100)));
    }

    [Fact]
    public void GivenMemberLeftAfterPayments_WhenRejoiningFromAnotherStream_ThenPledgeTermsFixed()
    {
        var contract = Guid.NewGuid();
        var pool = Pool(Proposed(streams: [Social, Health]), new PoolOpened(PoolId, At), new PoolActivated(PoolId, At), Pledge(1, 1_000),
            new ContractFundsReserved(PoolId, contract, 500, Shares((1, 500)), At),
            new ContractPaymentRecorded(PoolId, contract, Guid.NewGuid(), Guid.NewGuid(), "tr_1", 500, Shares((1, 500)), At),
            new PledgeWithdrawn(PoolId, Member(1), 500, false, At));

        Assert.Throws<PledgeTermsFixed>(() => Pledging.Handle(pool, Budget(1, stream: Health, events: Live(1, 500)), Join(1, 100, stream: Health)));
    }

    [Fact]
    public void GivenLivePledge_WhenRaisedWithinHeadroom_ThenPledgeRaised() =>
        Then.Events(
            [new PledgeRaised(PoolId, Member(1), 6_000, At), Live(1, 6_000)],
            Pledging.Handle(OpenPool(Pledge(1, 4_000)), Budget(1, 10_000, events: Live(1, 4_000)), new ChangePledge(PoolId, Member(1), 6_000, At)).All);

    [Fact]
    public void GivenLivePledge_WhenRaisedOverHeadroom_ThenHeadroomExceeded() =>
        Assert.Throws<HeadroomExceeded>(() =>
            Pledging.Handle(OpenPool(Pledge(1, 4_000)), Budget(1, 10_000, events: Live(1, 4_000)), new ChangePledge(PoolId, Member(1), 10_001, At)));

    [Fact]
    public void GivenFlaggedPledge_WhenRaised_ThenRaiseRefusedWhileFlagged()
    {
        var budget = Budget(1, 10_000, events: [Live(1, 8_000), new AllocationRecorded(Member(1), Year, Social, 5_000, "reassessed", At.AddDays(1))]);

        Assert.Throws<RaiseRefusedWhileFlagged>(() => Pledging.Handle(OpenPool(Pledge(1, 8_000)), budget, new ChangePledge(PoolId, Member(1), 8_001, At)));
    }

    [Fact]
    public void GivenFlaggedPledge_WhenLowered_ThenPledgeLoweredAndTheFlagClears()
    {
        var budget = Budget(1, 10_000, events: [Live(1, 8_000), new AllocationRecorded(Member(1), Year, Social, 5_000, "reassessed", At.AddDays(1))]);

        var decision = Pledging.Handle(OpenPool(Pledge(1, 8_000)), budget, new ChangePledge(PoolId, Member(1), 5_000, At));

        Then.Events([new PledgeLowered(PoolId, Member(1), 5_000, false, At), Live(1, 5_000)], decision.All);
        Assert.False(budget.Evolve(decision.BudgetEvents[Member(1)][0]).IsFlagged(Year, Social));
    }

    [Fact]
    public void GivenConditionalPledge_WhenRaisedAboveTheAllocation_ThenPledgeRaisedWithoutHoldingHeadroom() =>
        Then.Events(
            [new PledgeRaised(PoolId, Member(1), 50_000, At)],
            Pledging.Handle(OpenPool(Pledge(1, 4_000, conditional: true)), Budget(1, 10_000), new ChangePledge(PoolId, Member(1), 50_000, At)).All);

    [Fact]
    public void GivenWindingDownPool_WhenPledgeRaised_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() =>
            Pledging.Handle(ActivePool(Pledge(1, 4_000), new PoolWindingDown(PoolId, At)), Budget(1, events: Live(1, 4_000)), new ChangePledge(PoolId, Member(1), 5_000, At)));

    [Fact]
    public void GivenLivePledge_WhenLowered_ThenPledgeLoweredAndHeadroomReturns() =>
        Then.Events(
            [new PledgeLowered(PoolId, Member(1), 1_000, false, At), Live(1, 1_000)],
            Pledging.Handle(OpenPool(Pledge(1, 4_000)), Budget(1, events: Live(1, 4_000)), new ChangePledge(PoolId, Member(1), 1_000, At)).All);

    [Fact]
    public void GivenFundsReservedForTheMember_WhenLoweredBelowTheReservation_ThenNoticeRecordedInstead()
    {
        var pool = ActivePool(Pledge(1, 4_000), new ContractFundsReserved(PoolId, Guid.NewGuid(), 3_000, Shares((1, 3_000)), At));

        Then.Events(
            [new NoticeRecorded(PoolId, Member(1), 1_000, false, At)],
            Pledging.Handle(pool, Budget(1, events: Live(1, 4_000)), new ChangePledge(PoolId, Member(1), 1_000, At)).All);
    }

    [Fact]
    public void GivenPaymentsMadeFromThePledge_WhenLoweredBelowWhatWasPaid_ThenBelowPaid()
    {
        var contract = Guid.NewGuid();
        var pool = ActivePool(Pledge(1, 4_000), new ContractFundsReserved(PoolId, contract, 3_000, Shares((1, 3_000)), At),
            new ContractPaymentRecorded(PoolId, contract, Guid.NewGuid(), Guid.NewGuid(), "tr_1", 3_000, Shares((1, 3_000)), At));

        Assert.Throws<BelowPaid>(() => Pledging.Handle(pool, Budget(1, events: Live(1, 4_000)), new ChangePledge(PoolId, Member(1), 2_000, At)));
    }

    [Fact]
    public void GivenNoPledge_WhenChanged_ThenPledgeNotFound() =>
        Assert.Throws<PledgeNotFound>(() => Pledging.Handle(OpenPool(), Budget(1), new ChangePledge(PoolId, Member(1), 100, At)));

    [Fact]
    public void GivenClosedPool_WhenPledgeLowered_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() =>
            Pledging.Handle(OpenPool(Pledge(1, 5_000, conditional: true), new PoolClosed(PoolId, At)), Budget(1), new ChangePledge(PoolId, Member(1), 100, At)));

    [Fact]
    public void GivenLivePledge_WhenChangedToTheSameAmount_ThenNothingHappens() =>
        Assert.True(Pledging.Handle(OpenPool(Pledge(1, 4_000)), Budget(1, events: Live(1, 4_000)), new ChangePledge(PoolId, Member(1), 4_000, At)).IsEmpty);

    [Fact]
    public void GivenLivePledge_WhenWithdrawn_ThenPledgeWithdrawnAndHeadroomReturns() =>
        Then.Events(
            [new PledgeWithdrawn(PoolId, Member(1), 0, false, At), Live(1, 0)],
            Pledging.Handle(OpenPool(Pledge(1, 4_000)), new WithdrawPledge(PoolId, Member(1), At)).All);

    [Fact]
    public void GivenConditionalPledge_WhenWithdrawn_ThenPledgeWithdrawnWithoutBudgetChange() =>
        Then.Events(
            [new PledgeWithdrawn(PoolId, Member(1), 0, false, At)],
            Pledging.Handle(OpenPool(Pledge(1, 4_000, conditional: true)), new WithdrawPledge(PoolId, Member(1), At)).All);

    [Fact]
    public void GivenFundsReservedForTheMember_WhenWithdrawn_ThenWithdrawalNoticeRecorded()
    {
        var pool = ActivePool(Pledge(1, 4_000), new ContractFundsReserved(PoolId, Guid.NewGuid(), 1_000, Shares((1, 1_000)), At));

        Then.Events([new NoticeRecorded(PoolId, Member(1), 0, true, At)], Pledging.Handle(pool, new WithdrawPledge(PoolId, Member(1), At)).All);
    }

    [Fact]
    public void GivenWithdrawnPledge_WhenWithdrawnAgain_ThenPledgeNotFound() =>
        Assert.Throws<PledgeNotFound>(() => Pledging.Handle(OpenPool(Pledge(1, 4_000), new PledgeWithdrawn(PoolId, Member(1), 0, false, At)), new WithdrawPledge(PoolId, Member(1), At)));

    [Fact]
    public void GivenClosedPool_WhenWithdrawn_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() =>
            Pledging.Handle(OpenPool(Pledge(1, 5_000, conditional: true), new PoolClosed(PoolId, At)), new WithdrawPledge(PoolId, Member(1), At)));
}
