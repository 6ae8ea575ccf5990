using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.Pools.Funding;
using static Brokerage.PooledFunds.Tests.Domain.Given;

namespace Brokerage.PooledFunds.Tests.Domain;

public sealed class FundingTests
{
    private static readonly Guid Contract = Guid.Parse("00000000-0000-0000-0000-00000000c001");
    private static readonly Guid PaymentId = Guid.Parse("00000000-0000-0000-0000-00000000d001");
    private static readonly Guid Invoice = Guid.Parse("00000000-0000-0000-0000-00000000e001");

    private static ReserveContractFunds Reserve(long amount, string currency = "GBP") => new(PoolId, Contract, amount, currency, At);

    private static RecordContractPayment Pay(long amount, Guid? paymentId = null, string transfer = "tr_1", Guid? contract = null) =>
        new(PoolId, contract ?? Contract, paymentId ?? PaymentId, Invoice, amount, "GBP", transfer, At);

    [Fact]
    public void GivenActivePool_WhenFundsReserved_ThenAttributedInProportionToAvailableWithLargestRemainders()
    {
        // Available 5000, 3000, 2000 (total 10000); 1001 pence: exact 500.5, 300.3, 200.2 → 500, 300, 200 and the spare penny to member 1.
        var pool = ActivePool(Pledge(1, 5_000), Pledge(2, 3_000), Pledge(3, 2_000));

        Then.Events([new ContractFundsReserved(PoolId, Contract, 1_001, Shares((1, 501), (2, 300), (3, 200)), At)], Funding.Handle(pool, Reserve(1_001)));
    }

    [Fact]
    public void GivenLessAvailableThanTheAward_WhenFundsReserved_ThenRejectedSayingHowMuchIsAvailable() =>
        Then.Events(
            [new ContractReservationRejected(PoolId, Contract, 15_000, "The pool has 12000 pence available; the award needs 15000.", At)],
            Funding.Handle(ActivePool(Pledge(1, 12_000)), Reserve(15_000)));

    [Fact]
    public void GivenOpenPool_WhenFundsReserved_ThenRejectedAsNotActive()
    {
        var e = Assert.IsType<ContractReservationRejected>(Assert.Single(Funding.Handle(OpenPool(Pledge(1, 12_000)), Reserve(100))));
        Assert.Contains("only an active pool", e.Reason);
    }

    [Fact]
    public void GivenActivePool_WhenFundsReservedInAnotherCurrency_ThenRejected() =>
        Assert.IsType<ContractReservationRejected>(Assert.Single(Funding.Handle(ActivePool(Pledge(1, 12_000)), Reserve(100, "EUR"))));

    [Fact]
    public void GivenActivePool_WhenANonPositiveAmountIsReserved_ThenRejected() =>
        Assert.IsType<ContractReservationRejected>(Assert.Single(Funding.Handle(ActivePool(Pledge(1, 12_000)), Reserve(0))));

    [Fact]
    public void GivenContractAlreadyReserved_WhenReservedAgain_ThenNothingNew() =>
        Assert.Empty(Funding.Handle(ActivePool(Pledge(1, 5_000), new ContractFundsReserved(PoolId, Contract, 100, Shares((1, 100)), At)), Reserve(100)));

    [Fact]
    public void GivenContractAlreadyRejected_WhenReservedAgain_ThenNothingNew() =>
        Assert.Empty(Funding.Handle(ActivePool(Pledge(1, 50), new ContractReservationRejected(PoolId, Contract, 100, "No", At)), Reserve(100)));

    [Fact]
    public void GivenReservation_WhenReleased_ThenWhatRemainsGoesBackToAvailable()
    {
        var pool = ActivePool(Pledge(1, 5_000), Pledge(2, 5_000), new ContractFundsReserved(PoolId, Contract, 2_000, Shares((1, 1_000), (2, 1_000)), At));

        var decision = Funding.Handle(pool, new ReleaseContractReservation(PoolId, Contract, At));

        Then.Events([new ContractReservationReleased(PoolId, Contract, 2_000, Shares((1, 1_000), (2, 1_000)), At)], decision.All);
        Assert.Equal(10_000, pool.Evolve(decision.PoolEvents[0]).Available);
    }

    [Fact]
    public void GivenNoticesBelowTheReservation_WhenReleased_ThenTheNoticesTakeEffect()
    {
        var pool = ActivePool(
            Pledge(1, 5_000), Pledge(2, 5_000),
            new ContractFundsReserved(PoolId, Contract, 4_000, Shares((1, 2_000), (2, 2_000)), At),
            new NoticeRecorded(PoolId, Member(1), 1_000, false, At),
            new NoticeRecorded(PoolId, Member(2), 0, true, At));

        var decision = Funding.Handle(pool, new ReleaseContractReservation(PoolId, Contract, At));

        Then.Events(
            [
                new ContractReservationReleased(PoolId, Contract, 4_000, Shares((1, 2_000), (2, 2_000)), At),
                new PledgeLowered(PoolId, Member(1), 1_000, true, At),
                new PledgeWithdrawn(PoolId, Member(2), 0, true, At),
                Live(1, 1_000), Live(2, 0),
            ],
            decision.All);
    }

