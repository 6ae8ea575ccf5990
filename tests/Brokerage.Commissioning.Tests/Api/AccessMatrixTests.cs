using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Contracts;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>Every endpoint with every role: member (self / not in the pool / other council), representative (for / not for),
/// broker (own / other council), council-admin, provider (the contracted one / another), and no token.</summary>
[Collection(ServiceCollection.Name)]
public sealed class AccessMatrixTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    private sealed record Case(string Endpoint, string Who, Func<HttpClient, Task<HttpResponseMessage>> Call, HttpStatusCode Expected);

    [Fact]
    public async Task GivenEveryRole_WhenCallingEveryEndpoint_ThenOnlyThoseAllowedGetThrough()
    {
        // The world: a pool with members m1, m2; a need; a call in evaluation; a draft call; a contract.
        Guid m1 = Guid.NewGuid(), m2 = Guid.NewGuid(), outsider = Guid.NewGuid();
        var bid = Scenario.Bid("Loughborough Lifts", 400_000);
        var (poolId, callId) = await S.EvaluatingCallAsync([m1, m2], [bid]);
        var needId = (await S.CallAsync(callId))!.NeedId;
        var contracted = Scenario.Bid("Myatts Field Meals", 300_000);
        var (_, contractedCall) = await S.EvaluatingCallAsync([m1, m2], [contracted]);
        await S.ScoreAsync(contractedCall, contracted.BidId, 70);
        S.PassVotingWindow((await S.CallAsync(contractedCall))!);
        Assert.Equal(HttpStatusCode.Accepted, (await S.AwardAsync(contractedCall)).StatusCode);
        await S.WaitForStatusAsync(contractedCall, CallStatus.Standstill);
        S.Service.Clock.Advance(TimeSpan.FromDays(11));
        await S.WaitForStatusAsync(contractedCall, CallStatus.Contracted);
        var contractId = (await S.CallAsync(contractedCall))!.CurrentContractId!.Value;
        // The voting window of the first call is still open: it was opened after the clock moved? Re-open one for votes.
        var voteBid = Scenario.Bid("Vote Target", 200_000);
        var (_, votingCall) = await S.EvaluatingCallAsync([m1, m2], [voteBid]);

        var who = new Dictionary<string, string?>
        {
            ["member self"] = Tokens.Member(m1),
            ["member not in pool"] = Tokens.Member(outsider),
            ["member other council"] = Tokens.Member(m1, Tokens.OtherCouncil),
            ["representative for"] = await S.RepresentativeAsync(m1, m2),
            ["representative not for"] = await S.RepresentativeAsync(outsider),
            ["representative, appointment ended"] = await S.EndedRepresentativeAsync(m1),
            ["representative, never appointed"] = Scenario.NeverAppointedRepresentative(m1),
            ["broker own council"] = Tokens.Broker(),
            ["broker other council"] = Tokens.Broker(Tokens.OtherCouncil),
            ["council-admin"] = Tokens.CouncilAdmin(),
            ["provider (contracted)"] = Tokens.Provider(contracted.ProviderId),
            ["provider (other)"] = Tokens.Provider(Guid.NewGuid()),
            ["no token"] = null,
        };

        HttpStatusCode Ok = HttpStatusCode.OK, Forbidden = HttpStatusCode.Forbidden, NotFound = HttpStatusCode.NotFound,
            Unauthorized = HttpStatusCode.Unauthorized, Created = HttpStatusCode.Created, Conflict = HttpStatusCode.Conflict,
            Accepted = HttpStatusCode.Accepted;
        var cases = new List<Case>();
        void Row(string endpoint, Func<HttpClient, Task<HttpResponseMessage>> call, params (string Who, HttpStatusCode Status)[] expected)
        {
            // A representative whose token names m1 but whom Members has not appointed (any more) acts for no one here:
            // refused (403) wherever a sign-in is needed; on the public endpoints (OCDS, the dev clock) the row says so itself.
            (string, HttpStatusCode)[] unappointed = [("representative, appointment ended", Forbidden), ("representative, never appointed", Forbidden)];
            var rows = expected.Any(e => e.Who.StartsWith("representative,", StringComparison.Ordinal)) ? expected : [.. expected, .. unappointed];
            Assert.Equal(who.Count, rows.Length);
            cases.AddRange(rows.Select(e => new Case(endpoint, e.Who, call, e.Status)));
        }

        async Task<Guid> Draft() => await S.DraftAsync(needId);

        Row("POST /api/pools/{id}/needs", c => c.PostAsJsonAsync($"/api/pools/{poolId}/needs", new { memberId = (Guid?)null, title = "T", description = "D" }),
            ("member self", Created), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Forbidden), ("broker other council", Forbidden), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/pools/{id}/needs (for m2)", c => c.PostAsJsonAsync($"/api/pools/{poolId}/needs", new { memberId = m2, title = "T", description = "D" }),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Created),
            ("representative not for", Forbidden), ("broker own council", Forbidden), ("broker other council", Forbidden), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/needs/{id}/support", c => c.PostAsJsonAsync($"/api/needs/{needId}/support", new { memberId = (Guid?)null }),
            ("member self", Conflict), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Forbidden), ("broker other council", Forbidden), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("GET /api/pools/{id}/needs", c => c.GetAsync($"/api/pools/{poolId}/needs"),
            ("member self", Ok), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Ok),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Ok),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("GET /api/needs/{id}", c => c.GetAsync($"/api/needs/{needId}"),
            ("member self", Ok), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Ok),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Ok),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/calls", c => c.PostAsJsonAsync("/api/calls", S.CallRequest(needId)),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Created), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        // Lists answer what the caller may read (CallListTests, NeedsTests check which): an empty page is still 200.
        Row("GET /api/needs", c => c.GetAsync("/api/needs"),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", Ok), ("council-admin", Ok),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("GET /api/calls", c => c.GetAsync("/api/calls"),
            ("member self", Ok), ("member not in pool", Ok), ("member other council", Ok), ("representative for", Ok),
            ("representative not for", Ok), ("broker own council", Ok), ("broker other council", Ok), ("council-admin", Ok),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("GET /api/calls?poolId=", c => c.GetAsync($"/api/calls?poolId={poolId}"),
            ("member self", Ok), ("member not in pool", Ok), ("member other council", Ok), ("representative for", Ok),
            ("representative not for", Ok), ("broker own council", Ok), ("broker other council", Ok), ("council-admin", Ok),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("GET /api/calls/{id}", c => c.GetAsync($"/api/calls/{callId}"),
            ("member self", Ok), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Ok),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Ok),
            ("provider (contracted)", Ok), ("provider (other)", Ok), ("no token", Unauthorized));
        var draftForReads = await Draft();
        Row("GET /api/calls/{draft}", c => c.GetAsync($"/api/calls/{draftForReads}"),
            ("member self", NotFound), ("member not in pool", NotFound), ("member other council", NotFound), ("representative for", NotFound),
            ("representative not for", NotFound), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Ok),
            ("provider (contracted)", NotFound), ("provider (other)", NotFound), ("no token", Unauthorized));
        Row("GET /api/calls/{draft}/evaluation", c => c.GetAsync($"/api/calls/{draftForReads}/evaluation"),
            ("member self", NotFound), ("member not in pool", NotFound), ("member other council", NotFound), ("representative for", NotFound),
            ("representative not for", NotFound), ("broker own council", Conflict), ("broker other council", NotFound), ("council-admin", Conflict),
            ("provider (contracted)", NotFound), ("provider (other)", NotFound), ("no token", Unauthorized));
        Row("PUT /api/calls/{draft}", async c => await c.PutAsJsonAsync($"/api/calls/{await Draft()}", S.CallRequest(needId, price: 50, quality: 25, vote: 25)),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("PUT /api/calls/{id} (published)", c => c.PutAsJsonAsync($"/api/calls/{callId}", S.CallRequest(needId)),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Conflict), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/calls/{id}/publish", async c => await c.PostAsync($"/api/calls/{await Draft()}/publish", null),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/calls/{id}/cancel", async c => await c.PostAsJsonAsync($"/api/calls/{await Draft()}/cancel", new { reason = "No longer needed" }),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("GET /api/calls/{id}/evaluation", c => c.GetAsync($"/api/calls/{callId}/evaluation"),
            ("member self", Ok), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Ok),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Ok),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("PUT /api/calls/{id}/bids/{bid}/quality", c => c.PutAsJsonAsync($"/api/calls/{callId}/bids/{bid.BidId}/quality", new { score = 55, reason = "Fine" }),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", HttpStatusCode.NoContent), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/calls/{id}/votes", c => c.PostAsJsonAsync($"/api/calls/{votingCall}/votes", new { memberId = (Guid?)null, bidId = voteBid.BidId }),
            ("member self", Created), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Forbidden), ("broker other council", Forbidden), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/calls/{id}/votes (for m2)", c => c.PostAsJsonAsync($"/api/calls/{votingCall}/votes", new { memberId = m2, bidId = voteBid.BidId }),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Created),
            ("representative not for", Forbidden), ("broker own council", Forbidden), ("broker other council", Forbidden), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/calls/{id}/award", c => c.PostAsJsonAsync($"/api/calls/{votingCall}/award", new { bidId = (Guid?)null }),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Conflict), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("GET /api/contracts/{id}", c => c.GetAsync($"/api/contracts/{contractId}"),
            ("member self", Ok), ("member not in pool", NotFound), ("member other council", NotFound), ("representative for", Ok),
            ("representative not for", NotFound), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Ok),
            ("provider (contracted)", Ok), ("provider (other)", NotFound), ("no token", Unauthorized));
        // Invoices of the contract: one to read, one whose payment failed (for the retry), and fresh ones per call where a
        // call may move an invoice on; a fresh invoice still submitted or disputed afterwards is withdrawn, freeing its period.
        var contractedProvider = S.As(Tokens.Provider(contracted.ProviderId));
        var readInvoice = await S.InvoiceAsync(contractId, contracted.ProviderId, 11);
        var failedInvoice = await S.InvoiceAsync(contractId, contracted.ProviderId, 10);
        Assert.Equal(HttpStatusCode.OK, (await S.Broker.PostAsJsonAsync($"/api/invoices/{failedInvoice}/confirmation", new { })).StatusCode);
        var failedOrder = await S.PayInvoiceAsync(failedInvoice);
        await S.AnswerAsync(new Brokerage.PooledFunds.Contracts.InvoicePaymentFailed(
            failedOrder.PaymentId, failedInvoice, contractId, failedOrder.PoolId, Tokens.Council, "no connected account", DateTimeOffset.UtcNow));
        var freePeriods = new Stack<int>(Enumerable.Range(1, 9).Reverse());
        async Task<HttpResponseMessage> OnFresh(Func<Guid, Task<HttpResponseMessage>> call, bool disputed = false)
        {
            var period = freePeriods.Pop();
            var invoice = await S.InvoiceAsync(contractId, contracted.ProviderId, period);
            if (disputed)
            {
                Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(m2)).PostAsJsonAsync($"/api/invoices/{invoice}/dispute", new { reason = "Not delivered" })).StatusCode);
            }

            var response = await call(invoice);
            var status = (await S.InvoiceViewAsync(invoice)).GetProperty("status").GetString();
            if (status is "submitted" or "disputed")
            {
                Assert.Equal(HttpStatusCode.OK, (await contractedProvider.PostAsync($"/api/invoices/{invoice}/withdrawal", null)).StatusCode);
            }

            if (status is "submitted" or "disputed" or "withdrawn" or "rejected")
            {
                freePeriods.Push(period);
            }

            return response;
        }

        Row("POST /api/contracts/{id}/invoices", c => c.PostAsJsonAsync($"/api/contracts/{contractId}/invoices", Scenario.InvoiceRequest(12, 25_000)),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Forbidden), ("broker other council", Forbidden), ("council-admin", Forbidden),
            ("provider (contracted)", Created), ("provider (other)", NotFound), ("no token", Unauthorized));
        Row("GET /api/contracts/{id}/invoices", c => c.GetAsync($"/api/contracts/{contractId}/invoices"),
            ("member self", Ok), ("member not in pool", NotFound), ("member other council", NotFound), ("representative for", Ok),
            ("representative not for", NotFound), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Ok),
            ("provider (contracted)", Ok), ("provider (other)", NotFound), ("no token", Unauthorized));
        Row("GET /api/invoices/{id}", c => c.GetAsync($"/api/invoices/{readInvoice}"),
            ("member self", Ok), ("member not in pool", NotFound), ("member other council", NotFound), ("representative for", Ok),
            ("representative not for", NotFound), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Ok),
            ("provider (contracted)", Ok), ("provider (other)", NotFound), ("no token", Unauthorized));
        Row("POST /api/invoices/{id}/withdrawal", c => OnFresh(invoice => c.PostAsJsonAsync($"/api/invoices/{invoice}/withdrawal", new { reason = "Wrong period" })),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Forbidden), ("broker other council", Forbidden), ("council-admin", Forbidden),
            ("provider (contracted)", Ok), ("provider (other)", NotFound), ("no token", Unauthorized));
        Row("POST /api/invoices/{id}/confirmation", c => OnFresh(invoice => c.PostAsJsonAsync($"/api/invoices/{invoice}/confirmation", new { memberId = m1 })),
            ("member self", Ok), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Ok),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", NotFound), ("no token", Unauthorized));
        Row("POST /api/invoices/{id}/dispute", c => OnFresh(invoice => c.PostAsJsonAsync($"/api/invoices/{invoice}/dispute", new { memberId = m1, reason = "Sessions missed" })),
            ("member self", Ok), ("member not in pool", Forbidden), ("member other council", NotFound), ("representative for", Ok),
            ("representative not for", Forbidden), ("broker own council", Forbidden), ("broker other council", Forbidden), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/invoices/{id}/decision", c => OnFresh(invoice => c.PostAsJsonAsync($"/api/invoices/{invoice}/decision", new { outcome = "uphold", reason = "Missed" }), disputed: true),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/invoices/{id}/rejection", c => OnFresh(invoice => c.PostAsJsonAsync($"/api/invoices/{invoice}/rejection", new { reason = "Duplicate" })),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/invoices/{id}/payment-retry", c => c.PostAsync($"/api/invoices/{failedInvoice}/payment-retry", null),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/contracts/{id}/variations", c => c.PostAsJsonAsync($"/api/contracts/{contractId}/variations", new { annualAmount = 310_000, currency = "GBP", reason = "Inflation" }),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Accepted), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("POST /api/contracts/{id}/end", c => c.PostAsJsonAsync($"/api/contracts/{contractId}/end", new { reason = "Provider closing" }),
            ("member self", Forbidden), ("member not in pool", Forbidden), ("member other council", Forbidden), ("representative for", Forbidden),
            ("representative not for", Forbidden), ("broker own council", Ok), ("broker other council", NotFound), ("council-admin", Forbidden),
            ("provider (contracted)", Forbidden), ("provider (other)", Forbidden), ("no token", Unauthorized));
        Row("GET /ocds/releases", c => c.GetAsync("/ocds/releases"), who.Keys.Select(k => (k, Ok)).ToArray());
        Row("GET /ocds/councils/{council}/releases", c => c.GetAsync($"/ocds/councils/{Tokens.Council}/releases?pageSize=2"), who.Keys.Select(k => (k, Ok)).ToArray());
        Row("GET /ocds/tenders/{id}/releases", c => c.GetAsync($"/ocds/tenders/{callId}/releases"), who.Keys.Select(k => (k, Ok)).ToArray());
        Row("POST /dev/clock (Development)", c => c.PostAsJsonAsync("/dev/clock", new { advanceSeconds = 0 }), who.Keys.Select(k => (k, Ok)).ToArray());

        var failures = new List<string>();
        foreach (var c in cases)
        {
            var response = await c.Call(S.As(who[c.Who]));
            if (response.StatusCode != c.Expected)
            {
                failures.Add($"{c.Endpoint} as {c.Who}: expected {(int)c.Expected}, got {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task GivenContracts_WhenListed_ThenEachCallerSeesOnlyTheirs()
    {
        Guid m1 = Guid.NewGuid(), outsider = Guid.NewGuid();
        var bid = Scenario.Bid("Gipsy Hill Gardens", 240_000);
        var (_, callId) = await S.EvaluatingCallAsync([m1], [bid]);
        await S.ScoreAsync(callId, bid.BidId, 70);
        S.PassVotingWindow((await S.CallAsync(callId))!);
        await S.AwardAsync(callId);
        await S.WaitForStatusAsync(callId, CallStatus.Standstill);
        S.Service.Clock.Advance(TimeSpan.FromDays(11));
        await S.WaitForStatusAsync(callId, CallStatus.Contracted);
        var contractId = (await S.CallAsync(callId))!.CurrentContractId!.Value;

        async Task<bool> Sees(string token) =>
            (await S.As(token).GetFromJsonAsync<JsonElement>("/api/contracts")).EnumerateArray().Any(c => c.GetProperty("id").GetGuid() == contractId);

        Assert.True(await Sees(Tokens.Broker()));
        Assert.True(await Sees(Tokens.CouncilAdmin()));
        Assert.True(await Sees(Tokens.Provider(bid.ProviderId)));
        Assert.True(await Sees(Tokens.Member(m1)));
        Assert.True(await Sees(await S.RepresentativeAsync(m1)));
        Assert.False(await Sees(Tokens.Provider(Guid.NewGuid())));
        Assert.False(await Sees(Tokens.Member(outsider)));
        Assert.False(await Sees(await S.RepresentativeAsync(outsider)));
        Assert.Equal(HttpStatusCode.Forbidden, (await S.As(await S.EndedRepresentativeAsync(m1)).GetAsync("/api/contracts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await S.As(Scenario.NeverAppointedRepresentative(m1)).GetAsync("/api/contracts")).StatusCode);
        Assert.False(await Sees(Tokens.Broker(Tokens.OtherCouncil)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await S.As(null).GetAsync("/api/contracts")).StatusCode);
    }
}
