using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.Commissioning.Api.Domain;
using static Brokerage.Commissioning.Tests.Domain.Given;

namespace Brokerage.Commissioning.Tests.Domain;

public sealed class EvaluationTests
{
    [Theory]
    [InlineData(100, 100, 100)]
    [InlineData(100, 200, 50)]
    [InlineData(1, 32, 3.13)] // 3.125 rounds half-up, not to even
    [InlineData(2, 3, 66.67)]
    public void GivenBids_WhenPriceIsScored_ThenLowestOverPriceTimes100RoundedHalfUp(long lowest, long price, double expected) =>
        Assert.Equal((decimal)expected, Evaluation.PriceScore(lowest, price));

    [Theory]
    [InlineData(1_200_000, 12, 1_200_000)]
    [InlineData(100_001, 1, 8_333)]
    [InlineData(6, 1, 1)] // 0.5p rounds up
    [InlineData(1_000_000, 18, 1_500_000)]
    public void GivenAnnualPriceAndTerm_WhenContractValueIsComputed_ThenRoundedHalfUpToThePenny(long annual, int months, long expected) =>
        Assert.Equal(expected, Evaluation.ContractValue(annual, months));

    [Fact]
    public void GivenAllWeightOnTheVoteAndNoQuorum_WhenScored_ThenPriceAndQualityShareItEqually()
    {
        var d = Drafted(weights: new EvaluationWeights(0, 0, 100));
        var a = Bid(100, quality: 40);
        var call = State<CallForOffers>([.. Evaluating(d, a), new QualityScored(d.CallId, a.BidId, 40, "r", "b", Now)]);
        var vote = Evaluation.Vote(call);
        Assert.False(vote.QuorumMet);
        Assert.Equal(50m, vote.PriceWeight);
        Assert.Equal(50m, vote.QualityWeight);
        Assert.Equal(70m, Evaluation.Score(call, vote).Single().Total);
    }

    [Fact]
    public void GivenQuorumExactlyMet_WhenScored_ThenTheVoteCounts()
    {
        var d = Drafted();
        var a = Bid(100, quality: 100);
        var b = Bid(100, quality: 100);
        var call = State<CallForOffers>([.. Evaluating(d, a, b), new VoteCast(d.CallId, M1, a.BidId, null, Now), new VoteCast(d.CallId, M2, a.BidId, null, Now)]);
        var vote = Evaluation.Vote(call); // 2 of 4 = 50% = quorum
        Assert.True(vote.QuorumMet);
        var scores = Evaluation.Score(call, vote);
        Assert.Equal(100m, scores.Single(s => s.BidId == a.BidId).Total);
        Assert.Equal(70m, scores.Single(s => s.BidId == b.BidId).Total);
    }

    [Fact]
    public void GivenAwardOnAFriday_WhenTheProcurementActStandstillIsComputed_ThenEightWorkingDaysSkipWeekends()
    {
        var friday = new DateTimeOffset(2027, 1, 8, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2027, 1, 20, 10, 0, 0, TimeSpan.Zero), StandstillRules.EndsAt(StandstillRules.ProcurementAct2023, friday));
        Assert.Equal(new DateTimeOffset(2027, 1, 20, 10, 0, 0, TimeSpan.Zero), StandstillRules.EndsAt(StandstillRules.ProcurementAct2023, friday.AddDays(1)));
        Assert.Equal(new DateTimeOffset(2027, 1, 18, 10, 0, 0, TimeSpan.Zero), StandstillRules.EndsAt(StandstillRules.Pcr2015, friday));
    }
}

public sealed class ContractTests
{
    private static ServiceContract Active(long annual = 1_100_000, int months = 12)
    {
        var start = new DateOnly(2027, 4, 1);
        var value = Evaluation.ContractValue(annual, months);
        return ServiceContract.Create(new ContractCommenced(
            Guid.NewGuid(), Guid.NewGuid(), Council, PoolId, Guid.NewGuid(), Guid.NewGuid(), "Provider", annual, "GBP", start,
            ServiceContract.EndOf(start, months), ServiceContract.MonthlySchedule(start, 0, months, value), Now));
    }

    [Fact]
    public void GivenContractValue_WhenScheduled_ThenMonthlyInstalmentsInExactPenceWithTheRemainderLast()
    {
        var contract = Active();
        Assert.Equal(12, contract.Schedule.Count);
        Assert.All(contract.Schedule.Take(11), i => Assert.Equal(91_666, i.Amount));
        Assert.Equal(91_674, contract.Schedule[^1].Amount);
        Assert.Equal(1_100_000, contract.Schedule.Sum(i => i.Amount));
        Assert.Equal(new DateOnly(2027, 4, 30), contract.Schedule[0].PeriodEnd);
        Assert.Equal(new DateOnly(2028, 3, 31), contract.EndDate);
    }

