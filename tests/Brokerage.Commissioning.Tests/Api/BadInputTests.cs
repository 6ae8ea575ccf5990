using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Needs;
using Brokerage.Commissioning.Api.ServiceContracts;
using Marten;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>Every write endpoint refuses bad input with a 4xx problem naming the field, and changes nothing.</summary>
[Collection(ServiceCollection.Name)]
public sealed class BadInputTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    private static readonly string Oversized = "{\"title\":\"" + new string('x', 1_100_000) + "\"}";

    private static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sends each body and checks the answer: 400 naming <c>field</c> (or 413 for the oversized body).</summary>
    private static async Task ExpectRefusedAsync(HttpClient client, HttpMethod method, string url, params (string Body, string Field)[] cases)
    {
        var failures = new List<string>();
        foreach (var (body, field) in cases)
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = Raw(body) });
            var text = await response.Content.ReadAsStringAsync();
            var expected = field == "413" ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.BadRequest;
            if (response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{body[..Math.Min(80, body.Length)]}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
                continue;
            }

            if (field != "413" && !JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _))
            {
                failures.Add($"{body[..Math.Min(80, body.Length)]}: no error for '{field}' in {text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task GivenBadNeeds_WhenRaisedOrSupported_ThenRefusedAndNothingChanges()
    {
        Guid m1 = Guid.NewGuid(), m2 = Guid.NewGuid();
        var poolId = await S.PoolAsync([m1, m2]);
        var needId = await S.NeedAsync(poolId, m1);
        var member = S.As(Tokens.Member(m1));
        await ExpectRefusedAsync(member, HttpMethod.Post, $"/api/pools/{poolId}/needs",
            ("{\"description\":\"d\"}", "title"),
            ("{\"title\":\"t\",\"description\":\"   \"}", "description"),
            ("{\"title\":\"" + new string('t', 201) + "\",\"description\":\"d\"}", "title"),
            ("{\"title\":5,\"description\":\"d\"}", "title"),
            ("{\"memberId\":\"not-a-guid\",\"title\":\"t\",\"description\":\"d\"}", "memberId"),
            ("not json", "body"),
            (Oversized, "413"));
        await ExpectRefusedAsync(S.As(Tokens.Member(m2)), HttpMethod.Post, $"/api/needs/{needId}/support",
            ("{\"memberId\":\"nope\"}", "memberId"),
            ("not json", "body"),
            (Oversized, "413"));

        var needs = await S.Service.ReadAsync(q => q.Query<Need>().Where(n => n.PoolId == poolId).ToListAsync());
        Assert.Single(needs);
        Assert.Single(needs[0].Supporters);
    }

    /// <summary>Drafting bodies for <paramref name="needId"/> that each break one field, and the field the 400 must name.</summary>
    private (string Body, string Field)[] BadDraftBodies(Guid needId)
    {
        var good = JsonSerializer.Serialize(S.CallRequest(needId), Scenario.Json);
        string With(string property, string json)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(good)!.AsObject();
            if (json == "remove")
            {
                node.Remove(property);
            }
            else
            {
                node[property] = System.Text.Json.Nodes.JsonNode.Parse(json);
            }

            return node.ToJsonString();
        }

        return
        [
            (With("needId", "remove"), "needId"),
            (With("title", "remove"), "title"),
            (With("outcomes", "[]"), "outcomes"),
            (With("serviceCategories", "remove"), "serviceCategories"),
            (With("serviceCategories", """["community-support"]"""), "serviceCategories[0]"),
            (With("maximumAnnualAmount", "-1"), "maximumAnnualAmount"),
            (With("maximumAnnualAmount", "0"), "maximumAnnualAmount"),
            (With("maximumAnnualAmount", "99999999999999999999"), "maximumAnnualAmount"),
            (With("maximumAnnualAmount", "\"100\""), "maximumAnnualAmount"),
            (With("currency", "\"EUR\""), "currency"),
            (With("termMonths", "0"), "termMonths"),
            (With("startDate", "\"next spring\""), "startDate"),
            (With("weights", "{\"price\":50,\"quality\":50,\"memberVote\":10}"), "weights"),
            (With("weights", "{\"price\":-10,\"quality\":60,\"memberVote\":50}"), "weights.price"),
            (With("weights", "remove"), "weights"),
            (With("closesAt", "\"2001-01-01T00:00:00Z\""), "closesAt"),
            (With("standstillRule", "\"eu-2014\""), "standstillRule"),
            (With("votingWindowHours", "0"), "votingWindowHours"),
            ("not json", "body"),
            (Oversized, "413"),
        ];
    }

    [Fact]
    public async Task GivenBadCalls_WhenDrafted_ThenRefusedAndNothingChanges()
    {
        Guid m1 = Guid.NewGuid();
        var poolId = await S.PoolAsync([m1]);
        var needId = await S.NeedAsync(poolId, m1);
        var before = (await S.Service.ReadAsync(q => q.Query<CallForOffers>().Where(c => c.NeedId == needId).ToListAsync())).Count;
        await ExpectRefusedAsync(S.Broker, HttpMethod.Post, "/api/calls", BadDraftBodies(needId));
        Assert.Equal(before, (await S.Service.ReadAsync(q => q.Query<CallForOffers>().Where(c => c.NeedId == needId).ToListAsync())).Count);
    }

    [Fact]
    public async Task GivenBadDraftEdits_WhenPut_ThenRefusedLikeDraftingAndNothingChanges()
    {
        Guid m1 = Guid.NewGuid();
        var needId = await S.NeedAsync(await S.PoolAsync([m1]), m1);
        var callId = await S.DraftAsync(needId);
        var before = (await S.CallAsync(callId))!;

        await ExpectRefusedAsync(S.Broker, HttpMethod.Put, $"/api/calls/{callId}", BadDraftBodies(needId));
        var malformed = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{callId}") { Content = JsonContent.Create(S.CallRequest(needId)) };
        malformed.Headers.TryAddWithoutValidation("If-Match", "yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, (await S.Broker.SendAsync(malformed)).StatusCode);

        Assert.Equal(1, (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(callId)))!.Version);
        var after = (await S.CallAsync(callId))!;
        Assert.Equal((before.Title, before.MaximumAnnualPrice, before.Weights, before.ClosesAt), (after.Title, after.MaximumAnnualPrice, after.Weights, after.ClosesAt));
        Assert.Equal(CallStatus.Draft, after.Status);
    }

    [Fact]
    public async Task GivenBadCallChanges_WhenPublishingCancellingScoringVotingOrAwarding_ThenRefusedAndNothingChanges()
    {
        Guid m1 = Guid.NewGuid();
        var bid = Scenario.Bid("Camberwell Care", 500_000);
        var (poolId, callId) = await S.EvaluatingCallAsync([m1], [bid]);
        var needId = (await S.CallAsync(callId))!.NeedId;
        var draftId = await S.DraftAsync(needId);
        var draftVersion = (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(draftId)))!.Version;
        var callVersion = (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(callId)))!.Version;

        // Publish: a malformed If-Match is 400, a stale one 412.
        var malformed = new HttpRequestMessage(HttpMethod.Post, $"/api/calls/{draftId}/publish");
        malformed.Headers.TryAddWithoutValidation("If-Match", "yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, (await S.Broker.SendAsync(malformed)).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/calls/{draftId}/publish");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await S.Broker.SendAsync(stale)).StatusCode);

        await ExpectRefusedAsync(S.Broker, HttpMethod.Post, $"/api/calls/{draftId}/cancel",
            ("{}", "reason"), ("{\"reason\":\"  \"}", "reason"), ("{\"reason\":12}", "reason"), ("not json", "body"), (Oversized, "413"));
        await ExpectRefusedAsync(S.Broker, HttpMethod.Put, $"/api/calls/{callId}/bids/{bid.BidId}/quality",
            ("{\"score\":101,\"reason\":\"r\"}", "score"), ("{\"score\":-1,\"reason\":\"r\"}", "score"), ("{\"reason\":\"r\"}", "score"),
            ("{\"score\":50}", "reason"), ("{\"score\":\"high\",\"reason\":\"r\"}", "score"), ("{\"score\":99999999999,\"reason\":\"r\"}", "score"),
            ("[", "body"), (Oversized, "413"));
        await ExpectRefusedAsync(S.As(Tokens.Member(m1)), HttpMethod.Post, $"/api/calls/{callId}/votes",
            ("{}", "bidId"), ("{\"bidId\":\"00000000-0000-0000-0000-000000000000\"}", "bidId"), ("{\"bidId\":\"abc\"}", "bidId"),
            ("not json", "body"), (Oversized, "413"));
        await ExpectRefusedAsync(S.Broker, HttpMethod.Post, $"/api/calls/{callId}/award",
            ("{\"bidId\":\"abc\"}", "bidId"), ("not json", "body"), (Oversized, "413"));

        Assert.Equal(draftVersion, (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(draftId)))!.Version);
        Assert.Equal(callVersion, (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(callId)))!.Version);
        var call = (await S.CallAsync(callId))!;
        Assert.Empty(call.Votes);
        Assert.Null(call.Bids.Single().QualityScore);
        Assert.Equal(CallStatus.Draft, (await S.CallAsync(draftId))!.Status);
        _ = poolId;
    }

    [Fact]
    public async Task GivenBadContractChanges_WhenVaryingOrEnding_ThenRefusedAndNothingChanges()
    {
        Guid m1 = Guid.NewGuid();
        var bid = Scenario.Bid("Waterloo Wellbeing", 360_000);
        var (_, callId) = await S.EvaluatingCallAsync([m1], [bid]);
        await S.ScoreAsync(callId, bid.BidId, 80);
        S.PassVotingWindow((await S.CallAsync(callId))!);
        await S.AwardAsync(callId);
        await S.WaitForStatusAsync(callId, CallStatus.Standstill);
        S.Service.Clock.Advance(TimeSpan.FromDays(11));
        await S.WaitForStatusAsync(callId, CallStatus.Contracted);
        var contractId = (await S.CallAsync(callId))!.CurrentContractId!.Value;
        var before = (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(contractId)))!.Version;

        await ExpectRefusedAsync(S.Broker, HttpMethod.Post, $"/api/contracts/{contractId}/variations",
            ("{\"annualAmount\":-5,\"currency\":\"GBP\",\"reason\":\"r\"}", "annualAmount"),
            ("{\"annualAmount\":0,\"currency\":\"GBP\",\"reason\":\"r\"}", "annualAmount"),
            ("{\"annualAmount\":99999999999999999999,\"currency\":\"GBP\",\"reason\":\"r\"}", "annualAmount"),
            ("{\"annualAmount\":100000,\"currency\":\"EUR\",\"reason\":\"r\"}", "currency"),
            ("{\"annualAmount\":100000,\"reason\":\"r\"}", "currency"),
            ("{\"annualAmount\":100000,\"currency\":\"GBP\"}", "reason"),
            ("{\"currency\":\"GBP\",\"reason\":\"r\"}", "annualAmount"),
            ("{\"endDate\":\"soon\",\"reason\":\"r\"}", "endDate"),
            ("not json", "body"),
            (Oversized, "413"));
        // An end date that does not end a monthly period is a broken rule (422), and changes nothing either.
        var contract = (await S.Service.ReadAsync(q => q.LoadAsync<ServiceContract>(contractId)))!;
        var offPeriod = await S.Broker.PostAsJsonAsync($"/api/contracts/{contractId}/variations",
            new { endDate = contract.EndDate.AddDays(3).ToString("yyyy-MM-dd"), reason = "r" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, offPeriod.StatusCode);
        await ExpectRefusedAsync(S.Broker, HttpMethod.Post, $"/api/contracts/{contractId}/end",
            ("{}", "reason"), ("{\"reason\":\"\"}", "reason"), ("{\"reason\":[1]}", "reason"), ("{", "body"), (Oversized, "413"));

        Assert.Equal(before, (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(contractId)))!.Version);
        Assert.Equal(ServiceContract.Active, (await S.Service.ReadAsync(q => q.LoadAsync<ServiceContract>(contractId)))!.Status);
    }

    [Fact]
    public async Task GivenBadInvoiceRequests_WhenSubmittingOrActingOnAnInvoice_ThenRefusedNamingTheFieldAndNothingChanges()
    {
        Guid m1 = Guid.NewGuid();
        var (_, _, contractId, bid) = await S.ContractAsync([m1]);
        var provider = S.As(Tokens.Provider(bid.ProviderId));
        var invoiceId = await S.InvoiceAsync(contractId, bid.ProviderId, 1);
        var disputedId = await S.InvoiceAsync(contractId, bid.ProviderId, 2);
        Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(m1)).PostAsJsonAsync($"/api/invoices/{disputedId}/dispute", new { reason = "Not delivered" })).StatusCode);
        async Task<long> Version(Guid id) => (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(id)))!.Version;
        var (invoiceVersion, disputedVersion) = (await Version(invoiceId), await Version(disputedId));

        const string good = "\"periodNumber\":3,\"amount\":10000,\"currency\":\"GBP\",\"delivered\":\"Sessions\",\"reference\":\"INV-3\"";
        await ExpectRefusedAsync(provider, HttpMethod.Post, $"/api/contracts/{contractId}/invoices",
            ("{\"amount\":10000,\"currency\":\"GBP\",\"delivered\":\"d\",\"reference\":\"r\"}", "periodNumber"),
            ("{" + good.Replace("\"periodNumber\":3", "\"periodNumber\":0") + "}", "periodNumber"),
            ("{" + good.Replace("\"periodNumber\":3", "\"periodNumber\":\"third\"") + "}", "periodNumber"),
            ("{" + good.Replace("\"amount\":10000", "\"amount\":-1") + "}", "amount"),
            ("{" + good.Replace("\"amount\":10000", "\"amount\":0") + "}", "amount"),
            ("{" + good.Replace("\"amount\":10000", "\"amount\":99999999999999999999") + "}", "amount"),
            ("{" + good.Replace("\"amount\":10000,", "") + "}", "amount"),
            ("{" + good.Replace("\"GBP\"", "\"EUR\"") + "}", "currency"),
            ("{" + good.Replace("\"currency\":\"GBP\",", "") + "}", "currency"),
            ("{" + good.Replace("\"Sessions\"", "\"  \"") + "}", "delivered"),
            ("{" + good.Replace("\"delivered\":\"Sessions\",", "") + "}", "delivered"),
            ("{" + good.Replace("\"Sessions\"", "\"" + new string('d', 5001) + "\"") + "}", "delivered"),
            ("{" + good.Replace(",\"reference\":\"INV-3\"", "") + "}", "reference"),
            ("{" + good.Replace("\"INV-3\"", "\"" + new string('r', 101) + "\"") + "}", "reference"),
            ("{" + good + ",\"reason\":\"" + new string('w', 1001) + "\"}", "reason"),
            ("not json", "body"),
            (Oversized, "413"));
        await ExpectRefusedAsync(provider, HttpMethod.Post, $"/api/invoices/{invoiceId}/withdrawal",
            ("{\"reason\":\"" + new string('w', 1001) + "\"}", "reason"), ("{\"reason\":12}", "reason"), ("not json", "body"), (Oversized, "413"));
        await ExpectRefusedAsync(S.As(Tokens.Member(m1)), HttpMethod.Post, $"/api/invoices/{invoiceId}/confirmation",
            ("{\"memberId\":\"nope\"}", "memberId"), ("not json", "body"), (Oversized, "413"));
        await ExpectRefusedAsync(S.As(Tokens.Member(m1)), HttpMethod.Post, $"/api/invoices/{invoiceId}/dispute",
            ("{}", "reason"), ("{\"reason\":\"\u200b \"}", "reason"), ("{\"reason\":\"" + new string('w', 2001) + "\"}", "reason"),
            ("{\"memberId\":\"nope\",\"reason\":\"r\"}", "memberId"), ("not json", "body"), (Oversized, "413"));
        await ExpectRefusedAsync(S.Broker, HttpMethod.Post, $"/api/invoices/{disputedId}/decision",
            ("{\"reason\":\"r\"}", "outcome"), ("{\"outcome\":\"maybe\",\"reason\":\"r\"}", "outcome"), ("{\"outcome\":\"uphold\"}", "reason"),
            ("{\"outcome\":\"overrule\",\"reason\":\" \"}", "reason"), ("not json", "body"), (Oversized, "413"));
        await ExpectRefusedAsync(S.Broker, HttpMethod.Post, $"/api/invoices/{invoiceId}/rejection",
            ("{}", "reason"), ("{\"reason\":\"\"}", "reason"), ("{\"reason\":[1]}", "reason"), ("{", "body"), (Oversized, "413"));
        await ExpectRefusedAsync(S.Broker, HttpMethod.Get, $"/api/contracts/{contractId}/invoices?page=0", ("", "page"));
        await ExpectRefusedAsync(S.Broker, HttpMethod.Get, $"/api/contracts/{contractId}/invoices?pageSize=1001", ("", "pageSize"));
        foreach (var path in new[] { $"/api/invoices/{invoiceId}/rejection", $"/api/invoices/{disputedId}/payment-retry" })
        {
            var malformed = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { reason = "r" }) };
            malformed.Headers.TryAddWithoutValidation("If-Match", "yesterday");
            Assert.Equal(HttpStatusCode.BadRequest, (await S.Broker.SendAsync(malformed)).StatusCode);
        }

        Assert.Equal((invoiceVersion, disputedVersion), (await Version(invoiceId), await Version(disputedId)));
        var invoices = await S.Service.ReadAsync(q => q.Query<Brokerage.Commissioning.Api.Invoices.Invoice>().Where(i => i.ContractId == contractId).ToListAsync());
        Assert.Equal([(1, "submitted"), (2, "disputed")], invoices.OrderBy(i => i.PeriodNumber).Select(i => (i.PeriodNumber, i.Status)));
        Assert.DoesNotContain(S.Partners.All<Brokerage.PooledFunds.Contracts.PayInvoice>(), p => p.ContractId == contractId);
    }

    [Fact]
    public async Task GivenBadClockRequests_WhenPosted_ThenRefusedAndTheClockDoesNotMove()
    {
        var before = S.Service.Now;
        await ExpectRefusedAsync(S.As(null), HttpMethod.Post, "/dev/clock",
            ("{}", "advanceSeconds"), ("{\"advanceSeconds\":-60}", "advanceSeconds"), ("{\"advanceSeconds\":\"1h\"}", "advanceSeconds"),
            ("not json", "body"));
        Assert.InRange(S.Service.Now - before, TimeSpan.Zero, TimeSpan.FromSeconds(5));

        var moved = await S.As(null).PostAsJsonAsync("/dev/clock", new { advanceSeconds = 30 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.InRange(S.Service.Now - before, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(35));
    }
}
