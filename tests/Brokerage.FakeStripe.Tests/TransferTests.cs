using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Stripe;

namespace Brokerage.FakeStripe.Tests;

[Collection(FakeStripeCollection.Name)]
public sealed class TransferTests(FakeStripeFixture fixture)
{
    [Fact]
    public async Task GivenBalance_WhenTransferCreated_ThenTransferReturnedAndBalanceFalls()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var client = fixture.Client(key);

        var transfer = await new TransferService(client).CreateAsync(new TransferCreateOptions
        {
            Amount = 2_500,
            Currency = "gbp",
            Destination = "acct_provider1",
            TransferGroup = "contract-7",
            Description = "Invoice 12",
            Metadata = new Dictionary<string, string> { ["payment_id"] = "pay-1" },
        });

        Assert.StartsWith("tr_", transfer.Id);
        Assert.Equal(2_500, transfer.Amount);
        Assert.Equal(0, transfer.AmountReversed);
        Assert.Equal("gbp", transfer.Currency);
        Assert.Equal("acct_provider1", transfer.DestinationId);
        Assert.Equal("contract-7", transfer.TransferGroup);
        Assert.Equal("Invoice 12", transfer.Description);
        Assert.Equal("pay-1", transfer.Metadata["payment_id"]);
        Assert.StartsWith("txn_", transfer.BalanceTransactionId);
        Assert.False(transfer.Livemode);
        Assert.False(transfer.Reversed);
        Assert.Empty(transfer.Reversals.Data);
        Assert.True(transfer.Created > DateTime.UtcNow.AddMinutes(-5));

        var balance = await new BalanceService(client).GetAsync();
        Assert.Equal(7_500, Assert.Single(balance.Available).Amount);
        Assert.Equal("gbp", balance.Available[0].Currency);

        var made = Assert.Single(await fixture.Control.TransfersAsync(key));
        Assert.Equal(transfer.Id, made.Id);
        Assert.Equal("pay-1", made.Parameters["metadata[payment_id]"]);
        Assert.Equal("2500", made.Parameters["amount"]);
    }

    [Fact]
    public async Task GivenTransfers_WhenRetrievedAndListed_ThenStripeNetReadsThem()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var transfers = new TransferService(fixture.Client(key));
        var first = await transfers.CreateAsync(Options(100));
        var second = await transfers.CreateAsync(Options(200));

        var got = await transfers.GetAsync(first.Id);
        var newest = await transfers.ListAsync(new TransferListOptions { Limit = 1 });

        Assert.Equal(100, got.Amount);
        Assert.Equal(second.Id, Assert.Single(newest.Data).Id);
        Assert.True(newest.HasMore);
        var missing = await Assert.ThrowsAsync<StripeException>(() => transfers.GetAsync("tr_doesnotexist"));
        Assert.Equal(HttpStatusCode.NotFound, missing.HttpStatusCode);
        Assert.Equal("resource_missing", missing.StripeError.Code);
    }

    [Fact]
    public async Task GivenTransferOfAnotherCouncil_WhenRetrieved_ThenNotFound()
    {
        var lambeth = await fixture.NewAccountAsync(balance: 1_000);
        var southwark = await fixture.NewAccountAsync(balance: 1_000);
        var transfer = await new TransferService(fixture.Client(lambeth)).CreateAsync(Options(100));

        var refused = await Assert.ThrowsAsync<StripeException>(() => new TransferService(fixture.Client(southwark)).GetAsync(transfer.Id));

        Assert.Equal(HttpStatusCode.NotFound, refused.HttpStatusCode);
        Assert.Equal(1_000, (await fixture.Control.AccountsAsync()).Single(a => a.SecretKey == southwark).Balance);
    }

    [Theory]
    [InlineData(null, "gbp", "acct_1", "amount")]
    [InlineData(0L, "gbp", "acct_1", "amount")]
    [InlineData(100L, "usd", "acct_1", "currency")]
    [InlineData(100L, "gbp", null, "destination")]
    [InlineData(100L, "gbp", "not_an_account", "destination")]
    public async Task GivenInvalidParameters_WhenTransferCreated_ThenInvalidRequestNamingTheParam(long? amount, string currency, string? destination, string param)
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);

        var refused = await Assert.ThrowsAsync<StripeException>(() =>
            new TransferService(fixture.Client(key)).CreateAsync(new TransferCreateOptions { Amount = amount, Currency = currency, Destination = destination }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Equal("invalid_request_error", refused.StripeError.Type);
        Assert.Equal(param, refused.StripeError.Param);
        Assert.Empty(await fixture.Control.TransfersAsync(key));
    }

    [Fact]
    public async Task GivenUnknownKey_WhenCalled_Then401WithTheKeyMasked()
    {
        var refused = await Assert.ThrowsAsync<StripeException>(() => new BalanceService(fixture.Client("sk_test_nobodyhasthiskey9876")).GetAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
        Assert.Equal("invalid_request_error", refused.StripeError.Type);
        Assert.StartsWith("Invalid API Key provided: sk_test_", refused.StripeError.Message);
        Assert.EndsWith("9876", refused.StripeError.Message);
        Assert.DoesNotContain("nobodyhasthiskey", refused.StripeError.Message);
    }

    [Fact]
    public async Task GivenKeyAsBasicAuthUser_WhenCalled_ThenAccepted()
    {
        var key = await fixture.NewAccountAsync(balance: 4_200);
        using var http = new HttpClient { BaseAddress = fixture.Fake.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));

        using var response = await http.GetAsync("v1/balance");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("4200", await response.Content.ReadAsStringAsync());
    }

    internal static TransferCreateOptions Options(long amount, string destination = "acct_provider1", string? paymentId = null) => new()
    {
        Amount = amount,
        Currency = "gbp",
        Destination = destination,
        Metadata = paymentId is null ? null : new Dictionary<string, string> { ["payment_id"] = paymentId },
    };
}