    [Fact]
    public void GivenActiveContract_WhenPriceIsVariedMidTerm_ThenPeriodsBegunKeepTheirAmounts()
    {
        var contract = Active(1_200_000);
        var varied = ServiceContract.Handle(contract, new VaryContract(2_400_000, null, "More hours", "b", new DateTimeOffset(2027, 6, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(12, varied.Schedule.Count);
        Assert.All(varied.Schedule.Take(3), i => Assert.Equal(100_000, i.Amount));
        Assert.All(varied.Schedule.Skip(3), i => Assert.Equal(200_000, i.Amount));
    }

    [Fact]
    public void GivenActiveContract_WhenExtended_ThenTheScheduleCoversTheNewEnd()
    {
        var contract = Active(1_200_000);
        var varied = ServiceContract.Handle(contract, new VaryContract(null, contract.EndDate.AddMonths(3), "Extended", "b", Now));
        Assert.Equal(15, varied.Schedule.Count);
        Assert.Equal(1_500_000, varied.Schedule.Sum(i => i.Amount));
    }

    [Fact]
    public void GivenContractStartingOnThe31st_WhenExtendedSixMonthsPastItsEnd_ThenTheNewEndIsAPeriodEnd()
    {
        var start = new DateOnly(2027, 3, 31);
        var contract = ServiceContract.Create(new ContractCommenced(
            Guid.NewGuid(), Guid.NewGuid(), Council, PoolId, Guid.NewGuid(), Guid.NewGuid(), "Provider", 1_200_000, "GBP", start,
            ServiceContract.EndOf(start, 12), ServiceContract.MonthlySchedule(start, 0, 12, 1_200_000), Now));
        Assert.Equal(new DateOnly(2028, 3, 30), contract.EndDate);
        Assert.Equal((new DateOnly(2027, 3, 31), new DateOnly(2027, 4, 30)), (contract.Schedule[0].PeriodStart, contract.Schedule[0].PeriodEnd));
        Assert.Equal((new DateOnly(2027, 5, 1), new DateOnly(2027, 5, 30)), (contract.Schedule[1].PeriodStart, contract.Schedule[1].PeriodEnd));

        var varied = ServiceContract.Handle(contract, new VaryContract(null, new DateOnly(2028, 9, 30), "Extended by six months", "b", Now));

        Assert.Equal(18, varied.Schedule.Count);
        Assert.Equal(new DateOnly(2028, 9, 30), varied.Schedule[^1].PeriodEnd);
        Assert.Equal(1_800_000, varied.Schedule.Sum(i => i.Amount));
    }

    [Fact]
    public void GivenAnyStartDay_WhenScheduled_ThenEveryPeriodFollowsTheLastWithoutGapOrOverlap()
    {
        for (var start = new DateOnly(2027, 1, 1); start < new DateOnly(2029, 1, 1); start = start.AddDays(1))
        {
            var schedule = ServiceContract.MonthlySchedule(start, 0, 24, 2_400_000);
            Assert.Equal(start, schedule[0].PeriodStart);
            for (var i = 1; i < schedule.Count; i++)
            {
                Assert.Equal(schedule[i - 1].PeriodEnd.AddDays(1), schedule[i].PeriodStart);
                Assert.True(schedule[i].PeriodEnd >= schedule[i].PeriodStart, $"{start}: period {i + 1} is empty");
            }

        }
    }

    [Fact]
    public void GivenActiveContract_WhenTheEndDateIsNotAPeriodEnd_ThenTheProblemNamesTheNearestPeriodEnds()
    {
        var contract = Active();
        var refused = Assert.Throws<EndDateNotOnPeriodBoundary>(() => ServiceContract.Handle(contract, new VaryContract(null, new DateOnly(2028, 9, 29), "r", "b", Now)));
        Assert.EndsWith("the nearest are 2028-08-31 and 2028-09-30.", refused.Message);
    }

    [Fact]
    public void GivenActiveContract_WhenTheEndDateIsNotAPeriodEnd_ThenRejected()
    {
        var contract = Active();
        Assert.Throws<EndDateNotOnPeriodBoundary>(() => ServiceContract.Handle(contract, new VaryContract(null, contract.EndDate.AddDays(3), "r", "b", Now)));
    }

    [Fact]
    public void GivenActiveContract_WhenNothingIsVaried_ThenRejected() =>
        Assert.Throws<NothingToVary>(() => ServiceContract.Handle(Active(), new VaryContract(null, null, "r", "b", Now)));

    private static readonly Guid Adjustment = Guid.Parse("00000000-0000-0000-0000-0000000000a1");

    [Fact]
    public void GivenActiveContract_WhenAVariationChangesItsValue_ThenItIsRequestedAndTheTermsWaitForTheFunds()
    {
        var contract = Active(1_200_000);

        var requested = Assert.IsType<ContractVariationRequested>(ServiceContract.Handle(
            contract, new VaryContract(null, contract.EndDate.AddMonths(3), "Extended over the summer", "b", Now), Adjustment));

        Assert.Equal((Adjustment, 1_500_000L), (requested.AdjustmentId, requested.Schedule.Sum(i => i.Amount)));
        var pending = contract.Apply(requested);
        Assert.Equal((1_200_000L, 12), (pending.TotalAmount, pending.Schedule.Count)); // the terms have not changed yet
        Assert.Equal(1_500_000, pending.Pending!.TotalAmount);
        Assert.Throws<VariationPending>(() => ServiceContract.Handle(pending, new VaryContract(1_000_000, null, "Again", "b", Now), Guid.NewGuid()));
    }

    [Fact]
    public void GivenActiveContract_WhenAVariationKeepsItsValue_ThenItTakesEffectAtOnce() =>
        Assert.IsType<ContractAmended>(ServiceContract.Handle(Active(1_200_000), new VaryContract(1_200_000, null, "Same price, new reason", "b", Now), Adjustment));

    [Fact]
    public void GivenPendingVariation_WhenThePoolSetsTheFunds_ThenTheNewTermsTakeEffectOnce()
    {
        var contract = Active(1_200_000);
        var pending = contract.Apply((ContractVariationRequested)ServiceContract.Handle(
            contract, new VaryContract(null, contract.EndDate.AddMonths(3), "Extended", "b", Now), Adjustment));

        var amended = Assert.IsType<ContractAmended>(ServiceContract.Handle(pending, new SettleVariation(Adjustment, null, Now)));
        var varied = pending.Apply(amended);

        Assert.Equal((1_500_000L, 15, 1), (varied.TotalAmount, varied.Schedule.Count, varied.Variations));
        Assert.Null(varied.Pending);
        Assert.Null(ServiceContract.Handle(varied, new SettleVariation(Adjustment, null, Now)));
    }

    [Fact]
    public void GivenPendingVariation_WhenThePoolCannotCoverIt_ThenRefusedWithTheReasonAndTheTermsStay()
    {
        var contract = Active(1_200_000);
        var pending = contract.Apply((ContractVariationRequested)ServiceContract.Handle(
            contract, new VaryContract(2_400_000, null, "More hours", "b", Now), Adjustment));

        var refused = Assert.IsType<ContractVariationRefused>(ServiceContract.Handle(
            pending, new SettleVariation(Adjustment, "The pool has 100 pence available; the variation needs 900000 more.", Now)));
        var after = pending.Apply(refused);

        Assert.Equal((1_200_000L, 0), (after.TotalAmount, after.Variations));
        Assert.Equal((2_400_000L, "The pool has 100 pence available; the variation needs 900000 more."), (after.LastRefused!.AnnualPrice, after.LastRefused.Reason));
        Assert.IsType<ContractVariationRequested>(ServiceContract.Handle(after, new VaryContract(1_300_000, null, "Less", "b", Now), Guid.NewGuid()));
    }

    [Fact]
    public void GivenPendingVariation_WhenAnAnswerForAnotherAdjustmentOrAfterTheEndArrives_ThenNothing()
    {
        var contract = Active(1_200_000);
        var pending = contract.Apply((ContractVariationRequested)ServiceContract.Handle(
            contract, new VaryContract(2_400_000, null, "More hours", "b", Now), Adjustment));

        Assert.Null(ServiceContract.Handle(pending, new SettleVariation(Guid.NewGuid(), null, Now)));
        var ended = pending.Apply(ServiceContract.Handle(pending, new EndContract("Closed", "b", Now)));
        Assert.Null(ServiceContract.Handle(ended, new SettleVariation(Adjustment, null, Now)));
    }

    [Fact]
    public void GivenActiveContract_WhenEnded_ThenEnded()
    {
        var contract = Active();
        Assert.Equal(ServiceContract.Ended, contract.Apply(ServiceContract.Handle(contract, new EndContract("Closed", "b", Now))).Status);
    }

    [Fact]
    public void GivenEndedContract_WhenVariedOrEndedAgain_ThenRejected()
    {
        var contract = Active();
        contract = contract.Apply(ServiceContract.Handle(contract, new EndContract("Closed", "b", Now)));
        Assert.Throws<ContractNotActive>(() => ServiceContract.Handle(contract, new EndContract("Again", "b", Now)));
        Assert.Throws<ContractNotActive>(() => ServiceContract.Handle(contract, new VaryContract(1, null, "r", "b", Now)));
    }
}
