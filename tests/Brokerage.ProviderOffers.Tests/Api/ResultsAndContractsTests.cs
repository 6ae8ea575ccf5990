using System.Net;
using Brokerage.Commissioning.Contracts;
using MassTransit;

namespace Brokerage.ProviderOffers.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class ResultsAndContractsTests(ServiceFixture service)
{
    private readonly Scenario scenario = new(service);

    [Fact]
    public async Task GivenAwardedCall_WhenBiddersReadResults_ThenEachSeesOnlyItsOwnScoresAndWhetherItWon()
    {
        var (council, call, winner, loser, winnerBid, loserBid) = await ClosedCallWithTwoBidsAsync();
        var contractId = Guid.NewGuid();

        await PublishAsync(new CallForOffersAwarded(
            call, council, Guid.NewGuid(), contractId, winnerBid, winner, 3_000_000, "GBP",
            [new BidScore(winnerBid, winner, 100m, 80m, 75.5m, 85.25m), new BidScore(loserBid, loser, 90m, 60.25m, 24.5m, 61.1m)],
            service.Clock.GetUtcNow().AddDays(10), service.Clock.GetUtcNow()));

        var won = Assert.Single(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(winner)).GetAsync($"/api/providers/{winner}/results")))!;
        Assert.Equal("won", won["outcome"]!.GetValue<string>());
        Assert.Equal(85.25m, won["total"]!.GetValue<decimal>());
        Assert.Equal(contractId, won["contractId"]!.GetValue<Guid>());
        Assert.Equal("Weekday home care in Brixton", won["callTitle"]!.GetValue<string>());
        var lost = Assert.Single(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(loser)).GetAsync($"/api/providers/{loser}/results")))!;
        Assert.Equal("not-won", lost["outcome"]!.GetValue<string>());
        Assert.Equal(60.25m, lost["qualityScore"]!.GetValue<decimal>());
        Assert.Equal(loserBid, lost["bidId"]!.GetValue<Guid>());
        Assert.DoesNotContain(winnerBid.ToString(), lost.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("85.25", lost.ToJsonString(), StringComparison.Ordinal);
        await Scenario.ProblemAsync(await service.Client(Tokens.Provider(loser)).GetAsync($"/api/providers/{winner}/results"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GivenAward_WhenItIsRevertedAndTheCallReawarded_ThenResultsFollowAndDuplicatesChangeNothing()
    {
        var (council, call, first, second, firstBid, secondBid) = await ClosedCallWithTwoBidsAsync();
        var firstContract = Guid.NewGuid();
        var scores = new[] { new BidScore(firstBid, first, 100m, 70m, 70m, 80m), new BidScore(secondBid, second, 80m, 70m, 60m, 70m) };
        var award = new CallForOffersAwarded(call, council, Guid.NewGuid(), firstContract, firstBid, first, 3_000_000, "GBP", scores,
            service.Clock.GetUtcNow().AddDays(10), service.Clock.GetUtcNow());
        await PublishAsync(award);
        await PublishAsync(award); // the same award again, under a new message id

        await PublishAsync(new AwardReverted(call, council, firstContract, firstBid, "The pool cannot cover the price", service.Clock.GetUtcNow()));

        var reverted = Assert.Single(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(first)).GetAsync($"/api/providers/{first}/results")))!;
        Assert.Equal("award-reverted", reverted["outcome"]!.GetValue<string>());
        Assert.Equal("The pool cannot cover the price", reverted["revertedReason"]!.GetValue<string>());
        Assert.Equal("pending", (await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(second)).GetAsync($"/api/providers/{second}/results")))[0]!["outcome"]!.GetValue<string>());

        await PublishAsync(award with { ContractId = Guid.NewGuid(), BidId = secondBid, ProviderId = second });

        Assert.Equal("won", (await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(second)).GetAsync($"/api/providers/{second}/results")))[0]!["outcome"]!.GetValue<string>());
        Assert.Equal("not-won", (await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(first)).GetAsync($"/api/providers/{first}/results")))[0]!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenContractStarted_WhenVariedAndEnded_ThenOnlyItsProviderReadsItsCurrentTerms()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var other = await scenario.VerifiedProviderAsync(council);
        var contractId = Guid.NewGuid();
        var start = new DateOnly(2027, 1, 1);
        var started = new ContractStarted(contractId, Guid.NewGuid(), council, Guid.NewGuid(), provider, 3_000_000, "GBP", start, start.AddMonths(24), service.Clock.GetUtcNow());

        await PublishAsync(started);
        await PublishAsync(started);
        var contracts = await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(provider)).GetAsync($"/api/providers/{provider}/contracts"));
        Assert.Equal("active", Assert.Single(contracts)!["status"]!.GetValue<string>());

        var varied = new ContractVaried(contractId, council, 3_300_000, "GBP", start.AddMonths(30), "Two more people joined", service.Clock.GetUtcNow().AddDays(1));
        await PublishAsync(varied);
        await PublishAsync(varied);
        await PublishAsync(new ContractEnded(contractId, council, "Term completed", service.Clock.GetUtcNow().AddDays(2)));

        var contract = Assert.Single(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(provider)).GetAsync($"/api/providers/{provider}/contracts")))!;
        Assert.Equal(3_300_000, contract["annualPriceAmount"]!.GetValue<long>());
        Assert.Equal("2029-07-01", contract["endDate"]!.GetValue<string>());
        Assert.Single(contract["variations"]!.AsArray());
        Assert.Equal("ended", contract["status"]!.GetValue<string>());
        Assert.Equal("Term completed", contract["endReason"]!.GetValue<string>());
        Assert.Empty(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(other)).GetAsync($"/api/providers/{other}/contracts")));
        await Scenario.ProblemAsync(await service.Client(Tokens.Provider(other)).GetAsync($"/api/providers/{provider}/contracts"), HttpStatusCode.NotFound);
    }

    private async Task<(string Council, Guid Call, Guid A, Guid B, Guid BidA, Guid BidB)> ClosedCallWithTwoBidsAsync()
    {
        var council = Scenario.NewCouncil();
        var a = await scenario.VerifiedProviderAsync(council);
        var b = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var bidA = await scenario.BidAsync(a, call, Scenario.BidBody(3_000_000));
        var bidB = await scenario.BidAsync(b, call, Scenario.BidBody(3_500_000));
        await scenario.CloseCallAsync(call, council);
        return (council, call, a, b, bidA, bidB);
    }

    private async Task PublishAsync<T>(T message)
        where T : class
    {
        var id = Guid.NewGuid();
        await service.Bus.Publish(message, (PublishContext<T> context) => context.MessageId = id);
        await service.ConsumedAsync(id);
    }
}
