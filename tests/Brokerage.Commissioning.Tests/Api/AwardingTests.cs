using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.Commissioning.Contracts;
using Brokerage.PooledFunds.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Brokerage.Commissioning.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class AwardingTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    [Fact]
    public async Task GivenScoredAndVotedCall_WhenBrokerAwards_ThenFundsAreReservedAndAfterTheStandstillTheContractStartsOnce()
    {
        Guid[] members = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var cheap = Scenario.Bid("Brixton Befrienders", 1_000_000, 1);
        var good = Scenario.Bid("Stockwell Social", 1_100_000, 2);
        var weak = Scenario.Bid("Kennington Care", 1_150_000, 3);
        var (poolId, callId) = await S.EvaluatingCallAsync(members, [cheap, good, weak]);

        Assert.Equal(HttpStatusCode.NoContent, (await S.ScoreAsync(callId, cheap.BidId, 60)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await S.ScoreAsync(callId, good.BidId, 90)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await S.ScoreAsync(callId, weak.BidId, 50)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[0]), callId, good.BidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[1]), callId, good.BidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[2]), callId, cheap.BidId)).StatusCode);

        var early = await S.AwardAsync(callId);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        S.PassVotingWindow((await S.CallAsync(callId))!);
        var awardedAt = S.Service.Now;
        var award = await S.AwardAsync(callId);
        Assert.Equal(HttpStatusCode.Accepted, award.StatusCode);

        // 3 of 4 voted (quorum 50%): price 40, quality 30, vote 30.
        // cheap: 100, 60, 33.33 → 40 + 18 + 10 = 68.00; good: 90.91, 90, 66.67 → 36.364 + 27 + 20.001 = 83.37 (2 dp)
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<CallForOffersAwarded>().Any(a => a.CallId == callId)), "CallForOffersAwarded");
        var published = S.Partners.All<CallForOffersAwarded>().Single(a => a.CallId == callId);
        Assert.Equal(good.BidId, published.BidId);
        Assert.Equal(3, published.Scores.Count);
        var goodScore = published.Scores.Single(s => s.BidId == good.BidId);
        Assert.Equal(90.91m, goodScore.PriceScore);
        Assert.Equal(66.67m, goodScore.VoteScore);
        Assert.Equal(83.37m, goodScore.Total);
        Assert.Equal(68.00m, published.Scores.Single(s => s.BidId == cheap.BidId).Total);
        Assert.True(published.Vote!.QuorumMet);
        Assert.Equal(awardedAt.AddDays(10), published.StandstillEndsAt);

        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<ReserveFunds>().Any(r => r.ContractId == published.ContractId)), "ReserveFunds");
        var reserve = S.Partners.All<ReserveFunds>().Single(r => r.ContractId == published.ContractId);
        Assert.Equal(poolId, reserve.PoolId);
        Assert.Equal(1_100_000, reserve.Amount);
        await S.WaitForStatusAsync(callId, CallStatus.Standstill);

        // Not before the standstill ends: a timer round a day early leaves it as it is.
        S.Service.Clock.Advance(TimeSpan.FromDays(9));
        await S.Service.Services.GetServices<IHostedService>().OfType<CallTimers>().Single().RunOnceAsync(CancellationToken.None);
        Assert.Equal(CallStatus.Standstill, (await S.CallAsync(callId))!.Status);
        S.Service.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await S.WaitForStatusAsync(callId, CallStatus.Contracted);
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<ContractStarted>().Any(c => c.CallId == callId)), "ContractStarted");
        var startedId = S.Partners.All<ContractStarted>().First(c => c.CallId == callId).ContractId;
        Assert.Equal(1, await S.CountEventsAsync<ContractCommenced>(startedId));
        await S.Service.OutboxDrainedAsync(); // the one commencement's message is the only one that left
        var started = S.Partners.All<ContractStarted>().Single(c => c.CallId == callId);
        Assert.Equal(published.ContractId, started.ContractId);
        Assert.Equal(12, started.PaymentSchedule!.Count);
        Assert.Equal(1_100_000, started.PaymentSchedule.Sum(i => i.Amount));
        Assert.Equal(1, await S.CountEventsAsync<ContractCommenced>(started.ContractId));

        // The provider and the pool's members read the contract; another provider does not.
        var asProvider = await S.As(Tokens.Provider(good.ProviderId)).GetFromJsonAsync<JsonElement>($"/api/contracts/{started.ContractId}");
        Assert.Equal(1_100_000, asProvider.GetProperty("totalAmount").GetInt64());
        Assert.Equal(91_666, asProvider.GetProperty("paymentSchedule")[0].GetProperty("amount").GetInt64());
        Assert.Equal(91_674, asProvider.GetProperty("paymentSchedule")[11].GetProperty("amount").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await S.As(Tokens.Member(members[3])).GetAsync($"/api/contracts/{started.ContractId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await S.As(Tokens.Provider(cheap.ProviderId)).GetAsync($"/api/contracts/{started.ContractId}")).StatusCode);

        // Varied: the new terms wait until the pool has set the reservation to the new total, then take effect once.
        var contract = (await S.Service.ReadAsync(q => q.LoadAsync<ServiceContract>(started.ContractId)))!;
        var varied = await S.Broker.PostAsJsonAsync($"/api/contracts/{started.ContractId}/variations",
            new { annualAmount = 1_200_000, currency = "GBP", endDate = ServiceContract.EndOf(contract.StartDate, 18).ToString("yyyy-MM-dd"), reason = "Extended by six months" });
        Assert.Equal(HttpStatusCode.Accepted, varied.StatusCode);
        var variedBody = await varied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1_100_000, variedBody.GetProperty("totalAmount").GetInt64());
        Assert.Equal(1_800_000, variedBody.GetProperty("pendingVariation").GetProperty("totalAmount").GetInt64());
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<ContractVaried>().Any(c => c.ContractId == started.ContractId)), "ContractVaried");
        var adjust = Assert.Single(S.Partners.All<AdjustReservation>(), a => a.ContractId == started.ContractId);
        Assert.Equal((poolId, 1_800_000L), (adjust.PoolId, adjust.Amount));
        var afterVariation = await S.Broker.GetFromJsonAsync<JsonElement>($"/api/contracts/{started.ContractId}");
        Assert.Equal((18, 1_800_000L, 1), (afterVariation.GetProperty("paymentSchedule").GetArrayLength(), afterVariation.GetProperty("totalAmount").GetInt64(),
            afterVariation.GetProperty("variations").GetInt32()));
        Assert.Equal(JsonValueKind.Null, afterVariation.GetProperty("pendingVariation").ValueKind);

        // A variation the pool cannot cover is refused with PooledFunds' reason, and the terms stay.
        S.Partners.RefusingAdjustments[poolId] = "The pool has 100 pence available; the variation needs 600000 more.";
        var tooDear = await S.Broker.PostAsJsonAsync($"/api/contracts/{started.ContractId}/variations",
            new { annualAmount = 1_600_000, currency = "GBP", reason = "More hours" });
        Assert.Equal(HttpStatusCode.Accepted, tooDear.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await S.Broker.PostAsJsonAsync($"/api/contracts/{started.ContractId}/variations",
            new { annualAmount = 1_500_000, currency = "GBP", reason = "Meanwhile" })).StatusCode);
        await Eventually.HoldsAsync(async () => (await S.Service.ReadAsync(q => q.LoadAsync<ServiceContract>(started.ContractId)))!.LastRefused is not null, "the refusal");
        var refused = await S.Broker.GetFromJsonAsync<JsonElement>($"/api/contracts/{started.ContractId}");
        Assert.Equal(1_800_000, refused.GetProperty("totalAmount").GetInt64());
        Assert.Equal(S.Partners.RefusingAdjustments[poolId], refused.GetProperty("lastRefusedVariation").GetProperty("reason").GetString());
        var providerView = await S.As(Tokens.Provider(good.ProviderId)).GetFromJsonAsync<JsonElement>($"/api/contracts/{started.ContractId}");
        Assert.Equal(JsonValueKind.Null, providerView.GetProperty("lastRefusedVariation").ValueKind); // the pool's funds are not the provider's business
        Assert.Single(S.Partners.All<ContractVaried>(), c => c.ContractId == started.ContractId);

        // Ended: what is still reserved goes back to the pool.
        var ended = await S.Broker.PostAsJsonAsync($"/api/contracts/{started.ContractId}/end", new { reason = "Service no longer needed" });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await S.Broker.PostAsJsonAsync($"/api/contracts/{started.ContractId}/end", new { reason = "Again" })).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<ContractEnded>().Any(c => c.ContractId == started.ContractId)), "ContractEnded");
        await Eventually.HoldsAsync(
            () => Task.FromResult(S.Partners.All<ReleaseReservation>().Any(r => r.ContractId == started.ContractId && r.PoolId == poolId)), "ReleaseReservation");

        var ocds = await Ocds.FetchValidAsync(S.As(null), $"/ocds/tenders/{callId}/releases");
        var tags = JsonDocument.Parse(ocds).RootElement.GetProperty("releases").EnumerateArray().SelectMany(r => r.GetProperty("tag").EnumerateArray()).Select(t => t.GetString()).ToArray();
        Assert.Superset(new HashSet<string?> { "planning", "tender", "award", "contract", "contractAmendment", "contractTermination" }, tags.ToHashSet());
        foreach (var member in members)
        {
            Assert.DoesNotContain(member.ToString(), ocds);
        }
    }

    [Fact]
    public async Task GivenPoolCannotCoverTheAward_WhenBrokerAwards_ThenTheAwardIsRevertedAndTheBrokerAwardsTheNextBidder()
    {
        Guid[] members = [Guid.NewGuid(), Guid.NewGuid()];
        var best = Scenario.Bid("Vauxhall Voices", 900_000, 1);
        var next = Scenario.Bid("Oval Outings", 950_000, 2);
        var (poolId, callId) = await S.EvaluatingCallAsync(members, [best, next]);
        S.Partners.RefusingPools[poolId] = "The pool's available funds do not cover the contract.";
        await S.ScoreAsync(callId, best.BidId, 80);
        await S.ScoreAsync(callId, next.BidId, 70);
        S.PassVotingWindow((await S.CallAsync(callId))!);

        Assert.Equal(HttpStatusCode.Accepted, (await S.AwardAsync(callId)).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<AwardReverted>().Any(a => a.CallId == callId)), "AwardReverted");
        var reverted = S.Partners.All<AwardReverted>().Single(a => a.CallId == callId);
        Assert.Equal(best.BidId, reverted.BidId);
        Assert.Equal("The pool's available funds do not cover the contract.", reverted.Reason);
        await S.WaitForStatusAsync(callId, CallStatus.Evaluating);
        var call = (await S.CallAsync(callId))!;
        Assert.Equal("reverted", call.Awards.Single().Status);
        Assert.Null(call.CurrentContractId);

        // Quorum was not met (nobody voted): the vote weight went to price and quality, and that was published.
        var awarded = S.Partners.All<CallForOffersAwarded>().Single(a => a.CallId == callId);
        Assert.False(awarded.Vote!.QuorumMet);
        Assert.Equal(0m, awarded.Vote.VoteWeight);
        Assert.Equal(100m, awarded.Vote.PriceWeight + awarded.Vote.QualityWeight);

        // The reverted bid cannot be named again; the next one can, once the pool can cover it.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await S.AwardAsync(callId, best.BidId)).StatusCode);
        S.Partners.RefusingPools.TryRemove(poolId, out _);
        Assert.Equal(HttpStatusCode.Accepted, (await S.AwardAsync(callId, next.BidId)).StatusCode);
        await S.WaitForStatusAsync(callId, CallStatus.Standstill);
        Assert.Equal(next.BidId, (await S.CallAsync(callId))!.CurrentAward!.BidId);
        Assert.Single(S.Partners.All<ReserveFunds>(), r => r.PoolId == poolId && r.Amount == 950_000);

        // Cancelled during the standstill: the reservation is released.
        var cancel = await S.Broker.PostAsJsonAsync($"/api/calls/{callId}/cancel", new { reason = "The pool is winding down" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var contractId = (await S.CallAsync(callId))!.Awards.Last().ContractId;
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<ReleaseReservation>().Any(r => r.ContractId == contractId)), "ReleaseReservation");
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<CallForOffersCancelled>().Any(c => c.CallId == callId)), "CallForOffersCancelled");

        await Ocds.FetchValidAsync(S.As(null), $"/ocds/tenders/{callId}/releases");
    }

    [Fact]
    public async Task GivenAwardAwaitingFunds_WhenTheCallIsCancelledAndTheFundsArriveLate_ThenTheReservationIsReleased()
    {
        Guid[] members = [Guid.NewGuid()];
        var bid = Scenario.Bid("Brixton Bakes", 480_000);
        var (poolId, callId) = await S.EvaluatingCallAsync(members, [bid]);
        S.Partners.SilentPools[poolId] = true;
        await S.ScoreAsync(callId, bid.BidId, 65);
        S.PassVotingWindow((await S.CallAsync(callId))!);
        Assert.Equal(HttpStatusCode.Accepted, (await S.AwardAsync(callId)).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<ReserveFunds>().Any(r => r.PoolId == poolId)), "ReserveFunds");
        var reserve = S.Partners.All<ReserveFunds>().Single(r => r.PoolId == poolId);

        var cancel = await S.Broker.PostAsJsonAsync($"/api/calls/{callId}/cancel", new { reason = "Members chose another route" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        await S.Partners.PublishAsync(new FundsReserved(poolId, reserve.ContractId, reserve.Amount, "GBP", DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<ReleaseReservation>().Any(r => r.ContractId == reserve.ContractId)), "ReleaseReservation");
        var call = (await S.CallAsync(callId))!;
        Assert.Equal(CallStatus.Cancelled, call.Status);
        Assert.Equal("cancelled", call.Awards.Single().Status);
        Assert.DoesNotContain(S.Partners.All<ContractStarted>(), c => c.CallId == callId);
        await Ocds.FetchValidAsync(S.As(null), $"/ocds/tenders/{callId}/releases");
    }
}
