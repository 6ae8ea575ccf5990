using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Brokerage.ProviderOffers.Tests.Api;

/// <summary>Bad input on every write endpoint: a 4xx problem+json naming the field, and nothing changed afterwards.</summary>
[Collection(ServiceCollection.Name)]
public sealed class BadInputTests(ServiceFixture service)
{
    private static readonly string Oversized = "{\"legalName\":\"" + new string('x', 1_100_000) + "\"}";

    private readonly Scenario scenario = new(service);

    public static TheoryData<string, string> ProviderBodies => new()
    {
        { Provider(p => p.Remove("legalName")), "legalName" },
        { Provider(p => p["legalName"] = "   "), "legalName" },
        { Provider(p => p["legalName"] = new string('n', 301)), "legalName" },
        { Provider(p => p["legalName"] = 5), "legalName" },
        { Provider(p => p["registrationNumbers"]!["cqcProviderId"] = "CQC-123"), "registrationNumbers.cqcProviderId" },
        { Provider(p => p["registrationNumbers"]!["charityNumber"] = "12345"), "registrationNumbers.charityNumber" },
        { Provider(p => p["registrationNumbers"]!["companyNumber"] = "1234567X"), "registrationNumbers.companyNumber" },
        { Provider(p => p.Remove("serviceCategories")), "serviceCategories" },
        { Provider(p => p["serviceCategories"] = new JsonArray("home-care", "plumbing")), "serviceCategories[1]" },
        { Provider(p => p["serviceCategories"] = new JsonArray("home-care", "home-care")), "serviceCategories" },
        { Provider(p => p["areasServed"] = new JsonArray()), "areasServed" },
        { Provider(p => p["areasServed"] = new JsonArray("Brixton", " ")), "areasServed[1]" },
        { Provider(p => p["councilIds"] = new JsonArray()), "councilIds" },
        { Provider(p => p["councilIds"] = new JsonArray("Lambeth Council")), "councilIds[0]" },
        { Provider(p => p["councilIds"] = new JsonArray("lambeth", "lambeth")), "councilIds" },
        { Provider(p => p["councilIds"] = new JsonArray("lambeth", "Lambeth")), "councilIds" },
        { "{\"legalName\": \"Acme\",", "body" },
        { "[1, 2]", "body" },
    };

    public static TheoryData<string, string> BidBodies => new()
    {
        { Bid(b => b.Remove("annualPriceAmount")), "annualPriceAmount" },
        { Bid(b => b["annualPriceAmount"] = -1), "annualPriceAmount" },
        { Bid(b => b["annualPriceAmount"] = 0), "annualPriceAmount" },
        { Bid(b => b["annualPriceAmount"] = 10_000_000_001), "annualPriceAmount" },
        { Bid(b => b["annualPriceAmount"] = "4000000"), "annualPriceAmount" },
        { Bid(b => b["annualPriceAmount"] = 12.5), "annualPriceAmount" },
        { "{\"annualPriceAmount\": 99999999999999999999, \"currency\": \"GBP\", \"capacity\": 1, \"proposal\": \"p\", \"outcomeCommitments\": [\"o\"]}", "annualPriceAmount" },
        { Bid(b => b.Remove("currency")), "currency" },
        { Bid(b => b["currency"] = "EUR"), "currency" },
        { Bid(b => b["currency"] = "gbp"), "currency" },
        { Bid(b => b.Remove("capacity")), "capacity" },
        { Bid(b => b["capacity"] = 0), "capacity" },
        { Bid(b => b["capacity"] = -3), "capacity" },
        { Bid(b => b["capacity"] = 2_147_483_648), "capacity" },
        { Bid(b => b.Remove("proposal")), "proposal" },
        { Bid(b => b["proposal"] = ""), "proposal" },
        { Bid(b => b.Remove("outcomeCommitments")), "outcomeCommitments" },
        { Bid(b => b["outcomeCommitments"] = new JsonArray()), "outcomeCommitments" },
        { Bid(b => b["outcomeCommitments"] = new JsonArray("ok", "")), "outcomeCommitments[1]" },
        { "not json", "body" },
    };

