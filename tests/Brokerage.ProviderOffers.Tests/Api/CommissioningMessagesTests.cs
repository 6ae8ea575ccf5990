using System.Net;
using System.Text.Json.Nodes;
using Brokerage.Commissioning.Contracts;
using Brokerage.ProviderOffers.Contracts;
using MassTransit;

namespace Brokerage.ProviderOffers.Tests.Api;

/// <summary>Commissioning's messages arriving twice or out of order.</summary>
[Collection(ServiceCollection.Name)]
public sealed class CommissioningMessagesTests(ServiceFixture service)
{
    [Fact]
    public async Task GivenCloseArrivesBeforeTheCallItself_WhenTheCallArrivesShortlyAfter_ThenTheCallIsClosedAndBidsOpenedOnce()
    {
        var council = Scenario.NewCouncil();
        var callId = Guid.NewGuid();
        var now = service.Clock.GetUtcNow();
        var closeId = Guid.NewGuid();

        await service.Bus.Publish(new CallForOffersClosed(callId, council, now), (PublishContext<CallForOffersClosed> c) => c.MessageId = closeId);
        await Task.Delay(150); // gives the close a head start (it is retried while the call is unknown); the outcome must not depend on it
        await service.Bus.Publish(new CallForOffersPublished(
            callId, council, Guid.NewGuid(), "Respite breaks", "Short breaks", ["Carers rest"], ["respite"], 2_000_000, "GBP", 12,
            DateOnly.FromDateTime(now.UtcDateTime), now.AddDays(7), now));
        await service.ConsumedAsync(closeId);
        await service.SettledAsync();

        var call = await Scenario.ReadAsync(await service.Client(Tokens.Broker(council)).GetAsync($"/api/calls/{callId}"));
        Assert.Equal("closed", call["status"]!.GetValue<string>());
        Assert.Single(service.Published.Messages, m => m.Is<BidsOpened>() && JsonNode.Parse(m.Body)!["message"]!["callId"]!.GetValue<Guid>() == callId);
    }

    [Fact]
    public async Task GivenPublishedCall_WhenPublishedAgainWithOtherTerms_ThenTheFirstRecordStands()
    {
        var council = Scenario.NewCouncil();
        var callId = await new Scenario(service).PublishCallAsync(council, maximumAnnualPrice: 5_000_000);
        var now = service.Clock.GetUtcNow();
        var againId = Guid.NewGuid();

        await service.Bus.Publish(
            new CallForOffersPublished(callId, council, Guid.NewGuid(), "Changed", "Changed", [], ["transport"], 9_000_000, "GBP", 1, DateOnly.FromDateTime(now.UtcDateTime), now.AddDays(1), now),
            (PublishContext<CallForOffersPublished> c) => c.MessageId = againId);
        await service.ConsumedAsync(againId);

        var response = await service.Client(Tokens.Broker(council)).GetAsync($"/api/calls/{callId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5_000_000, (await Scenario.ReadAsync(response))["maximumAnnualPriceAmount"]!.GetValue<long>());
    }
}
