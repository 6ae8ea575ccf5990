using System.Net;
using System.Text.Json;

namespace Brokerage.Scenarios.Tests;

/// <summary>
/// Issue 5: a whole commissioning round across the four services on real RabbitMQ and PostgreSQL, through their public
/// APIs only: need → call → three bids (one revised, one withdrawn) → closing on time → scores and votes → award →
/// funds reserved → standstill → contract; and the round where the pool cannot cover the award.
/// </summary>
[Collection(BrokerageCollection.Name)]
public sealed class CommissioningRoundTests(Brokerage brokerage)
{
    private readonly Steps steps = new(brokerage);

    [Fact]
    public async Task GivenAnActivePoolAndThreeBidders_WhenTheRoundRunsWithServicesKilledMidway_ThenTheBestBidGetsAContractAndThePoolReservesItsValue()
    {
        // Three members pool 400,000p each; the council activates the pool.
        var amara = await steps.RegisterMemberAsync("Amara Okafor", "Kingfisher", 1_200_000);
        var ben = await steps.RegisterMemberAsync("Ben Hughes", "Otter", 1_200_000);
        var chloe = await steps.RegisterMemberAsync("Chloe Martin", "Heron", 1_200_000);
        var poolId = await steps.OpenPoolAsync("Stockwell evenings", minimumMembers: 3, target: 1_000_000, quorumPercent: 50);
        foreach (var member in new[] { amara, ben, chloe })
        {
            await steps.PledgeAsync(poolId, member, 400_000);
        }

        await steps.ActivatePoolAsync(poolId);

        // A member raises a need, another supports it; the broker turns it into a call for offers.
        var needId = await steps.RaiseNeedAsync(poolId, amara, "Support to go out in the evenings");
        await steps.SupportNeedAsync(needId, ben);
        var firstChoice = await steps.RegisterVerifiedProviderAsync("Brixton Evenings CIC");
        var reviser = await steps.RegisterVerifiedProviderAsync("Stockwell Friends Ltd");
        var withdrawer = await steps.RegisterVerifiedProviderAsync("Late Night Care Ltd");
        var callId = await steps.PublishCallAsync(needId, maximumAnnual: 1_000_000, closesIn: TimeSpan.FromMinutes(10));

        // Three sealed bids: one revised, one withdrawn.
        var bestBid = await steps.BidAsync(callId, firstChoice, 900_000);
        var revisedBid = await steps.BidAsync(callId, reviser, 990_000);
        var withdrawnBid = await steps.BidAsync(callId, withdrawer, 700_000);
        using (var asReviser = brokerage.ProviderOffers.Client(Brokerage.ProviderToken(reviser)))
        {
            await asReviser.PutAsync($"/api/calls/{callId}/bids/{revisedBid}", System.Net.Http.Json.JsonContent.Create(new
            {
                annualPriceAmount = 950_000,
                currency = "GBP",
                capacity = 14,
                proposal = "Evening groups, a buddy scheme and transport home.",
                outcomeCommitments = new[] { "Two evenings out a week", "A safe journey home" },
            })).ExpectAsync(HttpStatusCode.OK);
        }

        using (var asWithdrawer = brokerage.ProviderOffers.Client(Brokerage.ProviderToken(withdrawer)))
        {
            await asWithdrawer.PostEmpty($"/api/calls/{callId}/bids/{withdrawnBid}/withdrawal").ExpectAsync(HttpStatusCode.OK);
        }

        // Sealed: before closing nobody but the bidder reads a bid, in ProviderOffers or in Commissioning (which has none yet).
        using (var brokerOffers = steps.BrokerOf(brokerage.ProviderOffers))
        using (var otherProvider = brokerage.ProviderOffers.Client(Brokerage.ProviderToken(withdrawer)))
        using (var memberOffers = brokerage.ProviderOffers.Client(Brokerage.MemberToken(amara)))
        using (var brokerCommissioning = steps.BrokerOf(brokerage.Commissioning))
        using (var memberCommissioning = brokerage.Commissioning.Client(Brokerage.MemberToken(amara)))
        {
            await brokerOffers.GetAsync($"/api/calls/{callId}/bids").ExpectAsync(HttpStatusCode.Forbidden);
            await brokerOffers.GetAsync($"/api/calls/{callId}/bids/{bestBid}").ExpectAsync(HttpStatusCode.Forbidden);
            await otherProvider.GetAsync($"/api/calls/{callId}/bids/{bestBid}").ExpectAsync(HttpStatusCode.NotFound);
            await memberOffers.GetAsync($"/api/calls/{callId}/bids/{bestBid}").ExpectAsync(HttpStatusCode.NotFound);
            await brokerCommissioning.GetAsync($"/api/calls/{callId}/evaluation").ExpectAsync(HttpStatusCode.Conflict);
            await memberCommissioning.GetAsync($"/api/calls/{callId}/evaluation").ExpectAsync(HttpStatusCode.Conflict);
        }

        // Nobody presses a button: the call closes on time in Commissioning (its clock moved to the closing time) while
        // ProviderOffers is down; the closing waits for it in RabbitMQ, and once it is back it opens the bids and
        // Commissioning evaluates.
        await brokerage.ProviderOffers.KillAsync();
        await steps.AdvanceCommissioningClockAsync(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5));
        await steps.CallInStatusAsync(callId, "closed", TimeSpan.FromSeconds(60));
        await brokerage.ProviderOffers.StartAsync();
        var evaluation = await steps.EvaluationWhenOpenedAsync(callId, TimeSpan.FromSeconds(60));
        var opened = evaluation.GetProperty("bids").EnumerateArray().ToDictionary(b => b.GetProperty("bidId").GetGuid());
        Assert.Equal(new[] { bestBid, revisedBid }.Order(), opened.Keys.Order()); // the withdrawn bid is never opened
        using (var brokerOffers = steps.BrokerOf(brokerage.ProviderOffers))
        {
            var unsealed = await brokerOffers.GetAsync($"/api/calls/{callId}/bids").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(2, unsealed.GetArrayLength());
        }

