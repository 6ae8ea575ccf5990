using System.Net;
using System.Net.Http.Json;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ProviderOffers.Contracts;
using Brokerage.Testing;

namespace Brokerage.PooledFunds.Tests.Api;

/// <summary>
/// Paying an approved invoice, exactly once: PooledFunds against the fake Stripe as its own process. Commissioning's
/// PayInvoice is published on the broker as Commissioning publishes it.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class PaymentTests(PooledFundsService service)
{
    private FakeStripeControl Stripe => service.Stripe.Control;

    [Fact]
    public async Task GivenAnApprovedInvoice_WhenPayInvoiceIsDeliveredThreeTimes_ThenOneTransferOnePaymentToThePennyAndEachDeliveryAnswered()
    {
        var (pay, members) = await ApprovedAsync(amount: 1_001);

        for (var i = 0; i < 3; i++)
        {
            await service.Bus.Publish(pay); // three deliveries, three message ids: the payment id is the key
        }

        await PooledFundsService.EventuallyAsync(
            () => Task.FromResult(service.PublishedNow<InvoicePaid>(m => m.PaymentId == pay.PaymentId).Count == 3), "each delivery to be answered");
        var transfer = Assert.Single(await TransfersOfAsync(pay));
        Assert.Equal((1_001L, "acct_1PooledFundsTest", $"payment-{pay.PaymentId:N}-1"), (transfer.Amount, transfer.Destination, transfer.IdempotencyKey));
        Assert.Equal(pay.InvoiceId.ToString(), transfer.Metadata["invoice_id"]);
        Assert.All(service.PublishedNow<InvoicePaid>(m => m.PaymentId == pay.PaymentId), paid => Assert.Equal(transfer.Id, paid.TransferId));

        var ledger = await service.LedgerAsync(pay.PoolId);
        var payment = Assert.Single(ledger.Payments);
        Assert.Equal((pay.InvoiceId, transfer.Id, 1_001L), (payment.InvoiceId, payment.TransferId, payment.Amount));
        Assert.Equal(new FiguresDto(10_000, 7_000, 1_999, 1_001), ledger.Totals);
        // Attributed like the reservation (6,000 : 4,000 of 3,000 → 1,800 : 1,200): 1,001 → 601 and 400 by largest remainder.
        Assert.Equal([601L, 400L], members.Select(m => ledger.Members.Single(l => l.MemberId == m).Paid));
    }

    [Fact]
    public async Task GivenStripeAnswers500AndThenTimesOutTwice_WhenPaying_ThenTheRetriesUseOneKeyAndOneTransferIsPaid()
    {
        var (pay, _) = await ApprovedAsync(amount: 500);
        await Stripe.InjectFaultsAsync(PooledFundsService.StripeSecretKey,
            FakeStripeFault.Before(500), FakeStripeFault.DelayAfter(TimeSpan.FromSeconds(3)), FakeStripeFault.DelayAfter(TimeSpan.FromSeconds(3)));

        await service.Bus.Publish(pay);

        var paid = await service.PublishedAsync<InvoicePaid>(m => m.PaymentId == pay.PaymentId, "InvoicePaid");
        var transfer = Assert.Single(await TransfersOfAsync(pay));
        Assert.Equal(transfer.Id, paid.TransferId);
        Assert.Equal(500, Assert.Single((await service.LedgerAsync(pay.PoolId)).Payments).Amount);
        Assert.Empty(service.PublishedNow<InvoicePaymentFailed>(m => m.PaymentId == pay.PaymentId));
    }

    [Fact]
    public async Task GivenThePlatformBalanceIsShort_WhenPaying_ThenFailedWithStripesReasonNothingPaidAndALaterRetryPaysOnce()
    {
        var (pay, _) = await ApprovedAsync(amount: 2_000);
        await Stripe.SetBalanceAsync(PooledFundsService.StripeSecretKey, 1_999);
        try
        {
            await service.Bus.Publish(pay);

            var failed = await service.PublishedAsync<InvoicePaymentFailed>(m => m.PaymentId == pay.PaymentId, "InvoicePaymentFailed");
            Assert.Contains("insufficient", failed.Reason, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(await TransfersOfAsync(pay));
            Assert.Equal(new FiguresDto(10_000, 7_000, 3_000, 0), (await service.LedgerAsync(pay.PoolId)).Totals);
        }
        finally
        {
            await Stripe.SetBalanceAsync(PooledFundsService.StripeSecretKey, 100_000_000);
        }

        await service.Bus.Publish(pay); // the broker's retry: the same payment

        var paid = await service.PublishedAsync<InvoicePaid>(m => m.PaymentId == pay.PaymentId, "InvoicePaid");
        var transfer = Assert.Single(await TransfersOfAsync(pay));
        Assert.Equal((paid.TransferId, $"payment-{pay.PaymentId:N}-2"), (transfer.Id, transfer.IdempotencyKey)); // the refused key is Stripe's for good
        Assert.Single((await service.LedgerAsync(pay.PoolId)).Payments);
    }

    [Fact]
    public async Task GivenAnInvoiceAboveWhatIsReserved_WhenPaying_ThenFailedBeforeAnyMoneyMoves()
    {
        var (pay, _) = await ApprovedAsync(amount: 3_001);

        await service.Bus.Publish(pay);

        var failed = await service.PublishedAsync<InvoicePaymentFailed>(m => m.PaymentId == pay.PaymentId, "InvoicePaymentFailed");
        Assert.Contains("3000 pence reserved", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(await TransfersOfAsync(pay));
    }

    [Fact]
    public async Task GivenAProviderWithoutAConnectedAccount_WhenPaying_ThenTheBrokerIsToldWhy()
    {
        var (pay, _) = await ApprovedAsync(amount: 100, providerAccount: false);

        await service.Bus.Publish(pay);

        var failed = await service.PublishedAsync<InvoicePaymentFailed>(m => m.PaymentId == pay.PaymentId, "InvoicePaymentFailed");
        Assert.Contains("payment account", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(await TransfersOfAsync(pay));
    }

    [Fact]
    public async Task GivenACouncilWithoutPaymentKeys_WhenPaying_ThenTheBrokerIsToldWhyAndNothingMoves()
    {
        var (pool, _) = await service.ActivePoolInAsync(PooledFundsService.OtherCouncil, 6_000, 4_000);
        var (pay, _) = await ApprovedAsync(amount: 100, pool: pool, council: PooledFundsService.OtherCouncil);

        await service.Bus.Publish(pay);

        var failed = await service.PublishedAsync<InvoicePaymentFailed>(m => m.PaymentId == pay.PaymentId, "InvoicePaymentFailed");
        Assert.Contains("no payment-provider keys", failed.Reason, StringComparison.Ordinal);
        Assert.Empty((await service.LedgerAsync(pool, council: PooledFundsService.OtherCouncil)).Payments);
    }

    [Fact]
    public async Task GivenStripeStopsAnswering_WhenPaymentsFail_ThenReadinessIsDegradedUntilTheCircuitClosesAgain()
    {
        // Croydon's own account and circuit: Lambeth's payments in other tests neither trip it nor meet its faults.
        var (pool, _) = await service.ActivePoolInAsync(PooledFundsService.FailingCouncil, 6_000, 4_000);
        var (pay, _) = await ApprovedAsync(amount: 100, pool: pool, council: PooledFundsService.FailingCouncil);
        await Stripe.InjectFaultsAsync(PooledFundsService.FailingCouncilKey, Enumerable.Repeat(FakeStripeFault.Before(503), 8).ToArray());
        try
        {
            // Four attempts a payment (one and three retries); the eighth failure in a row opens the circuit.
            Assert.IsType<string>(await RetryAsync(pay));
            Assert.Contains("did not answer", service.PublishedNow<InvoicePaymentFailed>(m => m.PaymentId == pay.PaymentId).Last().Reason, StringComparison.Ordinal);
            Assert.IsType<string>(await RetryAsync(pay));
            Assert.Equal("Degraded", await ReadinessAsync());
            Assert.Empty(await TransfersOfAsync(pay));
        }
        finally
        {
            await Stripe.ClearFaultsAsync();
        }

        // Stripe answers again: once the circuit lets a trial through (after its break), the broker's retry pays, once.
        await PooledFundsService.EventuallyAsync(async () => await RetryAsync(pay) is InvoicePaid, "a retry to get through the circuit and pay");
        Assert.Equal("Healthy", await ReadinessAsync());
        Assert.Single(await TransfersOfAsync(pay));
    }

    /// <summary>Sends the payment again and waits for its answer (paid, or failed while the circuit is still open).</summary>
    private async Task<object> RetryAsync(PayInvoice pay)
    {
        int Answers() => service.PublishedNow<InvoicePaid>(m => m.PaymentId == pay.PaymentId).Count
                         + service.PublishedNow<InvoicePaymentFailed>(m => m.PaymentId == pay.PaymentId).Count;
        var before = Answers();
        await service.Bus.Publish(pay);
        await PooledFundsService.EventuallyAsync(() => Task.FromResult(Answers() > before), "the retry to be answered");
        return service.PublishedNow<InvoicePaid>(m => m.PaymentId == pay.PaymentId).FirstOrDefault() ?? (object)"still failing";
    }

    private async Task<string?> ReadinessAsync()
    {
        var report = await service.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/health/ready");
        return report.GetProperty("status").GetString();
    }

    /// <summary>
    /// An active pool (6,000 and 4,000 pledged) with 3,000 reserved for a contract, a provider whose connected account
    /// PooledFunds knows, and Commissioning's PayInvoice for <paramref name="amount"/> of one period.
    /// </summary>
    private async Task<(PayInvoice Pay, Guid[] Members)> ApprovedAsync(long amount, bool providerAccount = true, Guid? pool = null, string council = PooledFundsService.Council)
    {
        var members = Array.Empty<Guid>();
        if (pool is null)
        {
            (var created, members) = await service.ActivePoolAsync(6_000, 4_000);
            pool = created;
        }

        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(pool.Value, contract, 3_000, "GBP"));
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");
        var provider = Guid.NewGuid();
        if (providerAccount)
        {
            await service.Bus.Publish(new ProviderPaymentAccountRecorded(provider, "acct_1PooledFundsTest", DateTimeOffset.UtcNow));
            await PooledFundsService.EventuallyAsync(
                async () => await service.LoadAsync<Brokerage.PooledFunds.Api.Payments.ProviderPaymentAccount>(provider) is not null, "the provider's account to reach PooledFunds");
        }

        return (new PayInvoice(Guid.NewGuid(), Guid.NewGuid(), contract, pool.Value, council, provider, 1, amount, "GBP", "INV-0001", DateTimeOffset.UtcNow), members);
    }

    private async Task<IReadOnlyList<FakeStripeTransfer>> TransfersOfAsync(PayInvoice pay) =>
        (await Stripe.TransfersAsync()).Where(t => t.Metadata.GetValueOrDefault("payment_id") == pay.PaymentId.ToString()).ToList();
}