    [Fact]
    public void GivenReleasedReservation_WhenReleasedAgain_ThenNothingNew() =>
        Assert.True(Funding.Handle(
            ActivePool(Pledge(1, 5_000), new ContractFundsReserved(PoolId, Contract, 100, Shares((1, 100)), At), new ContractReservationReleased(PoolId, Contract, 100, Shares((1, 100)), At)),
            new ReleaseContractReservation(PoolId, Contract, At)).IsEmpty);

    [Fact]
    public void GivenUnknownContract_WhenReleased_ThenNothingNew() =>
        Assert.True(Funding.Handle(ActivePool(Pledge(1, 5_000)), new ReleaseContractReservation(PoolId, Contract, At)).IsEmpty);

    private static readonly Guid Adjustment = Guid.Parse("00000000-0000-0000-0000-00000000a001");

    private static AdjustContractReservation Adjust(long amount, Guid? adjustmentId = null, string currency = "GBP") =>
        new(PoolId, Contract, adjustmentId ?? Adjustment, amount, currency, At);

    [Fact]
    public void GivenReservation_WhenAVariationRaisesTheContract_ThenTheExtraIsReservedInProportionToWhatEachHasAvailable()
    {
        // Available after the reservation: 4000 and 1000; 500 more → 400 and 100.
        var pool = ActivePool(Pledge(1, 5_000), Pledge(2, 2_000), new ContractFundsReserved(PoolId, Contract, 2_000, Shares((1, 1_000), (2, 1_000)), At));

        var decision = Funding.Handle(pool, Adjust(2_500));

        Then.Events([new ContractReservationAdjusted(PoolId, Contract, Adjustment, 2_500, Shares((1, 400), (2, 100)), [], At)], decision.All);
        var after = pool.Evolve(decision.PoolEvents[0]);
        Assert.Equal((2_500, 2_500), (after.Reservations[Contract].Amount, after.Reservations[Contract].Remaining));
        Assert.Equal((1_400, 1_100), (after.PledgeOf(Member(1))!.Reserved, after.PledgeOf(Member(2))!.Reserved));
        LedgerInvariants.Assert(after);
    }

    [Fact]
    public void GivenPartlyPaidReservation_WhenAVariationLowersTheContract_ThenTheDifferenceGoesBackInProportionToWhatIsStillReserved()
    {
        var pool = ActivePool(
            Pledge(1, 5_000), Pledge(2, 5_000),
            new ContractFundsReserved(PoolId, Contract, 4_000, Shares((1, 3_000), (2, 1_000)), At),
            new ContractPaymentRecorded(PoolId, Contract, PaymentId, Invoice, "tr_1", 1_000, Shares((1, 750), (2, 250)), At));

        // 3000 still reserved (2250 and 750); the contract is now worth 2000 in all, so 2000 - 1000 paid = 1000 stays reserved.
        var decision = Funding.Handle(pool, Adjust(2_000));

        Then.Events([new ContractReservationAdjusted(PoolId, Contract, Adjustment, 2_000, [], Shares((1, 1_500), (2, 500)), At)], decision.All);
        var after = pool.Evolve(decision.PoolEvents[0]);
        Assert.Equal((2_000, 1_000, 1_000), (after.Reservations[Contract].Amount, after.Reservations[Contract].Remaining, after.Reservations[Contract].Paid));
        Assert.Equal(8_000, after.Available);
        LedgerInvariants.Assert(after);
    }

    [Fact]
    public void GivenANoticeWaitingOnTheReservation_WhenAVariationLowersTheContract_ThenTheNoticeTakesEffectAsFarAsTheMoneyAllows()
    {
        var pool = ActivePool(
            Pledge(1, 5_000),
            new ContractFundsReserved(PoolId, Contract, 4_000, Shares((1, 4_000)), At),
            new NoticeRecorded(PoolId, Member(1), 1_000, false, At));

        var decision = Funding.Handle(pool, Adjust(2_500));

        Then.Events(
            [
                new ContractReservationAdjusted(PoolId, Contract, Adjustment, 2_500, [], Shares((1, 1_500)), At),
                new PledgeLowered(PoolId, Member(1), 2_500, true, At),
                Live(1, 2_500),
            ],
            decision.All);
    }