        Assert.Equal(950_000, opened[revisedBid].GetProperty("annualAmount").GetInt64());
        Assert.Equal(100m, opened[bestBid].GetProperty("priceScore").GetDecimal());
        Assert.Equal(94.74m, opened[revisedBid].GetProperty("priceScore").GetDecimal()); // 100 × 900,000 / 950,000

        // The broker scores quality; two of the three members vote during the window (quorum 50%).
        using (var commissioning = steps.BrokerOf(brokerage.Commissioning))
        {
            await commissioning.PutAsync($"/api/calls/{callId}/bids/{bestBid}/quality",
                System.Net.Http.Json.JsonContent.Create(new { score = 80, reason = "Clear plan, members involved in every month's programme" })).ExpectAsync(HttpStatusCode.NoContent);
            await commissioning.PutAsync($"/api/calls/{callId}/bids/{revisedBid}/quality",
                System.Net.Http.Json.JsonContent.Create(new { score = 70, reason = "Good transport offer, thinner plan for involvement" })).ExpectAsync(HttpStatusCode.NoContent);
        }

        foreach (var (member, bid) in new[] { (amara, bestBid), (ben, bestBid) })
        {
            using var voter = brokerage.Commissioning.Client(Brokerage.MemberToken(member));
            await voter.PostJson($"/api/calls/{callId}/votes", new { bidId = bid }).ExpectAsync(HttpStatusCode.Created);
        }

        using (var again = brokerage.Commissioning.Client(Brokerage.MemberToken(amara)))
        {
            await again.PostJson($"/api/calls/{callId}/votes", new { bidId = revisedBid }).ExpectAsync(HttpStatusCode.Conflict);
        }

