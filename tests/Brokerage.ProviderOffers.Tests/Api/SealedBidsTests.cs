using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Brokerage.ProviderOffers.Contracts;

namespace Brokerage.ProviderOffers.Tests.Api;

/// <summary>Until a call closes nobody but the bidding provider can read a bid: through any endpoint, message or log line.</summary>
[Collection(ServiceCollection.Name)]
public sealed class SealedBidsTests(ServiceFixture service)
{
    private readonly Scenario scenario = new(service);

    [Fact]
    public async Task GivenBidsOnOpenCall_WhenAnyoneButTheBidderReads_ThenRefusedUntilClosingAndOnlyTheCouncilsStaffAfter()
    {
        var (council, other) = (Scenario.NewCouncil(), Scenario.NewCouncil());
        var bidder = await scenario.VerifiedProviderAsync(council);
        var rival = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var marker = "sealed-" + Guid.NewGuid().ToString("N");
        var bidId = await scenario.BidAsync(bidder, call, Scenario.BidBody(4_111_111, marker));
        var rivalBid = await scenario.BidAsync(rival, call);
        Assert.Equal(HttpStatusCode.OK, (await service.Client(Tokens.Provider(bidder)).PutAsJsonAsync(
            $"/api/calls/{call}/bids/{bidId}", Scenario.BidBody(4_222_222, marker + "-revised"))).StatusCode);

        var staff = new[] { Tokens.Broker(council), Tokens.CouncilAdmin(council) };
        var outsiders = new (string Who, string? Token)[]
        {
            ("other provider", Tokens.Provider(rival)),
            ("member", Tokens.Member(council)),
            ("representative", Tokens.Representative(council)),
            ("other council's broker", Tokens.Broker(other)),
            ("other council's admin", Tokens.CouncilAdmin(other)),
        };

        // Before closing.
        Assert.Equal(HttpStatusCode.OK, (await service.Client(Tokens.Provider(bidder)).GetAsync($"/api/calls/{call}/bids/{bidId}")).StatusCode);
        foreach (var token in staff)
        {
            await Scenario.ProblemAsync(await service.Client(token).GetAsync($"/api/calls/{call}/bids/{bidId}"), HttpStatusCode.Forbidden, "Bids are sealed");
            await Scenario.ProblemAsync(await service.Client(token).GetAsync($"/api/calls/{call}/bids/{Guid.NewGuid()}"), HttpStatusCode.Forbidden, "Bids are sealed");
            await Scenario.ProblemAsync(await service.Client(token).GetAsync($"/api/calls/{call}/bids"), HttpStatusCode.Forbidden, "Bids are sealed");
            await Scenario.ProblemAsync(await service.Client(token).GetAsync($"/api/providers/{bidder}/bids"), HttpStatusCode.Forbidden);
            var callBody = await (await service.Client(token).GetAsync($"/api/calls/{call}")).Content.ReadAsStringAsync();
            var providerBody = await (await service.Client(token).GetAsync($"/api/providers/{bidder}")).Content.ReadAsStringAsync();
            var callList = await (await service.Client(token).GetAsync("/api/calls")).Content.ReadAsStringAsync();
            foreach (var body in new[] { callBody, providerBody, callList })
            {
                Assert.DoesNotContain(marker, body, StringComparison.Ordinal);
                Assert.DoesNotContain("4222222", body, StringComparison.Ordinal);
                Assert.DoesNotContain(bidId.ToString(), body, StringComparison.Ordinal);
            }
        }

        foreach (var (who, token) in outsiders)
        {
            Assert.True(HttpStatusCode.NotFound == (await service.Client(token).GetAsync($"/api/calls/{call}/bids/{bidId}")).StatusCode, who);
            Assert.True(HttpStatusCode.NotFound == (await service.Client(token).GetAsync($"/api/calls/{call}/bids")).StatusCode, who);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await service.Client(Tokens.Provider(rival)).GetAsync($"/api/providers/{bidder}/bids")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client().GetAsync($"/api/calls/{call}/bids/{bidId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client().GetAsync($"/api/calls/{call}/bids")).StatusCode);

        await scenario.CloseCallAsync(call, council);

        // After closing: the call's council's staff read every bid at its latest revision; nobody else more than before.
        foreach (var token in staff)
        {
            var bid = await Scenario.ReadAsync(await service.Client(token).GetAsync($"/api/calls/{call}/bids/{bidId}"));
            Assert.Equal(marker + "-revised", bid["proposal"]!.GetValue<string>());
            Assert.Equal(4_222_222, bid["annualPriceAmount"]!.GetValue<long>());
            var all = await Scenario.ReadArrayAsync(await service.Client(token).GetAsync($"/api/calls/{call}/bids"));
            Assert.Equal(new[] { bidId, rivalBid }.Order(), all.Select(b => b!["id"]!.GetValue<Guid>()).Order());
            await Scenario.ProblemAsync(await service.Client(token).GetAsync($"/api/calls/{call}/bids/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        }

        foreach (var (who, token) in outsiders)
        {
            Assert.True(HttpStatusCode.NotFound == (await service.Client(token).GetAsync($"/api/calls/{call}/bids/{bidId}")).StatusCode, who);
            Assert.True(HttpStatusCode.NotFound == (await service.Client(token).GetAsync($"/api/calls/{call}/bids")).StatusCode, who);
        }

        Assert.Equal(HttpStatusCode.OK, (await service.Client(Tokens.Provider(bidder)).GetAsync($"/api/calls/{call}/bids/{bidId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client(Tokens.Provider(rival)).GetAsync($"/api/providers/{bidder}/bids")).StatusCode);
    }

    [Fact]
    public async Task GivenBidsSubmittedRevisedAndWithdrawn_WhenCaptureEveryMessageAndLogLine_ThenNoBidDataLeavesBeforeClosingAndNoneIsEverLogged()
    {
        var council = Scenario.NewCouncil();
        var (a, b) = (await scenario.VerifiedProviderAsync(council), await scenario.VerifiedProviderAsync(council));
        var call = await scenario.PublishCallAsync(council);
        var markers = Enumerable.Range(0, 4).Select(i => $"leak{i}-{Guid.NewGuid():N}").ToArray();
        var bidA = await scenario.BidAsync(a, call, Scenario.BidBody(4_321_987, markers[0], commitments: [markers[1]]));
        Assert.Equal(HttpStatusCode.OK, (await service.Client(Tokens.Provider(a)).PutAsJsonAsync($"/api/calls/{call}/bids/{bidA}", Scenario.BidBody(4_321_986, markers[2]))).StatusCode);
        var bidB = await scenario.BidAsync(b, call, Scenario.BidBody(4_321_985, markers[3]));
        Assert.Equal(HttpStatusCode.OK, (await service.Client(Tokens.Provider(b)).PostAsync($"/api/calls/{call}/bids/{bidB}/withdrawal", null)).StatusCode);
        // Refused attempts must not leak either.
        await scenario.SubmitBidAsync(a, call, Scenario.BidBody(4_321_984, markers[0]));
        await service.SettledAsync();
        var secrets = markers.Concat(["4321987", "4321986", "4321985", "4321984", bidA.ToString(), bidB.ToString()]).ToArray();

        var beforeClosing = service.Published.Messages;
        Assert.NotEmpty(beforeClosing);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(beforeClosing, m => m.Body.Contains(secret, StringComparison.Ordinal));
        }

        await scenario.CloseCallAsync(call, council);
        await service.SettledAsync();

        var carrying = service.Published.Messages.Where(m => m.Body.Contains(markers[2], StringComparison.Ordinal)).ToList();
        Assert.Single(carrying);
        Assert.True(carrying[0].Is<BidsOpened>());
        Assert.DoesNotContain(service.Published.Messages, m => m.Body.Contains(markers[0], StringComparison.Ordinal) || m.Body.Contains(markers[3], StringComparison.Ordinal));
        var logs = service.Logs.Lines;
        Assert.NotEmpty(logs);
        foreach (var secret in secrets.Take(8))
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task GivenProvidersBiddingAtTheSameMoment_WhenTheirAppendsToTheCallConflict_ThenNoBidTermIsLogged()
    {
        // A lost append race is a failed command; the store must not log the bid it was saving.
        var council = Scenario.NewCouncil();
        var providers = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            providers.Add(await scenario.VerifiedProviderAsync(council));
        }

        var call = await scenario.PublishCallAsync(council);
        var markers = providers.Select(_ => $"race-{Guid.NewGuid():N}").ToArray();

        var responses = await Task.WhenAll(providers.Select((p, i) => scenario.SubmitBidAsync(p, call, Scenario.BidBody(4_543_210 + i, markers[i]))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var logs = service.Logs.Lines;
        foreach (var secret in markers.Concat(Enumerable.Range(0, 8).Select(i => (4_543_210 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task GivenRevisedAndWithdrawnBids_WhenCloseIsDeliveredTwiceWithDifferentMessageIds_ThenBidsOpenedOnceWithEachLiveBidsLatestRevision()
    {
        var council = Scenario.NewCouncil();
        var (revising, withdrawing, plain) = (
            await scenario.VerifiedProviderAsync(council, name: "Revising Ltd"),
            await scenario.VerifiedProviderAsync(council, name: "Withdrawing Ltd"),
            await scenario.VerifiedProviderAsync(council, name: "Plain Ltd"));
        var call = await scenario.PublishCallAsync(council);
        var revisedBid = await scenario.BidAsync(revising, call, Scenario.BidBody(4_000_000, "First thoughts"));
        Assert.Equal(HttpStatusCode.OK, (await service.Client(Tokens.Provider(revising)).PutAsJsonAsync(
            $"/api/calls/{call}/bids/{revisedBid}", Scenario.BidBody(3_500_000, "Better offer", 20, ["Fewer missed visits"]))).StatusCode);
        var withdrawnBid = await scenario.BidAsync(withdrawing, call);
        Assert.Equal(HttpStatusCode.OK, (await service.Client(Tokens.Provider(withdrawing)).PostAsync($"/api/calls/{call}/bids/{withdrawnBid}/withdrawal", null)).StatusCode);
        var plainBid = await scenario.BidAsync(plain, call, Scenario.BidBody(4_500_000, "Plain offer"));

        await scenario.CloseCallAsync(call, council);
        await scenario.CloseCallAsync(call, council);
        await service.SettledAsync();

        var opened = OpenedFor(call);
        var only = Assert.Single(opened);
        Assert.Equal(council, only["councilId"]!.GetValue<string>());
        var bids = only["bids"]!.AsArray();
        Assert.Equal(new[] { revisedBid, plainBid }.Order(), bids.Select(b => b!["bidId"]!.GetValue<Guid>()).Order());
        var revised = bids.Single(b => b!["bidId"]!.GetValue<Guid>() == revisedBid)!;
        Assert.Equal(3_500_000, revised["annualPrice"]!.GetValue<long>());
        Assert.Equal("Better offer", revised["proposal"]!.GetValue<string>());
        Assert.Equal(20, revised["capacity"]!.GetValue<int>());
        Assert.Equal(2, revised["revision"]!.GetValue<int>());
        Assert.Equal("Revising Ltd", revised["providerName"]!.GetValue<string>());
        Assert.Equal(["Fewer missed visits"], revised["outcomeCommitments"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("GBP", revised["currency"]!.GetValue<string>());
        Assert.Equal(1, bids.Single(b => b!["bidId"]!.GetValue<Guid>() == plainBid)!["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task GivenCallWithoutBids_WhenClosed_ThenBidsOpenedCarriesAnEmptyList()
    {
        var council = Scenario.NewCouncil();
        var call = await scenario.PublishCallAsync(council);

        await scenario.CloseCallAsync(call, council);
        await service.SettledAsync();

        var only = Assert.Single(OpenedFor(call));
        Assert.Empty(only["bids"]!.AsArray());
        Assert.Empty(await Scenario.ReadArrayAsync(await service.Client(Tokens.Broker(council)).GetAsync($"/api/calls/{call}/bids")));
    }

    private List<JsonNode> OpenedFor(Guid callId) =>
        service.Published.Messages
            .Where(m => m.Is<BidsOpened>())
            .Select(m => JsonNode.Parse(m.Body)!["message"]!)
            .Where(message => message["callId"]!.GetValue<Guid>() == callId)
            .ToList();
}