    [Fact]
    public void GivenLessAvailableThanTheVariationNeeds_WhenAdjusted_ThenRejectedSayingHowMuchAndNothingMoves()
    {
        var pool = ActivePool(Pledge(1, 3_000), new ContractFundsReserved(PoolId, Contract, 2_000, Shares((1, 2_000)), At));

        Then.Events(
            [new ContractReservationAdjustmentRejected(PoolId, Contract, Adjustment, 4_000, "The pool has 1000 pence available; the variation needs 2000 more.", At)],
            Funding.Handle(pool, Adjust(4_000)).All);
    }

    [Fact]
    public void GivenWindingDownPool_WhenAVariationRaisesTheContract_ThenRejectedButALowerOneIsAccepted()
    {
        var pool = ActivePool(Pledge(1, 9_000), new ContractFundsReserved(PoolId, Contract, 2_000, Shares((1, 2_000)), At), new PoolWindingDown(PoolId, At));

        var raise = Assert.IsType<ContractReservationAdjustmentRejected>(Assert.Single(Funding.Handle(pool, Adjust(2_001)).All));
        Assert.Contains("only an active pool", raise.Reason);
        Assert.IsType<ContractReservationAdjusted>(Assert.Single(Funding.Handle(pool, Adjust(1_999)).All));
    }

    [Theory]
    [InlineData(999, "GBP")]
    [InlineData(0, "GBP")]
    [InlineData(3_000, "EUR")]
    public void GivenPartlyPaidReservation_WhenAdjustedBelowWhatWasPaidOrBadly_ThenRejected(long amount, string currency)
    {
        var pool = ActivePool(
            Pledge(1, 5_000), new ContractFundsReserved(PoolId, Contract, 2_000, Shares((1, 2_000)), At),
            new ContractPaymentRecorded(PoolId, Contract, PaymentId, Invoice, "tr_1", 1_000, Shares((1, 1_000)), At));

        Assert.IsType<ContractReservationAdjustmentRejected>(Assert.Single(Funding.Handle(pool, Adjust(amount, currency: currency)).All));
    }

    [Fact]
    public void GivenNoOrAReleasedReservation_WhenAdjusted_ThenRejected()
    {
        var released = ActivePool(
            Pledge(1, 5_000), new ContractFundsReserved(PoolId, Contract, 100, Shares((1, 100)), At), new ContractReservationReleased(PoolId, Contract, 100, Shares((1, 100)), At));

        Assert.IsType<ContractReservationAdjustmentRejected>(Assert.Single(Funding.Handle(ActivePool(Pledge(1, 5_000)), Adjust(100)).All));
        Assert.IsType<ContractReservationAdjustmentRejected>(Assert.Single(Funding.Handle(released, Adjust(50)).All));
    }

    [Fact]
    public void GivenAdjustmentDecided_WhenTheSameAdjustmentArrivesAgain_ThenNothingNew()
    {
        var pool = ActivePool(
            Pledge(1, 5_000), new ContractFundsReserved(PoolId, Contract, 2_000, Shares((1, 2_000)), At),
            new ContractReservationAdjusted(PoolId, Contract, Adjustment, 2_500, Shares((1, 500)), [], At));

        Assert.True(Funding.Handle(pool, Adjust(2_500)).IsEmpty);
        Assert.True(Funding.Handle(pool, Adjust(3_000)).IsEmpty);
        Assert.Equal(2_500, pool.Adjustments[Adjustment].Amount);
    }

    [Fact]
    public void GivenReservation_WhenPaymentRecorded_ThenReservedBecomesPaidAttributedLikeTheReservation()
    {
        var pool = ActivePool(Pledge(1, 5_000), Pledge(2, 5_000), new ContractFundsReserved(PoolId, Contract, 3_000, Shares((1, 2_000), (2, 1_000)), At));

        var decision = Funding.Handle(pool, Pay(1_000));

        Assert.Null(decision.Rejection);
        Then.Events([new ContractPaymentRecorded(PoolId, Contract, PaymentId, Invoice, "tr_1", 1_000, Shares((1, 667), (2, 333)), At)], decision.Events);
    }

    [Fact]
    public void GivenPaymentRecorded_WhenTheSamePaymentIdArrivesAgain_ThenNothingNew()
    {
        var pool = ActivePool(Pledge(1, 5_000), new ContractFundsReserved(PoolId, Contract, 3_000, Shares((1, 3_000)), At),
            new ContractPaymentRecorded(PoolId, Contract, PaymentId, Invoice, "tr_1", 1_000, Shares((1, 1_000)), At));

        var decision = Funding.Handle(pool, Pay(1_000));
        Assert.Empty(decision.Events);
        Assert.Null(decision.Rejection);
    }