        await steps.AdvanceCommissioningClockAsync(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1)); // the voting window ends

        // PooledFunds is down when the award is made: ReserveFunds waits for it in RabbitMQ.
        await brokerage.PooledFunds.KillAsync();
        using (var commissioning = steps.BrokerOf(brokerage.Commissioning))
        {
            await commissioning.PostJson($"/api/calls/{callId}/award", new { }).ExpectAsync(HttpStatusCode.Accepted);
        }

        await brokerage.PooledFunds.StartAsync();
        var inStandstill = await steps.CallInStatusAsync(callId, "standstill", TimeSpan.FromSeconds(30));
        var award = inStandstill.GetProperty("awards").EnumerateArray().Single();
        Assert.Equal(bestBid, award.GetProperty("bidId").GetGuid());
        var scores = award.GetProperty("scores").EnumerateArray().ToDictionary(s => s.GetProperty("bidId").GetGuid());
        Assert.Equal(2, scores.Count);
        Assert.True(scores[bestBid].GetProperty("total").GetDecimal() > scores[revisedBid].GetProperty("total").GetDecimal());

        var ledger = await steps.LedgerAsync(poolId);
        Assert.Equal(900_000, ledger.GetProperty("totals").GetProperty("reserved").GetInt64());
        Assert.Equal(300_000, ledger.GetProperty("totals").GetProperty("available").GetInt64());
        Assert.Equal(1_200_000, ledger.GetProperty("totals").GetProperty("pledged").GetInt64());

        // The pool's audit trail names the broker whose award, in Commissioning, made PooledFunds reserve the funds.
        using (var pools = steps.BrokerOf(brokerage.PooledFunds))
        {
            var history = await pools.GetAsync($"/api/pools/{poolId}/history").ExpectAsync(HttpStatusCode.OK);
            var reservation = history.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("event").GetString() == "contract-funds-reserved");
            Assert.Equal(("system", "broker-lambeth"), (reservation.GetProperty("recordedBy").GetString(), reservation.GetProperty("initiatedBy").GetString()));
        }

        // Commissioning is killed during the standstill; after it restarts, the standstill passes and the contract starts once.
        await brokerage.Commissioning.KillAsync();
        await brokerage.Commissioning.StartAsync();
        // The Development clock's offset does not survive a restart (earlier scenarios may have moved it by weeks): move it
        // from wherever it now is to just past the standstill's end.
        var standstillEndsAt = (await steps.CallAsync(callId)).GetProperty("standstillEndsAt").GetDateTimeOffset();
        var untilEnd = standstillEndsAt - await steps.CommissioningNowAsync() + TimeSpan.FromMinutes(1);
        await steps.AdvanceCommissioningClockAsync(untilEnd > TimeSpan.Zero ? untilEnd : TimeSpan.Zero);
        var contracted = await steps.CallInStatusAsync(callId, "contracted", TimeSpan.FromSeconds(30));
        var contractId = contracted.GetProperty("contractId").GetGuid();

        using (var provider = brokerage.Commissioning.Client(Brokerage.ProviderToken(firstChoice)))
        {
            var contracts = await provider.GetAsync("/api/contracts").ExpectAsync(HttpStatusCode.OK);
            var contract = Assert.Single(contracts.EnumerateArray());
            Assert.Equal(contractId, contract.GetProperty("id").GetGuid());
            Assert.Equal("active", contract.GetProperty("status").GetString());
            var schedule = contract.GetProperty("paymentSchedule").EnumerateArray().ToList();
            Assert.Equal(12, schedule.Count);
            Assert.Equal(900_000, schedule.Sum(i => i.GetProperty("amount").GetInt64()));
        }

        // The provider sees its result and its contract in ProviderOffers, learnt from Commissioning's messages.
        using (var provider = brokerage.ProviderOffers.Client(Brokerage.ProviderToken(firstChoice)))
        {
            var mine = await Http.EventuallyAsync(async () =>
            {
                var contracts = await provider.GetAsync($"/api/providers/{firstChoice}/contracts").ExpectAsync(HttpStatusCode.OK);
                return contracts.GetArrayLength() == 1 ? contracts[0] : (JsonElement?)null;
            }, Steps.MessageWait, "ProviderOffers shows the provider its contract");
            Assert.Equal(contractId, mine.GetProperty("id").GetGuid());
            var results = await provider.GetAsync($"/api/providers/{firstChoice}/results").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("won", Assert.Single(results.EnumerateArray()).GetProperty("outcome").GetString());
        }

        using (var loser = brokerage.ProviderOffers.Client(Brokerage.ProviderToken(reviser)))
        {
            var results = await loser.GetAsync($"/api/providers/{reviser}/results").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("not-won", Assert.Single(results.EnumerateArray()).GetProperty("outcome").GetString());
        }

        // A variation that raises the contract's value takes effect only once PooledFunds has reserved the difference;
        // one the pool cannot cover is refused with PooledFunds' reason; ending the contract gives the money back.
        using (var commissioning = steps.BrokerOf(brokerage.Commissioning))
        {
            var raised = await commissioning.PostJson($"/api/contracts/{contractId}/variations",
                new { annualAmount = 1_100_000, currency = "GBP", reason = "Two more outings a month" }).ExpectAsync(HttpStatusCode.Accepted);
            var newTotal = raised.GetProperty("pendingVariation").GetProperty("totalAmount").GetInt64();
            Assert.InRange(newTotal, 900_001, 1_100_000); // periods already begun keep their amounts
            await Http.EventuallyAsync(async () =>
            {
                var contract = await commissioning.GetAsync($"/api/contracts/{contractId}").ExpectAsync(HttpStatusCode.OK);
                return contract.GetProperty("totalAmount").GetInt64() == newTotal ? contract : (JsonElement?)null;
            }, Steps.MessageWait, "the variation takes effect once the pool has reserved it");
            ledger = await steps.LedgerAsync(poolId);
            Assert.Equal(newTotal, ledger.GetProperty("totals").GetProperty("reserved").GetInt64());
            Assert.Equal(1_200_000 - newTotal, ledger.GetProperty("totals").GetProperty("available").GetInt64());

            await commissioning.PostJson($"/api/contracts/{contractId}/variations",
                new { annualAmount = 2_000_000, currency = "GBP", reason = "Daily outings" }).ExpectAsync(HttpStatusCode.Accepted);
            var refused = await Http.EventuallyAsync(async () =>
            {
                var contract = await commissioning.GetAsync($"/api/contracts/{contractId}").ExpectAsync(HttpStatusCode.OK);
                return contract.GetProperty("lastRefusedVariation").ValueKind == JsonValueKind.Object ? contract : (JsonElement?)null;
            }, Steps.MessageWait, "the pool refuses a variation it cannot cover");
            Assert.StartsWith($"The pool has {1_200_000 - newTotal} pence available", refused.GetProperty("lastRefusedVariation").GetProperty("reason").GetString());
            Assert.Equal(newTotal, refused.GetProperty("totalAmount").GetInt64());
            Assert.Equal(newTotal, (await steps.LedgerAsync(poolId)).GetProperty("totals").GetProperty("reserved").GetInt64());

            await commissioning.PostJson($"/api/contracts/{contractId}/end", new { reason = "The group now runs its own outings" }).ExpectAsync(HttpStatusCode.OK);
            var released = await Http.EventuallyAsync(async () =>
            {
                var after = await steps.LedgerAsync(poolId);
                return after.GetProperty("totals").GetProperty("reserved").GetInt64() == 0 ? after : (JsonElement?)null;
            }, Steps.MessageWait, "ending the contract releases its reservation");
            Assert.Equal(1_200_000, released.GetProperty("totals").GetProperty("available").GetInt64());
        }

        // And it is published as open contracting data.
        using var anyone = brokerage.Commissioning.Client();
        var package = await anyone.GetAsync($"/ocds/tenders/{callId}/releases").ExpectAsync(HttpStatusCode.OK);
        var invalid = await global::Brokerage.Testing.OcdsSchema.ErrorsAsync(package.GetRawText());
        Assert.True(invalid.Count == 0, "The OCDS release package is invalid:\n" + string.Join("\n", invalid));
        var tags = package.GetProperty("releases").EnumerateArray().SelectMany(r => r.GetProperty("tag").EnumerateArray().Select(t => t.GetString())).ToHashSet();
        Assert.Superset(new HashSet<string?> { "tender", "award", "contract", "contractAmendment", "contractTermination" }, tags);
    }

    [Fact]
    public async Task GivenAPoolThatCannotCoverTheAward_WhenTheBrokerAwards_ThenTheAwardIsRevertedWithTheReasonAndNothingIsReserved()
    {
        var dev = await steps.RegisterMemberAsync("Dev Patel", "Swift", 800_000);
        var poolId = await steps.OpenPoolAsync("Kennington small pool", minimumMembers: 1, target: 100_000, quorumPercent: 100);
        await steps.PledgeAsync(poolId, dev, 300_000);
        await steps.ActivatePoolAsync(poolId);
        var needId = await steps.RaiseNeedAsync(poolId, dev, "Someone to go swimming with");
        var provider = await steps.RegisterVerifiedProviderAsync("Lambeth Swim Buddies");
        var callId = await steps.PublishCallAsync(needId, maximumAnnual: 1_000_000, closesIn: TimeSpan.FromSeconds(8));
        var bid = await steps.BidAsync(callId, provider, 600_000);

        await steps.EvaluationWhenOpenedAsync(callId, TimeSpan.FromSeconds(60));
        using (var commissioning = steps.BrokerOf(brokerage.Commissioning))
        {
            await commissioning.PutAsync($"/api/calls/{callId}/bids/{bid}/quality",
                System.Net.Http.Json.JsonContent.Create(new { score = 75, reason = "Experienced and local" })).ExpectAsync(HttpStatusCode.NoContent);
        }

        using (var voter = brokerage.Commissioning.Client(Brokerage.MemberToken(dev)))
        {
            await voter.PostJson($"/api/calls/{callId}/votes", new { bidId = bid }).ExpectAsync(HttpStatusCode.Created);
        }

        await steps.AdvanceCommissioningClockAsync(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        using (var commissioning = steps.BrokerOf(brokerage.Commissioning))
        {
            await commissioning.PostJson($"/api/calls/{callId}/award", new { }).ExpectAsync(HttpStatusCode.Accepted);
        }

        // 600,000p a year for 12 months needs 600,000p; the pool holds 300,000p.
        var reverted = await Http.EventuallyAsync(async () =>
        {
            var call = await steps.CallAsync(callId);
            var award = call.GetProperty("awards").EnumerateArray().SingleOrDefault();
            return award.ValueKind == JsonValueKind.Object && award.GetProperty("revertReason").ValueKind == JsonValueKind.String ? call : (JsonElement?)null;
        }, Steps.MessageWait, "the award is reverted with a reason");
        Assert.Equal("evaluating", reverted.GetProperty("status").GetString());
        var reason = reverted.GetProperty("awards")[0].GetProperty("revertReason").GetString();
        Assert.Contains("300000", reason, StringComparison.Ordinal);

        var ledger = await steps.LedgerAsync(poolId);
        Assert.Equal(0, ledger.GetProperty("totals").GetProperty("reserved").GetInt64());
        Assert.Equal(300_000, ledger.GetProperty("totals").GetProperty("available").GetInt64());
        Assert.DoesNotContain(ledger.GetProperty("reservations").EnumerateArray(), r => r.GetProperty("reserved").GetInt64() > 0);

        using var asProvider = brokerage.ProviderOffers.Client(Brokerage.ProviderToken(provider));
        var result = await Http.EventuallyAsync(async () =>
        {
            var results = await asProvider.GetAsync($"/api/providers/{provider}/results").ExpectAsync(HttpStatusCode.OK);
            return results.GetArrayLength() == 1 && results[0].GetProperty("outcome").GetString() == "award-reverted" ? results[0] : (JsonElement?)null;
        }, Steps.MessageWait, "the provider sees the award reverted");
        Assert.Equal(bid, result.GetProperty("bidId").GetGuid());
    }
}
