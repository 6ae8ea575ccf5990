using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Commissioning.Api.Invoices;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.PooledFunds.Contracts;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>
/// Invoices end to end on PostgreSQL and RabbitMQ: the provider invoices a period, the pool confirms or disputes delivery,
/// a broker decides, PayInvoice goes to PooledFunds (the Partners bus) and its answers come back.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class InvoicesTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    private static string Status(JsonElement invoice) => invoice.GetProperty("status").GetString()!;

    private static string[] Steps(JsonElement invoice) =>
        invoice.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("step").GetString()!).ToArray();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private InvoicePaid Paid(PayInvoice order, string transferId) => new(
        order.PaymentId, order.InvoiceId, order.ContractId, order.PoolId, order.CouncilId, transferId, order.Amount, order.Currency, S.Service.Now);

    [Fact]
    public async Task GivenActiveContract_WhenInvoicedConfirmedAndPaid_ThenPayInvoiceGoesOnceAndTheInvoiceIsPaidWithItsTransfer()
    {
        Guid m1 = Guid.NewGuid(), m2 = Guid.NewGuid();
        var (poolId, callId, contractId, bid) = await S.ContractAsync([m1, m2]);
        var provider = S.As(Tokens.Provider(bid.ProviderId));

        var submitted = await provider.PostAsJsonAsync($"/api/contracts/{contractId}/invoices", Scenario.InvoiceRequest(1));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var invoice = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        var invoiceId = invoice.GetProperty("id").GetGuid();
        Assert.Equal($"/api/invoices/{invoiceId}", submitted.Headers.Location!.OriginalString);
        Assert.Equal(("submitted", 10_000L, 10_000L), (Status(invoice), invoice.GetProperty("amount").GetInt64(), invoice.GetProperty("scheduledAmount").GetInt64()));

        // One invoice per period: a second is a clear 409.
        var again = await ProblemAsync(await provider.PostAsJsonAsync($"/api/contracts/{contractId}/invoices", Scenario.InvoiceRequest(1)), HttpStatusCode.Conflict);
        Assert.Equal("The period is already invoiced", again.GetProperty("title").GetString());
        Assert.Contains(invoiceId.ToString(), again.GetProperty("detail").GetString());
        // More than the period's amount, or less without a reason, is a broken rule.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await provider.PostAsJsonAsync($"/api/contracts/{contractId}/invoices", Scenario.InvoiceRequest(2, 10_001))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await provider.PostAsJsonAsync($"/api/contracts/{contractId}/invoices", Scenario.InvoiceRequest(2, 9_000))).StatusCode);

        // A member confirms, with the ETag they read: approved, and PayInvoice goes out once with the invoice's payment id.
        var read = await S.As(Tokens.Member(m1)).GetAsync($"/api/invoices/{invoiceId}");
        var confirm = new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{invoiceId}/confirmation") { Content = JsonContent.Create(new { }) };
        confirm.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        var confirmed = await S.As(Tokens.Member(m1)).SendAsync(confirm);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var paying = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("paying", Status(paying));
        var paymentId = paying.GetProperty("paymentId").GetGuid();
        var order = await S.PayInvoiceAsync(invoiceId);
        await S.Service.OutboxDrainedAsync();
        Assert.Single(S.Partners.All<PayInvoice>(), p => p.InvoiceId == invoiceId);
        Assert.Equal((paymentId, contractId, poolId, Tokens.Council, bid.ProviderId, 1, 10_000L, "GBP", "INV-001"),
            (order.PaymentId, order.ContractId, order.PoolId, order.CouncilId, order.ProviderId, order.PeriodNumber, order.Amount, order.Currency, order.InvoiceReference));
        Assert.Equal(HttpStatusCode.Conflict, (await S.Broker.PostAsJsonAsync($"/api/invoices/{invoiceId}/confirmation", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await S.Broker.PostAsync($"/api/invoices/{invoiceId}/payment-retry", null)).StatusCode);

        // PooledFunds pays: paid with the transfer id and date; the same answer again (a new message id) changes nothing.
        var paid = Paid(order, "tr_1Ab2Cd3Ef");
        await S.AnswerAsync(paid);
        var view = await S.InvoiceViewAsync(invoiceId);
        Assert.Equal(("paid", "tr_1Ab2Cd3Ef"), (Status(view), view.GetProperty("transferId").GetString()));
        Assert.Equal(paid.PaidAt, view.GetProperty("paidAt").GetDateTimeOffset());
        var version = (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(invoiceId)))!.Version;
        await S.AnswerAsync(paid);
        await S.AnswerAsync(paid with { TransferId = "tr_other" });
        Assert.Equal(version, (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(invoiceId)))!.Version);
        Assert.Equal(1, await S.CountEventsAsync<ContractPaymentMade>(contractId));
        Assert.Equal("tr_1Ab2Cd3Ef", (await S.InvoiceViewAsync(invoiceId)).GetProperty("transferId").GetString());

        // Everyone concerned reads it; members appear as "a member", and only staff see which.
        Assert.Equal(["submitted", "confirmed", "approved", "paid"], Steps(view));
        var asProvider = await S.InvoiceViewAsync(invoiceId, Tokens.Provider(bid.ProviderId));
        var asMember = await S.InvoiceViewAsync(invoiceId, Tokens.Member(m2));
        foreach (var reader in new[] { asProvider, asMember })
        {
            Assert.Equal("paid", Status(reader));
            Assert.Equal("a member", reader.GetProperty("history")[1].GetProperty("by").GetString());
            Assert.DoesNotContain(m1.ToString(), reader.GetRawText());
        }

        Assert.Equal(m1, view.GetProperty("history")[1].GetProperty("memberId").GetGuid());
        var list = await S.As(Tokens.Member(m2)).GetFromJsonAsync<JsonElement>($"/api/contracts/{contractId}/invoices");
        Assert.Equal(invoiceId, Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());
        // The paid invoice still holds its period.
        Assert.Equal(HttpStatusCode.Conflict, (await provider.PostAsJsonAsync($"/api/contracts/{contractId}/invoices", Scenario.InvoiceRequest(1))).StatusCode);

        // Open contracting: an implementation release with the transaction, the council paying the provider, in pounds.
        var ocds = await Ocds.FetchValidAsync(S.As(null), $"/ocds/tenders/{callId}/releases");
        var release = JsonDocument.Parse(ocds).RootElement.GetProperty("releases").EnumerateArray()
            .Single(r => r.GetProperty("tag").EnumerateArray().Any(t => t.GetString() == "implementation"));
        var transaction = Assert.Single(release.GetProperty("contracts")[0].GetProperty("implementation").GetProperty("transactions").EnumerateArray());
        Assert.Equal("tr_1Ab2Cd3Ef", transaction.GetProperty("id").GetString());
        Assert.Equal(100m, transaction.GetProperty("value").GetProperty("amount").GetDecimal());
        Assert.Equal("GBP", transaction.GetProperty("value").GetProperty("currency").GetString());
        Assert.Equal(Tokens.Council, transaction.GetProperty("payer").GetProperty("id").GetString());
        Assert.Equal(bid.ProviderId.ToString(), transaction.GetProperty("payee").GetProperty("id").GetString());
        Assert.True(Uri.IsWellFormedUriString(transaction.GetProperty("source").GetString(), UriKind.Absolute));
        var parties = release.GetProperty("parties").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToArray());
        Assert.Contains("payer", parties[Tokens.Council]);
        Assert.Contains("payee", parties[bid.ProviderId.ToString()]);
        Assert.Contains("supplier", parties[bid.ProviderId.ToString()]);
        Assert.DoesNotContain("Twelve evening sessions", ocds); // what was delivered never leaves the service
        Assert.DoesNotContain(m1.ToString(), ocds);

        // A reversed transfer is recorded on the invoice and beside the payment in OCDS, not hidden.
        await S.AnswerAsync(new PaymentReversed(order.PaymentId, invoiceId, contractId, poolId, Tokens.Council, "tr_1Ab2Cd3Ef", 10_000, "GBP", S.Service.Now));
        var reversed = await S.InvoiceViewAsync(invoiceId, Tokens.Member(m1));
        Assert.Equal(("reversed", 10_000L), (Status(reversed), reversed.GetProperty("reversal").GetProperty("amount").GetInt64()));
        Assert.Equal("tr_1Ab2Cd3Ef", reversed.GetProperty("transferId").GetString());
        var afterReversal = await Ocds.FetchValidAsync(S.As(null), $"/ocds/tenders/{callId}/releases");
        var last = JsonDocument.Parse(afterReversal).RootElement.GetProperty("releases").EnumerateArray()
            .Last(r => r.GetProperty("tag").EnumerateArray().Any(t => t.GetString() == "implementation"));
        Assert.Equal([100m, -100m], last.GetProperty("contracts")[0].GetProperty("implementation").GetProperty("transactions").EnumerateArray()
            .Select(t => t.GetProperty("value").GetProperty("amount").GetDecimal()));
    }

    [Fact]
    public async Task GivenDisputedInvoice_WhenTheBrokerUpholdsIt_ThenThePeriodIsInvoicedAgainConfirmedAndPaid()
    {
        Guid m1 = Guid.NewGuid(), m2 = Guid.NewGuid();
        var (_, _, contractId, bid) = await S.ContractAsync([m1, m2]);
        var first = await S.InvoiceAsync(contractId, bid.ProviderId, 2);
        var representative = await S.RepresentativeAsync(m2);

        var disputed = await S.As(representative).PostAsJsonAsync($"/api/invoices/{first}/dispute", new { reason = "Only two of the sessions happened" });
        Assert.Equal(HttpStatusCode.OK, disputed.StatusCode);
        Assert.Equal("disputed", Status(await disputed.Content.ReadFromJsonAsync<JsonElement>()));
        // The payment is held: nobody can confirm until a broker decides.
        Assert.Equal("The invoice is disputed", (await ProblemAsync(
            await S.As(Tokens.Member(m1)).PostAsJsonAsync($"/api/invoices/{first}/confirmation", new { }), HttpStatusCode.Conflict)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await S.As(Tokens.Provider(bid.ProviderId)).PostAsJsonAsync($"/api/contracts/{contractId}/invoices", Scenario.InvoiceRequest(2))).StatusCode);

        var upheld = await S.Broker.PostAsJsonAsync($"/api/invoices/{first}/decision", new { outcome = "uphold", reason = "The register shows two sessions" });
        Assert.Equal(HttpStatusCode.OK, upheld.StatusCode);
        var rejected = await S.InvoiceViewAsync(first, Tokens.Provider(bid.ProviderId));
        Assert.Equal("rejected", Status(rejected));
        Assert.Equal(["submitted", "disputed", "dispute-upheld"], Steps(rejected));
        Assert.Equal("a representative of a member", rejected.GetProperty("history")[1].GetProperty("by").GetString());
        Assert.Equal("Only two of the sessions happened", rejected.GetProperty("history")[1].GetProperty("reason").GetString());
        Assert.Equal("The register shows two sessions", rejected.GetProperty("history")[2].GetProperty("reason").GetString());
        Assert.DoesNotContain(S.Partners.All<PayInvoice>(), p => p.InvoiceId == first);

        // The provider invoices the period again, for less with a reason; a broker confirms; it is paid.
        var second = await S.InvoiceAsync(contractId, bid.ProviderId, 2, 2_000, "Two sessions delivered");
        Assert.Equal(HttpStatusCode.OK, (await S.Broker.PostAsJsonAsync($"/api/invoices/{second}/confirmation", new { })).StatusCode);
        var order = await S.PayInvoiceAsync(second);
        Assert.Equal(2_000, order.Amount);
        await S.AnswerAsync(Paid(order, "tr_second"));
        var paid = await S.InvoiceViewAsync(second);
        Assert.Equal(("paid", "a broker"), (Status(paid), paid.GetProperty("history")[1].GetProperty("by").GetString()));
        var all = await S.Broker.GetFromJsonAsync<JsonElement>($"/api/contracts/{contractId}/invoices");
        Assert.Equal(["rejected", "paid"], all.EnumerateArray().Select(Status));
    }

    [Fact]
    public async Task GivenDisputedInvoice_WhenTheBrokerOverrulesIt_ThenPaymentGoesAhead()
    {
        Guid m1 = Guid.NewGuid();
        var (_, _, contractId, bid) = await S.ContractAsync([m1]);
        var invoiceId = await S.InvoiceAsync(contractId, bid.ProviderId, 4);
        Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(m1)).PostAsJsonAsync($"/api/invoices/{invoiceId}/dispute", new { reason = "Not sure" })).StatusCode);
        var overruled = await S.Broker.PostAsJsonAsync($"/api/invoices/{invoiceId}/decision", new { outcome = "overrule", reason = "The sessions were signed for" });
        Assert.Equal(HttpStatusCode.OK, overruled.StatusCode);
        var view = await overruled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("paying", Status(view));
        Assert.Equal(view.GetProperty("paymentId").GetGuid(), (await S.PayInvoiceAsync(invoiceId)).PaymentId);
        Assert.Equal(HttpStatusCode.Conflict, (await S.Broker.PostAsJsonAsync($"/api/invoices/{invoiceId}/decision", new { outcome = "uphold", reason = "Changed my mind" })).StatusCode);
    }

    [Fact]
    public async Task GivenFailedPayment_WhenTheBrokerRetries_ThenPayInvoiceGoesAgainWithTheSamePaymentIdAndIsPaid()
    {
        Guid m1 = Guid.NewGuid();
        var (_, _, contractId, bid) = await S.ContractAsync([m1]);
        var invoiceId = await S.InvoiceAsync(contractId, bid.ProviderId, 3);
        Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(m1)).PostAsJsonAsync($"/api/invoices/{invoiceId}/confirmation", new { })).StatusCode);
        var order = await S.PayInvoiceAsync(invoiceId);

        await S.AnswerAsync(new InvoicePaymentFailed(order.PaymentId, invoiceId, contractId, order.PoolId, Tokens.Council, "balance_insufficient", S.Service.Now));
        var failed = await S.InvoiceViewAsync(invoiceId, Tokens.Provider(bid.ProviderId));
        Assert.Equal(("failed", "balance_insufficient"), (Status(failed), failed.GetProperty("failureReason").GetString()));

        Assert.Equal(HttpStatusCode.Forbidden, (await S.As(Tokens.Member(m1)).PostAsync($"/api/invoices/{invoiceId}/payment-retry", null)).StatusCode);
        var retried = await S.Broker.PostAsync($"/api/invoices/{invoiceId}/payment-retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("paying", Status(await retried.Content.ReadFromJsonAsync<JsonElement>()));
        var again = await S.PayInvoiceAsync(invoiceId, 2);
        Assert.Equal(order.PaymentId, again.PaymentId);
        Assert.Equal(HttpStatusCode.Conflict, (await S.Broker.PostAsync($"/api/invoices/{invoiceId}/payment-retry", null)).StatusCode);

        await S.AnswerAsync(Paid(again, "tr_retry"));
        var paid = await S.InvoiceViewAsync(invoiceId);
        Assert.Equal(("paid", "tr_retry"), (Status(paid), paid.GetProperty("transferId").GetString()));
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("failureReason").ValueKind);
        Assert.Equal(["submitted", "confirmed", "approved", "payment-failed", "payment-retried", "paid"], Steps(paid));
        await S.Service.OutboxDrainedAsync();
        Assert.Equal(2, S.Partners.All<PayInvoice>().Count(p => p.InvoiceId == invoiceId));
    }

    [Fact]
    public async Task GivenOnePeriod_WhenTwoSubmissionsRace_ThenExactlyOneIsCreatedAndTheOtherIsAConflict()
    {
        var (_, _, contractId, bid) = await S.ContractAsync([Guid.NewGuid()]);
        for (var period = 5; period <= 8; period++)
        {
            var racers = Enumerable.Range(0, 2).Select(_ => S.As(Tokens.Provider(bid.ProviderId))).ToArray();
            using var start = new SemaphoreSlim(0);
            var p = period;
            var submissions = racers.Select(client => Task.Run(async () =>
            {
                await start.WaitAsync();
                return await client.PostAsJsonAsync($"/api/contracts/{contractId}/invoices", Scenario.InvoiceRequest(p));
            })).ToArray();
            start.Release(2);
            var answers = await Task.WhenAll(submissions);
            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            var loser = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
            Assert.Equal("The period is already invoiced", (await ProblemAsync(loser, HttpStatusCode.Conflict)).GetProperty("title").GetString());
        }

        var invoices = await S.Service.ReadAsync(q => Marten.QueryableExtensions.ToListAsync(q.Query<Invoice>().Where(i => i.ContractId == contractId)));
        Assert.Equal([5, 6, 7, 8], invoices.Select(i => i.PeriodNumber).Order());
    }

    [Fact]
    public async Task GivenSubmittedInvoice_WhenTheProviderWithdrawsIt_ThenThePeriodMayBeInvoicedAgainButNotOnceApproved()
    {
        Guid m1 = Guid.NewGuid();
        var (_, _, contractId, bid) = await S.ContractAsync([m1]);
        var provider = S.As(Tokens.Provider(bid.ProviderId));
        var first = await S.InvoiceAsync(contractId, bid.ProviderId, 6);
        var withdrawn = await provider.PostAsJsonAsync($"/api/invoices/{first}/withdrawal", new { reason = "Wrong reference" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", Status(await withdrawn.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.Conflict, (await S.As(Tokens.Member(m1)).PostAsJsonAsync($"/api/invoices/{first}/confirmation", new { })).StatusCode);

        var second = await S.InvoiceAsync(contractId, bid.ProviderId, 6);
        Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(m1)).PostAsJsonAsync($"/api/invoices/{second}/confirmation", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await provider.PostAsync($"/api/invoices/{second}/withdrawal", null)).StatusCode);

        // A stale If-Match is 412, and nothing changes.
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{second}/rejection") { Content = JsonContent.Create(new { reason = "r" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await S.Broker.SendAsync(stale)).StatusCode);
        Assert.Equal("paying", Status(await S.InvoiceViewAsync(second)));
    }

    [Fact]
    public async Task GivenEndedContract_WhenTheProviderInvoices_ThenConflict()
    {
        var (_, _, contractId, bid) = await S.ContractAsync([Guid.NewGuid()]);
        Assert.Equal(HttpStatusCode.OK, (await S.Broker.PostAsJsonAsync($"/api/contracts/{contractId}/end", new { reason = "Service closing" })).StatusCode);
        var refused = await ProblemAsync(
            await S.As(Tokens.Provider(bid.ProviderId)).PostAsJsonAsync($"/api/contracts/{contractId}/invoices", Scenario.InvoiceRequest(1)), HttpStatusCode.Conflict);
        Assert.Equal("The contract is not active", refused.GetProperty("title").GetString());
    }
}