    [Theory]
    [MemberData(nameof(ProviderBodies))]
    public async Task GivenUnregisteredProvider_WhenRegisteringWithBadInput_ThenProblemNamesTheFieldAndNothingIsRegistered(string body, string field)
    {
        var id = Guid.NewGuid();
        var client = service.Client(Tokens.Provider(id));

        await Scenario.ValidationProblemAsync(await client.PostAsync("/api/providers", Json(body)), field);

        await Scenario.ProblemAsync(await client.GetAsync($"/api/providers/{id}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(ProviderBodies))]
    public async Task GivenRegisteredProvider_WhenUpdatingWithBadInput_ThenProblemNamesTheFieldAndDetailsAreUnchanged(string body, string field)
    {
        var id = await scenario.RegisterProviderAsync([Scenario.NewCouncil()], name: "Unchanged Ltd");
        var client = service.Client(Tokens.Provider(id));

        await Scenario.ValidationProblemAsync(await client.PutAsync($"/api/providers/{id}", Json(body)), field);

        var read = await client.GetAsync($"/api/providers/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal("Unchanged Ltd", (await Scenario.ReadAsync(read))["legalName"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenProviderWritesWithOversizedBodies_WhenSent_Then413AndNothingChanges()
    {
        var id = Guid.NewGuid();
        var client = service.Client(Tokens.Provider(id));

        await Scenario.ProblemAsync(await client.PostAsync("/api/providers", Json(Oversized)), HttpStatusCode.RequestEntityTooLarge);
        await Scenario.ProblemAsync(await client.GetAsync($"/api/providers/{id}"), HttpStatusCode.NotFound);

        var registered = await scenario.RegisterProviderAsync([Scenario.NewCouncil()]);
        var own = service.Client(Tokens.Provider(registered));
        await Scenario.ProblemAsync(await own.PutAsync($"/api/providers/{registered}", Json(Oversized)), HttpStatusCode.RequestEntityTooLarge);
        await Scenario.ProblemAsync(await own.PutAsync($"/api/providers/{registered}/payment-account", Json(Oversized)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("\"1\"", (await own.GetAsync($"/api/providers/{registered}")).Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("{}", "accountId")]
    [InlineData("{\"accountId\": \"acct-123\"}", "accountId")]
    [InlineData("{\"accountId\": \"acct_\"}", "accountId")]
    [InlineData("{\"accountId\": \"acct_12 34\"}", "accountId")]
    [InlineData("{\"accountId\": \"ba_123\"}", "accountId")]
    [InlineData("{\"accountId\": 123}", "accountId")]
    [InlineData("{\"accountId\": ", "accountId")]
    [InlineData("acct_123", "body")]
    public async Task GivenRegisteredProvider_WhenRecordingBadPaymentAccount_ThenProblemNamesTheFieldAndNoAccountIsRecorded(string body, string field)
    {
        var id = await scenario.RegisterProviderAsync([Scenario.NewCouncil()]);
        var client = service.Client(Tokens.Provider(id));

        await Scenario.ValidationProblemAsync(await client.PutAsync($"/api/providers/{id}/payment-account", Json(body)), field);

        Assert.Null((await Scenario.ReadAsync(await client.GetAsync($"/api/providers/{id}")))["paymentAccountId"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("verification", "{\"reason\": 12}", "reason")]
    [InlineData("verification", "{\"reason\": \"LONG\"}", "reason")]
    [InlineData("verification", "{\"reason\": ", "reason")]
    [InlineData("verification", "{reason}", "body")]
    [InlineData("suspension", "{}", "reason")]
    [InlineData("suspension", "{\"reason\": \"  \"}", "reason")]
    [InlineData("suspension", "{\"reason\": \"LONG\"}", "reason")]
    [InlineData("suspension", "{\"reason\": ", "reason")]
    [InlineData("suspension", "{reason}", "body")]
    public async Task GivenProviderOfTheCouncil_WhenBrokerSendsBadStandingInput_ThenProblemNamesTheFieldAndStandingIsUnchanged(string action, string body, string field)
    {
        var council = Scenario.NewCouncil();
        var id = await scenario.RegisterProviderAsync([council]);
        var broker = service.Client(Tokens.Broker(council));

        await Scenario.ValidationProblemAsync(
            await broker.PostAsync($"/api/providers/{id}/{action}", Json(body.Replace("LONG", new string('r', 2001), StringComparison.Ordinal))), field);
        await Scenario.ProblemAsync(await broker.PostAsync($"/api/providers/{id}/{action}", Json(Oversized)), HttpStatusCode.RequestEntityTooLarge);

        var read = await Scenario.ReadAsync(await broker.GetAsync($"/api/providers/{id}"));
        Assert.Equal("unverified", read["standings"]![0]!["standing"]!.GetValue<string>());
        Assert.Empty(read["history"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(BidBodies))]
    public async Task GivenOpenCall_WhenSubmittingBadBid_ThenProblemNamesTheFieldAndNoBidIsRecorded(string body, string field)
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var client = service.Client(Tokens.Provider(provider));

        await Scenario.ValidationProblemAsync(await client.PostAsync($"/api/calls/{call}/bids", Json(body)), field);

        Assert.Empty(await Scenario.ReadArrayAsync(await client.GetAsync($"/api/providers/{provider}/bids")));
    }

    [Theory]
    [MemberData(nameof(BidBodies))]
    public async Task GivenSubmittedBid_WhenRevisingWithBadInput_ThenProblemNamesTheFieldAndTheBidIsUnchanged(string body, string field)
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var bidId = await scenario.BidAsync(provider, call, Scenario.BidBody(proposal: "Original"));
        var client = service.Client(Tokens.Provider(provider));

        await Scenario.ValidationProblemAsync(await client.PutAsync($"/api/calls/{call}/bids/{bidId}", Json(body)), field);

        var bid = await Scenario.ReadAsync(await client.GetAsync($"/api/calls/{call}/bids/{bidId}"));
        Assert.Equal("Original", bid["proposal"]!.GetValue<string>());
        Assert.Equal(1, bid["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task GivenOpenCall_WhenBidBodiesAreOversized_Then413AndNothingChanges()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var client = service.Client(Tokens.Provider(provider));

        await Scenario.ProblemAsync(await client.PostAsync($"/api/calls/{call}/bids", Json(Oversized)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await Scenario.ReadArrayAsync(await client.GetAsync($"/api/providers/{provider}/bids")));

        var bidId = await scenario.BidAsync(provider, call);
        await Scenario.ProblemAsync(await client.PutAsync($"/api/calls/{call}/bids/{bidId}", Json(Oversized)), HttpStatusCode.RequestEntityTooLarge);
        await Scenario.ProblemAsync(await client.PostAsync($"/api/calls/{call}/bids/{bidId}/withdrawal", Json(Oversized)), HttpStatusCode.RequestEntityTooLarge);
        var bid = await Scenario.ReadAsync(await client.GetAsync($"/api/calls/{call}/bids/{bidId}"));
        Assert.Equal(1, bid["revision"]!.GetValue<int>());
        Assert.Equal("submitted", bid["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenSubmittedBid_WhenIfMatchIsMalformed_ThenProblemNamesTheHeaderAndTheBidIsUnchanged()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var bidId = await scenario.BidAsync(provider, call, Scenario.BidBody(proposal: "Original"));
        var client = service.Client(Tokens.Provider(provider));
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{call}/bids/{bidId}") { Content = Json(Scenario.BidBodyJson("Changed")) };
        request.Headers.TryAddWithoutValidation("If-Match", "version-one");

        await Scenario.ValidationProblemAsync(await client.SendAsync(request), "If-Match");

        Assert.Equal("Original", (await Scenario.ReadAsync(await client.GetAsync($"/api/calls/{call}/bids/{bidId}")))["proposal"]!.GetValue<string>());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Provider(Action<JsonObject> change)
    {
        var body = JsonSerializerNode(Scenario.ProviderBody(["lambeth"]));
        change(body);
        return body.ToJsonString();
    }

    private static string Bid(Action<JsonObject> change)
    {
        var body = JsonSerializerNode(Scenario.BidBody());
        change(body);
        return body.ToJsonString();
    }

    private static JsonObject JsonSerializerNode(object value) =>
        System.Text.Json.JsonSerializer.SerializeToNode(value, Scenario.Json)!.AsObject();
}
