using System.Text.Json;
using Stripe;

namespace Brokerage.FakeStripe.Tests;

[Collection(FakeStripeCollection.Name)]
public sealed class WebhookTests(FakeStripeFixture fixture)
{
    private const string Secret = "whsec_test_council";

    [Fact]
    public async Task GivenTransfer_WhenReversedThroughStripeNet_ThenSignedTransferReversedEventThatStripeNetAccepts()
    {
        using var receiver = WebhookReceiver.Start();
        var key = await fixture.NewAccountAsync(balance: 10_000, receiver.Url, Secret);
        var client = fixture.Client(key);
        var transfer = await new TransferService(client).CreateAsync(TransferTests.Options(4_000));

        var reversal = await new TransferReversalService(client).CreateAsync(transfer.Id, new TransferReversalCreateOptions { Amount = 1_500 });
        var delivery = Assert.Single(await receiver.WaitForAsync(w => w.Type == "transfer.reversed"));
        var stripeEvent = EventUtility.ConstructEvent(delivery.Payload, delivery.Signature, Secret, tolerance: 300);

        Assert.StartsWith("trr_", reversal.Id);
        Assert.Equal(1_500, reversal.Amount);
        Assert.StartsWith("evt_", stripeEvent.Id);
        Assert.Equal("transfer.reversed", stripeEvent.Type);
        Assert.Equal(StripeConfiguration.ApiVersion, stripeEvent.ApiVersion);
        Assert.False(stripeEvent.Livemode);
        var reversed = Assert.IsType<Transfer>(stripeEvent.Data.Object);
        Assert.Equal(transfer.Id, reversed.Id);
        Assert.Equal(1_500, reversed.AmountReversed);
        Assert.False(reversed.Reversed);
        Assert.Equal(7_500, (await new BalanceService(client).GetAsync()).Available[0].Amount);
    }

    [Fact]
    public async Task GivenReversalEvent_WhenPayloadTamperedOrSecretWrong_ThenStripeNetRefusesIt()
    {
        using var receiver = WebhookReceiver.Start();
        var key = await fixture.NewAccountAsync(balance: 10_000, receiver.Url, Secret);
        var transfer = await new TransferService(fixture.Client(key)).CreateAsync(TransferTests.Options(4_000));
        await fixture.Control.ReverseAsync(transfer.Id);
        var delivery = Assert.Single(await receiver.WaitForAsync(w => w.Type == "transfer.reversed"));

        var tampered = delivery.Payload.Replace("\"amount\": 4000", "\"amount\": 40000", StringComparison.Ordinal);

        Assert.NotEqual(delivery.Payload, tampered);
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(tampered, delivery.Signature, Secret, tolerance: 300));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(delivery.Payload, delivery.Signature, "whsec_someone_else", tolerance: 300));
        Assert.True(EventUtility.ConstructEvent(delivery.Payload, delivery.Signature, Secret, tolerance: 300).Data.Object is Transfer { Reversed: true });
    }

    [Fact]
    public async Task GivenWholeReversalFromControl_ThenTransferReversedAndBalanceBack()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        var transfers = new TransferService(fixture.Client(key));
        var transfer = await transfers.CreateAsync(TransferTests.Options(4_000));

        var part = await fixture.Control.ReverseAsync(transfer.Id, 1_000);
        var rest = await fixture.Control.ReverseAsync(transfer.Id);
        var after = await transfers.GetAsync(transfer.Id);

        Assert.Equal(1_000, part.Amount);
        Assert.Equal(3_000, rest.Amount);
        Assert.Equal(4_000, after.AmountReversed);
        Assert.True(after.Reversed);
        Assert.Equal([rest.Id, part.Id], after.Reversals.Data.Select(r => r.Id));
        Assert.Equal(10_000, (await new BalanceService(fixture.Client(key)).GetAsync()).Available[0].Amount);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Control.ReverseAsync(transfer.Id, 1));
    }

    [Fact]
    public async Task GivenEndpointFailing_WhenEventSent_ThenRetriedUntil2xxEachTimeSignedAfresh()
    {
        using var receiver = WebhookReceiver.Start();
        receiver.FailNext(2);
        var key = await fixture.NewAccountAsync(balance: 10_000, receiver.Url, Secret);
        var transfer = await new TransferService(fixture.Client(key)).CreateAsync(TransferTests.Options(1_000));

        var deliveries = await receiver.WaitForAsync(w => w.Type == "transfer.created", count: 3);

        Assert.Equal([500, 500, 200], deliveries.Select(d => d.AnsweredWith));
        Assert.Single(deliveries.Select(d => d.EventId).Distinct());
        Assert.All(deliveries, d => Assert.Equal(transfer.Id, ((Transfer)EventUtility.ConstructEvent(d.Payload, d.Signature, Secret, tolerance: 300).Data.Object).Id));
        var recorded = Assert.Single(await fixture.Control.EventsAsync(key));
        Assert.True(recorded.Delivered);
        Assert.Equal([500, 500, 200], recorded.Deliveries.Select(d => d.Status));
    }

    [Fact]
    public async Task GivenDeliveredEvent_WhenResent_ThenTheSameEventArrivesAgain()
    {
        using var receiver = WebhookReceiver.Start();
        var key = await fixture.NewAccountAsync(balance: 10_000, receiver.Url, Secret);
        await new TransferService(fixture.Client(key)).CreateAsync(TransferTests.Options(1_000));
        var first = Assert.Single(await receiver.WaitForAsync(w => w.Type == "transfer.created"));

        await fixture.Control.ResendEventAsync(first.EventId);
        var both = await receiver.WaitForAsync(w => w.EventId == first.EventId, count: 2);

        Assert.Equal(first.Payload, both[1].Payload);
        Assert.Equal(first.EventId, EventUtility.ConstructEvent(both[1].Payload, both[1].Signature, Secret, tolerance: 300).Id);
    }

    [Fact]
    public async Task GivenNoWebhookEndpoint_WhenTransferMade_ThenEventKeptWithNothingPending()
    {
        var key = await fixture.NewAccountAsync(balance: 10_000);
        await new TransferService(fixture.Client(key)).CreateAsync(TransferTests.Options(1_000));

        var recorded = Assert.Single(await fixture.Control.EventsAsync(key));

        Assert.Equal("transfer.created", recorded.Type);
        Assert.Equal(0, JsonDocument.Parse(recorded.Payload).RootElement.GetProperty("pending_webhooks").GetInt32());
        Assert.Empty(recorded.Deliveries);
    }
}
