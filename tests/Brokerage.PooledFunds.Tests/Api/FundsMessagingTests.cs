using System.Net;
using System.Net.Http.Json;
using Brokerage.Members.Contracts;
using Brokerage.PooledFunds.Contracts;

namespace Brokerage.PooledFunds.Tests.Api;

/// <summary>Commissioning's commands arriving over the real broker, and PooledFunds' answers observed on the same vhost.</summary>
[Collection(ServiceCollection.Name)]
public sealed class FundsMessagingTests(PooledFundsService service)
{
    private Task<(Guid Pool, Guid[] Members)> ActivePoolAsync(params long[] pledges) => service.ActivePoolAsync(pledges);

    [Fact]
    public async Task GivenAnActivePool_WhenAnAwardReservesFunds_ThenFundsReservedAttributedToMembersByLargestRemainderAndARepeatAnswersTheSame()
    {
        var (poolId, members) = await ActivePoolAsync(6_000, 4_000);
        var contract = Guid.NewGuid();

        await service.Bus.Publish(new ReserveFunds(poolId, contract, 5_001, "GBP"));
        var reserved = await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");

        Assert.Equal(5_001, reserved.Amount);
        var ledger = await service.LedgerAsync(poolId);
        Assert.Equal(new FiguresDto(10_000, 4_999, 5_001, 0), ledger.Totals);
        Assert.Equal(3_001, ledger.Members.Single(m => m.MemberId == members[0]).Reserved); // 3000.6 → 3000 + the spare penny
        Assert.Equal(2_000, ledger.Members.Single(m => m.MemberId == members[1]).Reserved); // 2000.4 → 2000

        await service.Bus.Publish(new ReserveFunds(poolId, contract, 5_001, "GBP"));
        await PooledFundsService.EventuallyAsync(
            () => Task.FromResult(service.PublishedNow<FundsReserved>(m => m.ContractId == contract).Count == 2), "the repeat to be answered");
        Assert.Equal(ledger.Totals, (await service.LedgerAsync(poolId)).Totals);
        Assert.Single((await service.LedgerAsync(poolId)).Reservations);
    }

    [Fact]
    public async Task GivenLessAvailableThanTheAward_WhenFundsAreReserved_ThenRejectedWithTheReasonAndNothingReserved()
    {
        var (poolId, _) = await ActivePoolAsync(7_000, 5_000);
        var contract = Guid.NewGuid();

        await service.Bus.Publish(new ReserveFunds(poolId, contract, 15_000, "GBP"));
        var rejected = await service.PublishedAsync<FundsReservationRejected>(m => m.ContractId == contract, "FundsReservationRejected");

        Assert.Equal("The pool has 12000 pence available; the award needs 15000.", rejected.Reason);
        Assert.Equal(new FiguresDto(12_000, 12_000, 0, 0), (await service.LedgerAsync(poolId)).Totals);

        await service.Bus.Publish(new ReserveFunds(poolId, contract, 15_000, "GBP"));
        await PooledFundsService.EventuallyAsync(
            () => Task.FromResult(service.PublishedNow<FundsReservationRejected>(m => m.ContractId == contract && m.Reason == rejected.Reason).Count == 2),
            "the repeat to be answered with the same reason");
    }