    [Fact]
    public void GivenReservation_WhenPaymentExceedsWhatIsReserved_ThenRejected()
    {
        var pool = ActivePool(Pledge(1, 5_000), new ContractFundsReserved(PoolId, Contract, 3_000, Shares((1, 3_000)), At));

        Assert.Equal("The contract has 3000 pence reserved; the payment is 3001.", Funding.Handle(pool, Pay(3_001)).Rejection);
    }

    [Fact]
    public void GivenNoReservation_WhenPaymentRecorded_ThenRejected() =>
        Assert.NotNull(Funding.Handle(ActivePool(Pledge(1, 5_000)), Pay(100)).Rejection);

    [Fact]
    public void GivenReservation_WhenPaymentHasNoTransferId_ThenRejected() =>
        Assert.NotNull(Funding.Handle(ActivePool(Pledge(1, 5_000), new ContractFundsReserved(PoolId, Contract, 3_000, Shares((1, 3_000)), At)), Pay(100, transfer: " ")).Rejection);

    [Fact]
    public void GivenReleasedReservation_WhenPaymentRecorded_ThenRejected() =>
        Assert.NotNull(Funding.Handle(
            ActivePool(Pledge(1, 5_000), new ContractFundsReserved(PoolId, Contract, 100, Shares((1, 100)), At), new ContractReservationReleased(PoolId, Contract, 100, Shares((1, 100)), At)),
            Pay(100)).Rejection);

    private static Pool PaidPool(params object[] more) => ActivePool([
        Pledge(1, 6_000), Pledge(2, 4_000),
        new ContractFundsReserved(PoolId, Contract, 3_000, Shares((1, 1_800), (2, 1_200)), At),
        new ContractPaymentRecorded(PoolId, Contract, PaymentId, Invoice, "tr_1", 1_000, Shares((1, 600), (2, 400)), At),
        .. more]);

    private static ReverseContractPayment Reverse(long reversedInAll, string transfer = "tr_1") => new(PoolId, PaymentId, transfer, reversedInAll, At);

    [Fact]
    public void GivenAPayment_WhenPartOfItsTransferIsReversed_ThenThatMuchIsReservedAgainFromEachMemberInProportion()
    {
        var decision = Funding.Handle(PaidPool(), Reverse(500));

        Then.Events([new ContractPaymentReversed(PoolId, Contract, PaymentId, "tr_1", 500, Shares((1, 300), (2, 200)), At)], decision.Events);
        var after = PaidPool().Evolve(decision.Events[0]);
        LedgerInvariants.Assert(after);
        Assert.Equal((2_500L, 500L, 500L), (after.Reservations[Contract].Remaining, after.Reservations[Contract].Paid, after.Payments[PaymentId].Reversed));
    }

    [Fact]
    public void GivenAPartlyReversedPayment_WhenStripeSaysTheSameTotalAgain_ThenNothingNew() =>
        Assert.Empty(Funding.Handle(PaidPool(new ContractPaymentReversed(PoolId, Contract, PaymentId, "tr_1", 500, Shares((1, 300), (2, 200)), At)), Reverse(500)).Events);

    [Fact]
    public void GivenAPartlyReversedPayment_WhenTheRestIsReversed_ThenOnlyTheDifferenceSplitOverWhatEachStillHasPaid()
    {
        var pool = PaidPool(new ContractPaymentReversed(PoolId, Contract, PaymentId, "tr_1", 500, Shares((1, 300), (2, 200)), At));

        var decision = Funding.Handle(pool, Reverse(1_000));

        Then.Events([new ContractPaymentReversed(PoolId, Contract, PaymentId, "tr_1", 500, Shares((1, 300), (2, 200)), At)], decision.Events);
        Assert.Equal(0, pool.Evolve(decision.Events[0]).Payments[PaymentId].Shares.Values.Sum());
    }

    [Fact]
    public void GivenAReleasedReservation_WhenAPaymentOfItIsReversed_ThenTheContractHoldsTheMoneyAgainUntilReleased()
    {
        var pool = PaidPool(new ContractReservationReleased(PoolId, Contract, 2_000, Shares((1, 1_200), (2, 800)), At));

        var after = pool.Evolve(Funding.Handle(pool, Reverse(1_000)).Events.Single());

        LedgerInvariants.Assert(after);
        Assert.False(after.Reservations[Contract].Released);
        Assert.Equal((1_000L, 0L), (after.Reservations[Contract].Remaining, after.Reservations[Contract].Paid));
        Assert.Equal(9_000, after.Available); // what was released stays available; the reversed 1,000 is the contract's again
    }

    [Theory]
    [InlineData("tr_other")]
    public void GivenAnotherTransfer_WhenReversed_ThenRefused(string transfer) =>
        Assert.NotNull(Funding.Handle(PaidPool(), Reverse(100, transfer)).Rejection);
}
