using System.Net;
using System.Text;
using System.Text.Json;
using Brokerage.PooledFunds.Contracts;
using Stripe;

namespace Brokerage.PooledFunds.Tests.Api;

/// <summary>
/// Stripe's events for a council's account: verified with the council's webhook signing secret (Stripe.net's
/// EventUtility) and handled once per event id. Here the test plays Stripe, signing events as Stripe does; the fake
/// Stripe sends the same events across processes in the scenario tests.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class StripeWebhookTests(PooledFundsService service)
{
    private const string Webhook = "/webhooks/stripe/lambeth";

    [Fact]
    public async Task GivenAPaidInvoice_WhenStripeReversesPartOfTheTransferTwiceOverAndDeliversTheEventTwice_ThenThePaidMoneyIsReservedAgainOnce()
    {
        var (pool, contract, payment) = await PaidAsync(amount: 1_000);

        var reversed = Event("transfer.reversed", Transfer(payment, pool, contract, amount: 1_000, amountReversed: 400));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(reversed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(reversed)).StatusCode); // Stripe delivers at least once

        var ledger = await service.LedgerAsync(pool);
        Assert.Equal(new FiguresDto(10_000, 7_000, 2_400, 600), ledger.Totals);
        var line = Assert.Single(ledger.Payments);
        Assert.Equal((1_000L, 400L), (line.Amount, line.Reversed));
        Assert.All(ledger.Members, m => Assert.Equal(m.Pledged, m.Available + m.Reserved + m.Paid));
        var told = await service.PublishedAsync<PaymentReversed>(m => m.PaymentId == payment.PaymentId, "PaymentReversed");
        Assert.Equal((payment.InvoiceId, "tr_" + payment.PaymentId.ToString("N"), 400L), (told.InvoiceId, told.TransferId, told.Amount));

        // Later the rest: a new event with the transfer's new total reversed records the difference.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Event("transfer.reversed", Transfer(payment, pool, contract, amount: 1_000, amountReversed: 1_000)))).StatusCode);
        Assert.Equal(new FiguresDto(10_000, 7_000, 3_000, 0), (await service.LedgerAsync(pool)).Totals);
        await service.PublishedAsync<PaymentReversed>(m => m.PaymentId == payment.PaymentId && m.Amount == 600, "the second PaymentReversed");
    }

    public static TheoryData<string, Func<string, string>> Refused => new()
    {
        { "forged: signed with another secret", body => EventUtility.GenerateSignatureHeader(body, "whsec_someone_else") },
        { "stale: signed 400 s ago", body => EventUtility.GenerateSignatureHeader(body, PooledFundsService.StripeWebhookSecret, DateTimeOffset.UtcNow.AddSeconds(-400).ToUnixTimeSeconds()) },
        { "unsigned", _ => "" },
        { "tampered: a signature over other bytes", body => EventUtility.GenerateSignatureHeader(body + " ", PooledFundsService.StripeWebhookSecret) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task GivenAReversalThatStripeDidNotSign_WhenPosted_ThenBadRequestAndNothingChanges(string how, Func<string, string> sign)
    {
        var (pool, contract, payment) = await PaidAsync(amount: 1_000);
        var body = Event("transfer.reversed", Transfer(payment, pool, contract, amount: 1_000, amountReversed: 1_000));

        var response = await PostAsync(body, sign(body));

        var problem = await response.AssertProblem(400);
        Assert.Equal(["Stripe-Signature"], problem.ErrorFields());
        Assert.True(new FiguresDto(10_000, 7_000, 2_000, 1_000) == (await service.LedgerAsync(pool)).Totals, how);
    }

    [Theory]
    [InlineData("{\"id\":\"evt_1\",\"object\":\"event\"")]
    [InlineData("[1, 2, 3]")]
    [InlineData("not json at all")]
    public async Task GivenAMalformedBody_WhenPostedWithAValidSignatureOverIt_ThenBadRequest(string body)
    {
        var response = await PostAsync(body);

        await response.AssertProblem(400);
    }

    [Fact]
    public async Task GivenACouncilWithoutAWebhookSecret_WhenAnEventArrives_ThenNotFound()
    {
        var body = Event("transfer.reversed", "{}");
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe/southwark") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", EventUtility.GenerateSignatureHeader(body, PooledFundsService.StripeWebhookSecret));

        await (await service.CreateClient().SendAsync(request)).AssertProblem(404);
    }

    /// <summary>An active pool with 10,000 pledged, 3,000 reserved for a contract and <paramref name="amount"/> of it paid.</summary>
    private async Task<(Guid Pool, Guid Contract, RecordPayment Payment)> PaidAsync(long amount)
    {
        var (pool, _) = await service.ActivePoolAsync(6_000, 4_000);
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(pool, contract, 3_000, "GBP"));
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");
        var paymentId = Guid.NewGuid();
        var payment = new RecordPayment(pool, contract, paymentId, Guid.NewGuid(), amount, "GBP", "tr_" + paymentId.ToString("N"));
        await service.Bus.Publish(payment);
        await service.PublishedAsync<PaymentRecorded>(m => m.PaymentId == paymentId, "PaymentRecorded");
        return (pool, contract, payment);
    }

    private Task<HttpResponseMessage> PostAsync(string body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Webhook) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? EventUtility.GenerateSignatureHeader(body, PooledFundsService.StripeWebhookSecret));
        return service.CreateClient().SendAsync(request);
    }

    private static string Transfer(RecordPayment payment, Guid pool, Guid contract, long amount, long amountReversed) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = payment.TransferId,
        ["object"] = "transfer",
        ["amount"] = amount,
        ["amount_reversed"] = amountReversed,
        ["currency"] = "gbp",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["destination"] = "acct_1ProviderTest",
        ["livemode"] = false,
        ["reversed"] = amountReversed == amount,
        ["metadata"] = new Dictionary<string, string>
        {
            ["payment_id"] = payment.PaymentId.ToString(),
            ["invoice_id"] = payment.InvoiceId.ToString(),
            ["contract_id"] = contract.ToString(),
            ["pool_id"] = pool.ToString(),
        },
    });

    private static string Event(string type, string dataObject) =>
        "{\"id\":\"evt_" + Guid.NewGuid().ToString("N") + "\",\"object\":\"event\",\"api_version\":\"" + StripeConfiguration.ApiVersion
        + "\",\"created\":" + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ",\"type\":\"" + type
        + "\",\"livemode\":false,\"pending_webhooks\":1,\"data\":{\"object\":" + dataObject + "}}";
}
