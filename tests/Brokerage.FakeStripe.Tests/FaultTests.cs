using System.Net;
using Brokerage.Testing;
using Stripe;

namespace Brokerage.FakeStripe.Tests;

[Collection(FakeStripeCollection.Name)]
public sealed class FaultTests(FakeStripeFixture fixture)
{
    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task GivenFaultBefore_WhenTransferCreated_ThenErrorAndNothingMadeUntilTheRetry(int status)
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var transfers = new TransferService(fixture.Client(key));
        var once = new RequestOptions { IdempotencyKey = $"payment-before-{status}-1" };
        await fixture.Control.InjectFaultsAsync(key, FakeStripeFault.Before(status));

        var failed = await Assert.ThrowsAsync<StripeException>(() => transfers.CreateAsync(TransferTests.Options(1_000), once));
        var madeAfterFault = await fixture.Control.TransfersAsync(key);
        var retried = await transfers.CreateAsync(TransferTests.Options(1_000), once);

        Assert.Equal((HttpStatusCode)status, failed.HttpStatusCode);
        Assert.Equal(status == 429 ? "rate_limit" : null, failed.StripeError.Code);
        Assert.Empty(madeAfterFault);
        Assert.Equal(retried.Id, Assert.Single(await fixture.Control.TransfersAsync(key)).Id);
        Assert.Equal(9_000, (await new BalanceService(fixture.Client(key)).GetAsync()).Available[0].Amount);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task GivenFaultAfter_WhenTransferCreated_ThenErrorButOneTransferWhichTheRetryGetsBack(int status)
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var transfers = new TransferService(fixture.Client(key));
        var once = new RequestOptions { IdempotencyKey = $"payment-after-{status}-1" };
        await fixture.Control.InjectFaultsAsync(key, FakeStripeFault.After(status));

        var failed = await Assert.ThrowsAsync<StripeException>(() => transfers.CreateAsync(TransferTests.Options(1_000), once));
        var made = Assert.Single(await fixture.Control.TransfersAsync(key));
        var retried = await transfers.CreateAsync(TransferTests.Options(1_000), once);

        Assert.Equal((HttpStatusCode)status, failed.HttpStatusCode);
        Assert.Equal(made.Id, retried.Id);
        Assert.Single(await fixture.Control.TransfersAsync(key));
        Assert.Equal(9_000, (await new BalanceService(fixture.Client(key)).GetAsync()).Available[0].Amount);
    }

    [Fact]
    public async Task GivenAnswerSlowerThanTheClientWaits_WhenRetriedWithTheKey_ThenTheTransferMadeMeanwhile()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var once = new RequestOptions { IdempotencyKey = "payment-timeout-1" };
        await fixture.Control.InjectFaultsAsync(key, FakeStripeFault.DelayAfter(TimeSpan.FromSeconds(10)));

        await Assert.ThrowsAnyAsync<Exception>(() => new TransferService(fixture.Client(key, timeout: TimeSpan.FromSeconds(1))).CreateAsync(TransferTests.Options(1_000), once));
        var retried = await new TransferService(fixture.Client(key)).CreateAsync(TransferTests.Options(1_000), once);

        Assert.Equal(retried.Id, Assert.Single(await fixture.Control.TransfersAsync(key)).Id);
    }

    [Fact]
    public async Task GivenFaultsForAnyAccount_WhenCalled_ThenEachFaultServesOneCallInOrder()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var balances = new BalanceService(fixture.Client(key));
        await fixture.Control.InjectFaultsAsync(null, FakeStripeFault.Before(503), FakeStripeFault.Before(429));

        var first = await Assert.ThrowsAsync<StripeException>(() => balances.GetAsync());
        var second = await Assert.ThrowsAsync<StripeException>(() => balances.GetAsync());
        var third = await balances.GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.HttpStatusCode);
        Assert.Equal("api_error", first.StripeError.Type);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.HttpStatusCode);
        Assert.Equal(10_000, third.Available[0].Amount);
    }
}
