using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Testing;

namespace Brokerage.Scenarios.Tests;

/// <summary>
/// Issue 12: the money loop across the four services and the fake Stripe, every one an OS process: contract → invoice →
/// confirmation → payment → the ledger's paid figure (to the penny, per member) → the OCDS transaction; a dispute
/// upheld, the period invoiced again and paid; PooledFunds killed after Stripe made the transfer and before the payment
/// was recorded; and a reversal at Stripe reaching the ledger by a signed webhook.
/// </summary>
[Collection(BrokerageCollection.Name)]
public sealed class PaymentsAcrossServicesTests(Brokerage brokerage)
{
    private readonly Steps steps = new(brokerage);

    [Fact]
    public async Task GivenAnActiveContract_WhenTheProviderInvoicesAndAMemberConfirms_ThenThePoolPaysOnceAndEveryoneSeesIt()
    {
        var (pool, contract, provider, members) = await steps.ContractedAsync("Paid evenings");

        var invoice = await InvoiceAsync(contract, provider, period: 1, amount: 20_000);
        using (var member = brokerage.Commissioning.Client(Brokerage.MemberToken(members[0])))
        {
            await member.PostJson($"/api/invoices/{invoice}/confirmation", new { }).ExpectAsync(HttpStatusCode.OK);
        }

        var paid = await InvoiceInStatusAsync(invoice, "paid");
        var transfer = Assert.Single(await TransfersOfAsync(paid));
        Assert.Equal((20_000L, transfer.Id), (transfer.Amount, paid.GetProperty("transferId").GetString()));

        var ledger = await steps.LedgerAsync(pool);
        var payment = Assert.Single(ledger.GetProperty("payments").EnumerateArray());
        Assert.Equal((transfer.Id, 20_000L), (payment.GetProperty("transferId").GetString(), payment.GetProperty("amount").GetInt64()));
        Assert.Equal(20_000, ledger.GetProperty("totals").GetProperty("paid").GetInt64());
        // Two members reserved 120,000 each of the 240,000: the 20,000 is 10,000 from each.
        Assert.All(ledger.GetProperty("members").EnumerateArray(), m => Assert.Equal(10_000, m.GetProperty("paid").GetInt64()));

        using var anonymous = brokerage.Commissioning.Client();
        var releases = await anonymous.GetAsync($"/ocds/councils/{Brokerage.Council}/releases").ExpectAsync(HttpStatusCode.OK);
        var transaction = releases.GetProperty("releases").EnumerateArray()
            .Where(r => r.TryGetProperty("contracts", out _))
            .SelectMany(r => r.GetProperty("contracts").EnumerateArray())
            .Where(c => c.TryGetProperty("implementation", out _))
            .SelectMany(c => c.GetProperty("implementation").GetProperty("transactions").EnumerateArray())
            .Single(t => t.GetProperty("id").GetString() == transfer.Id);
        Assert.Equal(200m, transaction.GetProperty("value").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task GivenADisputedInvoice_WhenTheBrokerUpholdsItAndTheProviderInvoicesThePeriodAgain_ThenOnlyTheSecondIsPaid()
    {
        var (pool, contract, provider, members) = await steps.ContractedAsync("Disputed evenings");
        var first = await InvoiceAsync(contract, provider, period: 2, amount: 20_000);
        using (var member = brokerage.Commissioning.Client(Brokerage.MemberToken(members[1])))
        {
            await member.PostJson($"/api/invoices/{first}/dispute", new { reason = "No sessions happened in the second week" }).ExpectAsync(HttpStatusCode.OK);
        }

        using (var broker = steps.BrokerOf(brokerage.Commissioning))
        {
            await broker.PostJson($"/api/invoices/{first}/decision", new { outcome = "uphold", reason = "The register shows two weeks missed" }).ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Equal("rejected", (await InvoiceAsync(first)).GetProperty("status").GetString());
        var second = await InvoiceAsync(contract, provider, period: 2, amount: 15_000, reason: "Two weeks not delivered");
        using (var broker = steps.BrokerOf(brokerage.Commissioning))
        {
            await broker.PostJson($"/api/invoices/{second}/confirmation", new { }).ExpectAsync(HttpStatusCode.OK);
        }

        var paid = await InvoiceInStatusAsync(second, "paid");
        Assert.Single(await TransfersOfAsync(paid));
        Assert.Equal(15_000, (await steps.LedgerAsync(pool)).GetProperty("totals").GetProperty("paid").GetInt64());
    }

    [Fact]
    public async Task GivenPooledFundsKilledAfterStripeMadeTheTransfer_WhenItStartsAgain_ThenTheTransferIsRecordedOnceAndNotMadeTwice()
    {
        var (pool, contract, provider, members) = await steps.ContractedAsync("Killed evenings");
        var invoice = await InvoiceAsync(contract, provider, period: 3, amount: 20_000);
        // Stripe makes the transfer and then does not answer for a minute: PooledFunds waits for the answer, uncommitted.
        await brokerage.Stripe.Control.InjectFaultsAsync(Brokerage.StripeSecretKey, FakeStripeFault.DelayAfter(TimeSpan.FromSeconds(60)));
        try
        {
            using (var member = brokerage.Commissioning.Client(Brokerage.MemberToken(members[0])))
            {
                await member.PostJson($"/api/invoices/{invoice}/confirmation", new { }).ExpectAsync(HttpStatusCode.OK);
            }

            await Eventually.HoldsAsync(async () => (await TransfersForInvoiceAsync(invoice)).Count == 1, "Stripe to have made the transfer", Steps.MessageWait);
            await brokerage.PooledFunds.KillAsync(); // kill -9: the consume never committed, the message was never acknowledged
        }
        finally
        {
            await brokerage.Stripe.Control.ClearFaultsAsync();
        }

        await brokerage.PooledFunds.StartAsync();

        var paid = await InvoiceInStatusAsync(invoice, "paid");
        var transfer = Assert.Single(await TransfersForInvoiceAsync(invoice));
        Assert.Equal(transfer.Id, paid.GetProperty("transferId").GetString());
        var payments = (await steps.LedgerAsync(pool)).GetProperty("payments").EnumerateArray().ToList();
        Assert.Equal(transfer.Id, Assert.Single(payments).GetProperty("transferId").GetString());
    }

    [Fact]
    public async Task GivenAPaidInvoice_WhenStripeReversesTheTransfer_ThenTheSignedWebhookPutsTheMoneyBackInTheReservationAndTheInvoiceShowsIt()
    {
        var (pool, contract, provider, members) = await steps.ContractedAsync("Reversed evenings");
        var invoice = await InvoiceAsync(contract, provider, period: 1, amount: 20_000);
        using (var member = brokerage.Commissioning.Client(Brokerage.MemberToken(members[0])))
        {
            await member.PostJson($"/api/invoices/{invoice}/confirmation", new { }).ExpectAsync(HttpStatusCode.OK);
        }

        var paid = await InvoiceInStatusAsync(invoice, "paid");
        await brokerage.Stripe.Control.ReverseAsync(paid.GetProperty("transferId").GetString()!, 5_000);

        await Eventually.HoldsAsync(async () => (await steps.LedgerAsync(pool)).GetProperty("totals").GetProperty("paid").GetInt64() == 15_000,
            "the reversal to reach the ledger", Steps.MessageWait);
        var ledger = await steps.LedgerAsync(pool);
        Assert.Equal(240_000 - 15_000, ledger.GetProperty("totals").GetProperty("reserved").GetInt64());
        Assert.Equal(5_000, Assert.Single(ledger.GetProperty("payments").EnumerateArray()).GetProperty("reversed").GetInt64());
        await Eventually.HoldsAsync(async () => (await InvoiceAsync(invoice)).GetProperty("reversal").ValueKind == JsonValueKind.Object,
            "Commissioning to show the reversal on the invoice", Steps.MessageWait);
    }

    private async Task<Guid> InvoiceAsync(Guid contract, Guid provider, int period, long amount, string? reason = null)
    {
        using var client = brokerage.Commissioning.Client(Brokerage.ProviderToken(provider));
        var invoice = await client.PostJson($"/api/contracts/{contract}/invoices", new
        {
            periodNumber = period, amount, currency = "GBP", reason,
            delivered = "Weekly evening groups and the buddy scheme, as planned with members", reference = $"INV-{period}-{Guid.NewGuid():N}"[..20],
        }).ExpectAsync(HttpStatusCode.Created);
        return invoice.GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> InvoiceAsync(Guid invoice)
    {
        using var broker = steps.BrokerOf(brokerage.Commissioning);
        return await broker.GetAsync($"/api/invoices/{invoice}").ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<JsonElement> InvoiceInStatusAsync(Guid invoice, string status) => await Http.EventuallyAsync(async () =>
    {
        var view = await InvoiceAsync(invoice);
        return view.GetProperty("status").GetString() == status ? view : (JsonElement?)null;
    }, Steps.MessageWait, $"invoice {invoice} to be {status}");

    private async Task<IReadOnlyList<FakeStripeTransfer>> TransfersOfAsync(JsonElement invoice) =>
        await TransfersForInvoiceAsync(invoice.GetProperty("id").GetGuid());

    private async Task<IReadOnlyList<FakeStripeTransfer>> TransfersForInvoiceAsync(Guid invoice) =>
        (await brokerage.Stripe.Control.TransfersAsync(Brokerage.StripeSecretKey)).Where(t => t.Metadata.GetValueOrDefault("invoice_id") == invoice.ToString()).ToList();
}
