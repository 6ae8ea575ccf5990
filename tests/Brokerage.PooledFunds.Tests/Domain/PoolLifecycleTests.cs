using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.Pools.ProposingPool;
using Brokerage.PooledFunds.Api.Pools.RunningPool;
using static Brokerage.PooledFunds.Tests.Domain.Given;

namespace Brokerage.PooledFunds.Tests.Domain;

public sealed class PoolLifecycleTests
{
    private static readonly IReadOnlyDictionary<Guid, MemberBudget?> NoBudgets = new Dictionary<Guid, MemberBudget?>();

    [Fact]
    public void GivenNothing_WhenAPoolIsProposed_ThenItIsProposedWithItsRulesAndGovernance()
    {
        var governance = new Governance(3, 50_000, 60, Governance.WeightedByPledge);
        var e = ProposingPool.Handle(new ProposePool(PoolId, Council, "Club", "Purpose", ["Outcome"], [Social, Health], governance, "Rules", "member-1", Member(1), At));

        var pool = Brokerage.PooledFunds.Api.Pools.Pool.Create(e);
        Assert.Equal(PoolStatus.Proposed, pool.Status);
        Assert.Equal(governance, pool.Governance);
        Assert.Equal("Rules", pool.Rules);
        Assert.Equal(Member(1), pool.ProposedForMember);
    }

    [Fact]
    public void GivenProposedPool_WhenOpened_ThenPoolOpened() =>
        Then.Events([new PoolOpened(PoolId, At)], RunningPool.Handle(Pool(), new OpenPool(PoolId, At)).All);

    [Fact]
    public void GivenOpenPool_WhenOpenedAgain_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() => RunningPool.Handle(OpenPool(), new OpenPool(PoolId, At)));

    [Fact]
    public void GivenProposedPool_WhenActivated_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() => RunningPool.Handle(Pool(), NoBudgets, new ActivatePool(PoolId, At)));

    [Fact]
    public void GivenOpenPoolBelowMinimumMembers_WhenActivated_ThenThresholdNotMet()
    {
        var pool = Pool(Proposed(minimumMembers: 3), new PoolOpened(PoolId, At), Pledge(1, 5_000), Pledge(2, 5_000, conditional: true));

        var error = Assert.Throws<ActivationThresholdNotMet>(() => RunningPool.Handle(pool, NoBudgets, new ActivatePool(PoolId, At)));
        Assert.Contains("2 of 3 members", error.Message);
    }

    [Fact]
    public void GivenOpenPoolBelowTarget_WhenActivated_ThenThresholdNotMet()
    {
        var pool = Pool(Proposed(minimumMembers: 2, target: 20_000), new PoolOpened(PoolId, At), Pledge(1, 5_000), Pledge(2, 5_000, conditional: true));

        var error = Assert.Throws<ActivationThresholdNotMet>(() => RunningPool.Handle(pool, NoBudgets, new ActivatePool(PoolId, At)));
        Assert.Contains("10000 of 20000 pence", error.Message);
    }

    [Fact]
    public void GivenThresholdMetCountingConditionalPledges_WhenActivated_ThenConditionalPledgesGoLiveWithTheActivation()
    {
        var pool = Pool(Proposed(minimumMembers: 3, target: 15_000), new PoolOpened(PoolId, At),
            Pledge(1, 5_000), Pledge(2, 5_000, conditional: true), Pledge(3, 5_000, conditional: true));
        var budgets = new Dictionary<Guid, MemberBudget?> { [Member(2)] = Budget(2), [Member(3)] = Budget(3) };

        var decision = RunningPool.Handle(pool, budgets, new ActivatePool(PoolId, At));

        Then.Events(
            [new PledgeWentLive(PoolId, Member(2), At), new PledgeWentLive(PoolId, Member(3), At), new PoolActivated(PoolId, At), Live(2, 5_000), Live(3, 5_000)],
            decision.All);
    }

    [Fact]
    public void GivenConditionalPledgesOverTheirMembersHeadroom_WhenActivated_ThenRefusedNamingHowManyAndNothingChanges()
    {
        var pool = Pool(Proposed(minimumMembers: 3), new PoolOpened(PoolId, At),
            Pledge(1, 5_000, conditional: true), Pledge(2, 5_000, conditional: true), Pledge(3, 5_000, conditional: true));
        var budgets = new Dictionary<Guid, MemberBudget?>
        {
            [Member(1)] = Budget(1, allocation: 4_000),
            [Member(2)] = Budget(2, consent: false),
            [Member(3)] = Budget(3),
        };

        var error = Assert.Throws<ConditionalPledgesCannotGoLive>(() => RunningPool.Handle(pool, budgets, new ActivatePool(PoolId, At)));
        Assert.Equal(2, error.Count);
    }

    [Fact]
    public void GivenActivePool_WhenWoundDown_ThenPoolWindingDown() =>
        Then.Events([new PoolWindingDown(PoolId, At)], RunningPool.Handle(ActivePool(), new WindDownPool(PoolId, At)).All);

    [Fact]
    public void GivenProposedPool_WhenWoundDown_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() => RunningPool.Handle(Pool(), new WindDownPool(PoolId, At)));

    [Fact]
    public void GivenActivePool_WhenClosed_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() => RunningPool.Handle(ActivePool(), new ClosePool(PoolId, At)));

    [Fact]
    public void GivenWindingDownPoolWithFundsReserved_WhenClosed_ThenFundsStillReserved()
    {
        var pool = ActivePool(Pledge(1, 5_000), new ContractFundsReserved(PoolId, Guid.NewGuid(), 1_000, Shares((1, 1_000)), At), new PoolWindingDown(PoolId, At));

        Assert.Throws<FundsStillReserved>(() => RunningPool.Handle(pool, new ClosePool(PoolId, At)));
    }

    [Fact]
    public void GivenWindingDownPoolWithPaymentsMade_WhenClosed_ThenWhatIsAvailableReturnsToEachMember()
    {
        var contract = Guid.NewGuid();
        var pool = ActivePool(
            Pledge(1, 5_000), Pledge(2, 3_000),
            new ContractFundsReserved(PoolId, contract, 1_600, Shares((1, 1_000), (2, 600)), At),
            new ContractPaymentRecorded(PoolId, contract, Guid.NewGuid(), Guid.NewGuid(), "tr_1", 1_600, Shares((1, 1_000), (2, 600)), At),
            new PoolWindingDown(PoolId, At));

        var decision = RunningPool.Handle(pool, new ClosePool(PoolId, At));

        Then.Events(
            [
                new SurplusReturned(PoolId, Member(1), 4_000, At), new SurplusReturned(PoolId, Member(2), 2_400, At), new PoolClosed(PoolId, At),
                Live(1, 1_000), Live(2, 600),
            ],
            decision.All);
    }

    [Fact]
    public void GivenOpenPoolWithAConditionalPledge_WhenClosed_ThenThePledgeLapses() =>
        Then.Events(
            [new ConditionalPledgeLapsed(PoolId, Member(1), At), new PoolClosed(PoolId, At)],
            RunningPool.Handle(OpenPool(Pledge(1, 5_000, conditional: true)), new ClosePool(PoolId, At)).All);

    [Fact]
    public void GivenClosedPool_WhenClosedAgain_ThenPoolInWrongState() =>
        Assert.Throws<PoolNotInState>(() => RunningPool.Handle(OpenPool(new PoolClosed(PoolId, At)), new ClosePool(PoolId, At)));
}
