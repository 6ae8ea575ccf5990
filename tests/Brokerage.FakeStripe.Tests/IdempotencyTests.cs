using System.Net;
using Brokerage.Testing;
using Stripe;

namespace Brokerage.FakeStripe.Tests;

[Collection(FakeStripeCollection.Name)]
public sealed class IdempotencyTests(FakeStripeFixture fixture)
{
    [Fact]
    public async Task GivenTransferMadeWithKey_WhenReplayed_ThenSameTransferAndNothingCreated()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var transfers = new TransferService(fixture.Client(key));
        var once = new RequestOptions { IdempotencyKey = "payment-p1-1" };

        var first = await transfers.CreateAsync(TransferTests.Options(3_000, paymentId: "p1"), once);
        var replay = await transfers.CreateAsync(TransferTests.Options(3_000, paymentId: "p1"), once);

        Assert.Equal(first.Id, replay.Id);
        Assert.Equal("true", Assert.Single(replay.StripeResponse.Headers.GetValues("Idempotent-Replayed")));
        Assert.False(first.StripeResponse.Headers.Contains("Idempotent-Replayed"));
        var made = Assert.Single(await fixture.Control.TransfersAsync(key));
        Assert.Equal("payment-p1-1", made.IdempotencyKey);
        Assert.Equal(7_000, (await new BalanceService(fixture.Client(key)).GetAsync()).Available[0].Amount);
    }

    [Fact]
    public async Task GivenKeyUsed_WhenOtherParametersSentWithIt_ThenIdempotencyError()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var transfers = new TransferService(fixture.Client(key));
        var once = new RequestOptions { IdempotencyKey = "payment-p2-1" };
        await transfers.CreateAsync(TransferTests.Options(3_000), once);

        var refused = await Assert.ThrowsAsync<StripeException>(() => transfers.CreateAsync(TransferTests.Options(3_001), once));

        Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Equal("idempotency_error", refused.StripeError.Type);
        Assert.StartsWith("Keys for idempotent requests can only be used with the same parameters they were first used with", refused.StripeError.Message);
        Assert.Single(await fixture.Control.TransfersAsync(key));
    }

    [Fact]
    public async Task GivenKeysOfOneCouncil_WhenAnotherCouncilUsesTheSameKey_ThenItIsItsOwn()
    {
        var lambeth = await fixture.NewAccountAsync(balance: 10_000);
        var southwark = await fixture.NewAccountAsync(balance: 10_000);
        var same = new RequestOptions { IdempotencyKey = "payment-shared-1" };

        var one = await new TransferService(fixture.Client(lambeth)).CreateAsync(TransferTests.Options(100), same);
        var other = await new TransferService(fixture.Client(southwark)).CreateAsync(TransferTests.Options(200), same);

        Assert.NotEqual(one.Id, other.Id);
    }

    [Fact]
    public async Task GivenAmountAboveBalance_WhenTransferCreated_ThenBalanceInsufficientAndReplayedEvenAfterTopUp()
    {
        var key = await fixture.NewAccountAsync(balance: 999);
        var transfers = new TransferService(fixture.Client(key));
        var once = new RequestOptions { IdempotencyKey = "payment-p3-1" };

        var refused = await Assert.ThrowsAsync<StripeException>(() => transfers.CreateAsync(TransferTests.Options(1_000), once));
        await fixture.Control.SetBalanceAsync(key, 1_000_000);
        var replayed = await Assert.ThrowsAsync<StripeException>(() => transfers.CreateAsync(TransferTests.Options(1_000), once));
        var nextAttempt = await transfers.CreateAsync(TransferTests.Options(1_000), new RequestOptions { IdempotencyKey = "payment-p3-2" });

        Assert.Equal("balance_insufficient", refused.StripeError.Code);
        Assert.Equal("invalid_request_error", refused.StripeError.Type);
        Assert.StartsWith("You have insufficient available funds in your Stripe account", refused.StripeError.Message);
        Assert.Equal("balance_insufficient", replayed.StripeError.Code);
        Assert.Equal("true", Assert.Single(replayed.StripeResponse.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal("payment-p3-2", Assert.Single(await fixture.Control.TransfersAsync(key)).IdempotencyKey);
        Assert.Equal(nextAttempt.Id, Assert.Single(await fixture.Control.TransfersAsync(key)).Id);
    }

    [Fact]
    public async Task GivenInvalidParametersUnderKey_WhenValidOnesSentWithIt_ThenTransferCreated()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var transfers = new TransferService(fixture.Client(key));
        var once = new RequestOptions { IdempotencyKey = "payment-p4-1" };

        await Assert.ThrowsAsync<StripeException>(() => transfers.CreateAsync(new TransferCreateOptions { Amount = 500, Currency = "gbp" }, once));
        var created = await transfers.CreateAsync(TransferTests.Options(500), once);

        Assert.Equal(500, created.Amount);
        Assert.Single(await fixture.Control.TransfersAsync(key));
    }

    [Fact]
    public async Task GivenRequestStillExecuting_WhenSameKeySentAgain_ThenConflictAndTheFirstCompletes()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var transfers = new TransferService(fixture.Client(key));
        var once = new RequestOptions { IdempotencyKey = "payment-p5-1" };
        await fixture.Control.InjectFaultsAsync(key, FakeStripeFault.DelayBefore(TimeSpan.FromSeconds(5)));

        var first = transfers.CreateAsync(TransferTests.Options(700), once);
        await Eventually.HoldsAsync(
            async () => (await fixture.Control.AccountsAsync()).Single(a => a.SecretKey == key).ExecutingIdempotencyKeys.Contains("payment-p5-1"),
            "the first request holding its key", TimeSpan.FromSeconds(10));
        var concurrent = await Assert.ThrowsAsync<StripeException>(() => transfers.CreateAsync(TransferTests.Options(700), once));
        var created = await first;
        var later = await transfers.CreateAsync(TransferTests.Options(700), once);

        Assert.Equal(HttpStatusCode.Conflict, concurrent.HttpStatusCode);
        Assert.Equal("idempotency_error", concurrent.StripeError.Type);
        Assert.Equal(created.Id, later.Id);
        Assert.Single(await fixture.Control.TransfersAsync(key));
    }
}