    [Fact]
    public async Task GivenAnUnknownPool_WhenFundsAreReserved_ThenRejected()
    {
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(Guid.NewGuid(), contract, 100, "GBP"));
        Assert.Equal("The pool does not exist.", (await service.PublishedAsync<FundsReservationRejected>(m => m.ContractId == contract, "rejection")).Reason);
    }

    [Fact]
    public async Task GivenAReservation_WhenTheSamePaymentIsRecordedTwice_ThenItIsOnePaymentThatTracesToContractInvoiceAndTransfer()
    {
        var (poolId, _) = await ActivePoolAsync(6_000, 4_000);
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(poolId, contract, 3_000, "GBP"));
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");
        var payment = new RecordPayment(poolId, contract, Guid.NewGuid(), Guid.NewGuid(), 1_000, "GBP", "tr_1Nv0FGQ9RKHgCVdK");

        await service.Bus.Publish(payment);
        await service.Bus.Publish(payment); // a second delivery with another message id: the payment id is the business key
        await PooledFundsService.EventuallyAsync(
            () => Task.FromResult(service.PublishedNow<PaymentRecorded>(m => m.PaymentId == payment.PaymentId).Count == 2), "both deliveries to be answered");

        var ledger = await service.LedgerAsync(poolId);
        Assert.Equal(new FiguresDto(10_000, 7_000, 2_000, 1_000), ledger.Totals);
        var line = Assert.Single(ledger.Payments);
        Assert.Equal((contract, payment.InvoiceId, "tr_1Nv0FGQ9RKHgCVdK", 1_000L), (line.ContractId, line.InvoiceId, line.TransferId, line.Amount));
        Assert.All(ledger.Members, m => Assert.Equal(m.Pledged, m.Available + m.Reserved + m.Paid));
    }

    [Fact]
    public async Task GivenAReservation_WhenAPaymentExceedsIt_ThenPaymentRejectedAndNothingRecorded()
    {
        var (poolId, _) = await ActivePoolAsync(5_000);
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(poolId, contract, 1_000, "GBP"));
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");
        var payment = new RecordPayment(poolId, contract, Guid.NewGuid(), Guid.NewGuid(), 1_001, "GBP", "tr_x");

        await service.Bus.Publish(payment);
        var rejected = await service.PublishedAsync<PaymentRejected>(m => m.PaymentId == payment.PaymentId, "PaymentRejected");

        Assert.Equal("The contract has 1000 pence reserved; the payment is 1001.", rejected.Reason);
        Assert.Empty((await service.LedgerAsync(poolId)).Payments);
    }

    [Fact]
    public async Task GivenAReservation_WhenVariationsRaiseThenLowerTheContract_ThenTheLedgerFollowsAndAnUnaffordableRaiseChangesNothing()
    {
        var (poolId, members) = await ActivePoolAsync(6_000, 4_000);
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(poolId, contract, 5_000, "GBP"));
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");

        var raise = new AdjustReservation(poolId, contract, Guid.NewGuid(), 8_000, "GBP");
        await service.Bus.Publish(raise);
        var raised = await service.PublishedAsync<ReservationAdjusted>(m => m.AdjustmentId == raise.AdjustmentId, "ReservationAdjusted (raise)");
        Assert.Equal((8_000L, 8_000L), (raised.Amount, raised.Reserved));
        var ledger = await service.LedgerAsync(poolId);
        Assert.Equal(new FiguresDto(10_000, 2_000, 8_000, 0), ledger.Totals);
        Assert.Equal(8_000, Assert.Single(ledger.Reservations).Amount);
        Assert.Equal((4_800, 3_200), (ledger.Members.Single(m => m.MemberId == members[0]).Reserved, ledger.Members.Single(m => m.MemberId == members[1]).Reserved));

        var tooMuch = new AdjustReservation(poolId, contract, Guid.NewGuid(), 10_001, "GBP");
        await service.Bus.Publish(tooMuch);
        var refused = await service.PublishedAsync<ReservationAdjustmentRejected>(m => m.AdjustmentId == tooMuch.AdjustmentId, "ReservationAdjustmentRejected");
        Assert.Equal("The pool has 2000 pence available; the variation needs 2001 more.", refused.Reason);
        Assert.Equal(ledger.Totals, (await service.LedgerAsync(poolId)).Totals);

        var lower = new AdjustReservation(poolId, contract, Guid.NewGuid(), 3_000, "GBP");
        await service.Bus.Publish(lower);
        await service.Bus.Publish(lower); // a second delivery: the adjustment id is the business key
        await PooledFundsService.EventuallyAsync(
            () => Task.FromResult(service.PublishedNow<ReservationAdjusted>(m => m.AdjustmentId == lower.AdjustmentId).Count == 2), "both deliveries answered");
        Assert.All(service.PublishedNow<ReservationAdjusted>(m => m.AdjustmentId == lower.AdjustmentId), m => Assert.Equal((3_000L, 3_000L), (m.Amount, m.Reserved)));
        ledger = await service.LedgerAsync(poolId);
        Assert.Equal(new FiguresDto(10_000, 7_000, 3_000, 0), ledger.Totals);
        Assert.All(ledger.Members, m => Assert.Equal(m.Pledged, m.Available + m.Reserved + m.Paid));
    }

    [Fact]
    public async Task GivenANoticeBelowTheReservation_WhenTheReservationIsReleased_ThenThePledgeDropsToTheNoticedAmount()
    {
        var (poolId, members) = await ActivePoolAsync(5_000);
        var member = members[0];
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(poolId, contract, 4_000, "GBP"));
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");

        var lowered = await service.Member(member).PutAsJsonAsync($"/api/pools/{poolId}/pledges/{member}", new { amount = 2_000, currency = "GBP" });
        await lowered.EnsureStatus(HttpStatusCode.OK);
        var pledge = (await lowered.Content.ReadFromJsonAsync<PledgeDto>())!;
        Assert.Equal(5_000, pledge.Amount); // nothing changes yet…
        Assert.Equal(2_000, pledge.Notice!.Amount); // …notice is recorded

        await service.Bus.Publish(new ReleaseReservation(poolId, contract));
        var released = await service.PublishedAsync<ReservationReleased>(m => m.ContractId == contract, "ReservationReleased");

        Assert.Equal(4_000, released.Amount);
        await service.PublishedAsync<MemberPledgesChanged>(m => m.MemberId == member && m.Pledged == 2_000, "the lower pledge announced");
        var inPool = await service.PublishedAsync<PoolPledgeChanged>(
            m => m.PoolId == poolId && m.MemberId == member && m.LivePledged == 2_000, "the notice taking effect announced for the pool");
        Assert.Equal((await service.FetchStreamStateAsync(poolId))!.Version, inPool.Version);
        var view = (await service.MemberViewAsync(member))!;
        Assert.Equal(8_000, view.Budget(2026, FundingStreams.SocialCare).Headroom);
        var line = view.Pledges.Single(p => p.PoolId == poolId).Pledge;
        Assert.Equal(2_000, line.Amount);
        Assert.Null(line.Notice);
        Assert.Equal(new FiguresDto(2_000, 2_000, 0, 0), (await service.LedgerAsync(poolId)).Totals);
    }

    [Fact]
    public async Task GivenAWithdrawalNoticeAndAPartPaidReservation_WhenReleased_ThenTheMemberLeavesKeepingOnlyWhatWasPaid()
    {
        var (poolId, members) = await ActivePoolAsync(5_000);
        var member = members[0];
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(poolId, contract, 3_000, "GBP"));
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");
        var payment = new RecordPayment(poolId, contract, Guid.NewGuid(), Guid.NewGuid(), 1_200, "GBP", "tr_partial");
        await service.Bus.Publish(payment);
        await service.PublishedAsync<PaymentRecorded>(m => m.PaymentId == payment.PaymentId, "PaymentRecorded");

        var withdrawn = await service.Member(member).DeleteAsync($"/api/pools/{poolId}/pledges/{member}");
        await withdrawn.EnsureStatus(HttpStatusCode.Accepted); // notice, as 1800 is still reserved

        await service.Bus.Publish(new ReleaseReservation(poolId, contract));
        Assert.Equal(1_800, (await service.PublishedAsync<ReservationReleased>(m => m.ContractId == contract, "ReservationReleased")).Amount);
        await service.PublishedAsync<PoolMemberLeft>(m => m.PoolId == poolId && m.MemberId == member, "PoolMemberLeft");
        await service.PublishedAsync<PoolPledgeChanged>(
            m => m.PoolId == poolId && m.MemberId == member && m.LivePledged == 0, "nothing live left in the pool (the paid part is not live)");

        var ledger = await service.LedgerAsync(poolId);
        Assert.Equal(new FiguresDto(1_200, 0, 0, 1_200), ledger.Totals);
        Assert.Equal("withdrawn", ledger.Members.Single().Status);
        Assert.Equal(8_800, (await service.MemberViewAsync(member))!.Budget(2026, FundingStreams.SocialCare).Headroom);
    }
}
