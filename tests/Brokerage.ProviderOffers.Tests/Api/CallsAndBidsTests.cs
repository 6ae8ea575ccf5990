using System.Net;
using System.Net.Http.Json;
using Brokerage.Commissioning.Contracts;
using MassTransit;

namespace Brokerage.ProviderOffers.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class CallsAndBidsTests(ServiceFixture service)
{
    private readonly Scenario scenario = new(service);

    [Fact]
    public async Task GivenCallsOfSeveralCouncilsAndCategories_WhenProviderLists_ThenOnlyOpenCallsItMayBidOnAreShown()
    {
        var (council, other) = (Scenario.NewCouncil(), Scenario.NewCouncil());
        var verified = await scenario.VerifiedProviderAsync(council, ["home-care", "respite"]);
        var unverified = await scenario.RegisterProviderAsync([council], ["home-care"]);
        var suspended = await scenario.VerifiedProviderAsync(council, ["home-care"]);
        await scenario.SuspendAsync(suspended, council);
        var matching = await scenario.PublishCallAsync(council, ["respite", "transport"]);
        var otherCategory = await scenario.PublishCallAsync(council, ["advocacy"]);
        var otherCouncil = await scenario.PublishCallAsync(other, ["home-care"]);

        var seen = await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(verified)).GetAsync("/api/calls"));

        Assert.Equal([matching], seen.Select(c => c!["id"]!.GetValue<Guid>()));
        Assert.Equal(5_000_000, seen[0]!["maximumAnnualPriceAmount"]!.GetValue<long>());
        Assert.Empty(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(unverified)).GetAsync("/api/calls")));
        Assert.Empty(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(suspended)).GetAsync("/api/calls")));
        await Scenario.ProblemAsync(await service.Client(Tokens.Provider(verified)).GetAsync($"/api/calls/{otherCategory}"), HttpStatusCode.NotFound);
        await Scenario.ProblemAsync(await service.Client(Tokens.Provider(verified)).GetAsync($"/api/calls/{otherCouncil}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await service.Client(Tokens.Provider(verified)).GetAsync($"/api/calls/{matching}")).StatusCode);
        var staffList = await Scenario.ReadArrayAsync(await service.Client(Tokens.CouncilAdmin(council)).GetAsync("/api/calls"));
        Assert.Equal(new[] { matching, otherCategory }.Order(), staffList.Select(c => c!["id"]!.GetValue<Guid>()).Order());
    }

    [Fact]
    public async Task GivenVerifiedProvider_WhenBidding_ThenItReadsItsBidAndOneBidPerCallIsEnforced()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council, name: "Stockwell Carers Ltd");
        var call = await scenario.PublishCallAsync(council);

        var submitted = await scenario.SubmitBidAsync(provider, call, Scenario.BidBody(4_200_000, "Morning and evening visits", 12, ["Visits at agreed times", "Same carers"]));

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal("\"1\"", submitted.Headers.ETag?.Tag);
        var bid = await Scenario.ReadAsync(submitted);
        var bidId = bid["id"]!.GetValue<Guid>();
        Assert.Equal(4_200_000, bid["annualPriceAmount"]!.GetValue<long>());
        Assert.Equal("Stockwell Carers Ltd", bid["providerName"]!.GetValue<string>());
        var own = await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(provider)).GetAsync($"/api/providers/{provider}/bids"));
        Assert.Equal([bidId], own.Select(b => b!["id"]!.GetValue<Guid>()));
        Assert.Equal(["Visits at agreed times", "Same carers"], own[0]!["outcomeCommitments"]!.AsArray().Select(c => c!.GetValue<string>()));

        await Scenario.ProblemAsync(await scenario.SubmitBidAsync(provider, call), HttpStatusCode.Conflict, "You have already bid on this call");
        Assert.Single(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(provider)).GetAsync($"/api/providers/{provider}/bids")));
    }

    [Fact]
    public async Task GivenOpenCall_WhenBidIsAboveMaximumPrice_ThenRefusedAndNothingRecorded()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council, maximumAnnualPrice: 3_000_000);

        await Scenario.ProblemAsync(
            await scenario.SubmitBidAsync(provider, call, Scenario.BidBody(3_000_001)), HttpStatusCode.UnprocessableEntity, "The price is above the call's maximum");
        Assert.Equal(HttpStatusCode.Created, (await scenario.SubmitBidAsync(provider, call, Scenario.BidBody(3_000_000))).StatusCode);
        Assert.Single(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(provider)).GetAsync($"/api/providers/{provider}/bids")));
    }

    [Fact]
    public async Task GivenProvidersNotEligible_WhenBidding_ThenTheCallIsNotTheirsToBidOn()
    {
        var council = Scenario.NewCouncil();
        var unverified = await scenario.RegisterProviderAsync([council]);
        var wrongCategory = await scenario.VerifiedProviderAsync(council, ["transport"]);
        var suspended = await scenario.VerifiedProviderAsync(council);
        await scenario.SuspendAsync(suspended, council);
        var elsewhere = await scenario.VerifiedProviderAsync(Scenario.NewCouncil());
        var call = await scenario.PublishCallAsync(council);

        foreach (var provider in new[] { unverified, wrongCategory, suspended, elsewhere })
        {
            await Scenario.ProblemAsync(await scenario.SubmitBidAsync(provider, call), HttpStatusCode.NotFound);
            Assert.Empty(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(provider)).GetAsync($"/api/providers/{provider}/bids")));
        }

        var unregistered = Guid.NewGuid();
        await Scenario.ProblemAsync(await scenario.SubmitBidAsync(unregistered, call), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GivenSubmittedBid_WhenRevised_ThenLatestTermsAndRevisionAreReadAndStaleIfMatchIsRefused()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var bidId = await scenario.BidAsync(provider, call);
        var client = service.Client(Tokens.Provider(provider));

        var revise = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{call}/bids/{bidId}") { Content = JsonContent.Create(Scenario.BidBody(3_900_000, "Revised offer", 14)) };
        revise.Headers.IfMatch.ParseAdd("\"1\"");
        var revised = await client.SendAsync(revise);

        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        Assert.Equal("\"2\"", revised.Headers.ETag?.Tag);
        var read = await Scenario.ReadAsync(await client.GetAsync($"/api/calls/{call}/bids/{bidId}"));
        Assert.Equal(3_900_000, read["annualPriceAmount"]!.GetValue<long>());
        Assert.Equal("Revised offer", read["proposal"]!.GetValue<string>());
        Assert.Equal(2, read["revision"]!.GetValue<int>());

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/calls/{call}/bids/{bidId}") { Content = JsonContent.Create(Scenario.BidBody(1_000_000, "Stale")) };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        await Scenario.ProblemAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        Assert.Equal("Revised offer", (await Scenario.ReadAsync(await client.GetAsync($"/api/calls/{call}/bids/{bidId}")))["proposal"]!.GetValue<string>());
        await Scenario.ProblemAsync(
            await client.PutAsJsonAsync($"/api/calls/{call}/bids/{bidId}", Scenario.BidBody(6_000_000)), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task GivenSubmittedBid_WhenWithdrawn_ThenItCannotBeRevisedWithdrawnAgainOrReplaced()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var bidId = await scenario.BidAsync(provider, call);
        var client = service.Client(Tokens.Provider(provider));

        var withdrawn = await client.PostAsync($"/api/calls/{call}/bids/{bidId}/withdrawal", null);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", (await Scenario.ReadAsync(await client.GetAsync($"/api/calls/{call}/bids/{bidId}")))["status"]!.GetValue<string>());
        await Scenario.ProblemAsync(await client.PostAsync($"/api/calls/{call}/bids/{bidId}/withdrawal", null), HttpStatusCode.Conflict, "The bid was withdrawn");
        await Scenario.ProblemAsync(await client.PutAsJsonAsync($"/api/calls/{call}/bids/{bidId}", Scenario.BidBody()), HttpStatusCode.Conflict, "The bid was withdrawn");
        await Scenario.ProblemAsync(await scenario.SubmitBidAsync(provider, call), HttpStatusCode.Conflict, "You have already bid on this call");
    }

    [Fact]
    public async Task GivenBidOnOpenCall_WhenTheClosingTimeComes_ThenBidsRevisionsAndWithdrawalsAreRefused()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var late = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council, closesIn: TimeSpan.FromHours(2));
        var bidId = await scenario.BidAsync(provider, call, Scenario.BidBody(proposal: "Before the deadline"));
        var client = service.Client(Tokens.Provider(provider));

        service.Clock.Advance(TimeSpan.FromHours(2)); // exactly the closing time: already closed

        await Scenario.ProblemAsync(await scenario.SubmitBidAsync(late, call), HttpStatusCode.Conflict, "The call for offers is closed");
        await Scenario.ProblemAsync(await client.PutAsJsonAsync($"/api/calls/{call}/bids/{bidId}", Scenario.BidBody(proposal: "After")), HttpStatusCode.Conflict, "The call for offers is closed");
        await Scenario.ProblemAsync(await client.PostAsync($"/api/calls/{call}/bids/{bidId}/withdrawal", null), HttpStatusCode.Conflict, "The call for offers is closed");
        var bid = await Scenario.ReadAsync(await client.GetAsync($"/api/calls/{call}/bids/{bidId}"));
        Assert.Equal("Before the deadline", bid["proposal"]!.GetValue<string>());
        Assert.Equal("submitted", bid["status"]!.GetValue<string>());
        Assert.Empty(await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(late)).GetAsync("/api/calls")));
    }

    [Fact]
    public async Task GivenCallClosingNineTenthsOfAMicrosecondPastAMicrosecond_WhenThatInstantComes_ThenProvidersNoLongerSeeItInTheirList()
    {
        // PostgreSQL keeps microseconds: the stored closing time rounds up to the next one, so "now" must round the same way.
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var ticks = service.Clock.GetUtcNow().Ticks;
        var closesIn = TimeSpan.FromHours(2) + TimeSpan.FromTicks((19 - ticks % 10) % 10);
        var call = await scenario.PublishCallAsync(council, closesIn: closesIn);
        var listed = async () => (await Scenario.ReadArrayAsync(await service.Client(Tokens.Provider(provider)).GetAsync("/api/calls")))
            .Select(c => c!["id"]!.GetValue<Guid>()).ToList();
        Assert.Contains(call, await listed());

        service.Clock.Advance(closesIn);

        Assert.Equal(9, service.Clock.GetUtcNow().Ticks % 10);
        Assert.DoesNotContain(call, await listed());
    }

    [Fact]
    public async Task GivenOpenCall_WhenCommissioningClosesItBeforeTheClosingTime_ThenBidsAreRefused()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var late = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var bidId = await scenario.BidAsync(provider, call);

        await scenario.CloseCallAsync(call, council);

        await Scenario.ProblemAsync(await scenario.SubmitBidAsync(late, call), HttpStatusCode.Conflict, "The call for offers is closed");
        await Scenario.ProblemAsync(
            await service.Client(Tokens.Provider(provider)).PutAsJsonAsync($"/api/calls/{call}/bids/{bidId}", Scenario.BidBody()), HttpStatusCode.Conflict, "The call for offers is closed");
        await Scenario.ProblemAsync(
            await service.Client(Tokens.Provider(provider)).PostAsync($"/api/calls/{call}/bids/{bidId}/withdrawal", null), HttpStatusCode.Conflict, "The call for offers is closed");
        Assert.Equal("closed", (await Scenario.ReadAsync(await service.Client(Tokens.Broker(council)).GetAsync($"/api/calls/{call}")))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenBidOnCall_WhenCommissioningCancelsTheCall_ThenBidsAreFrozenAndStaySealed()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var bidId = await scenario.BidAsync(provider, call);
        var messageId = Guid.NewGuid();

        await service.Bus.Publish(
            new CallForOffersCancelled(call, council, "Need met another way", service.Clock.GetUtcNow()),
            (PublishContext<CallForOffersCancelled> context) => context.MessageId = messageId);
        await service.ConsumedAsync(messageId);

        var client = service.Client(Tokens.Provider(provider));
        await Scenario.ProblemAsync(await client.PutAsJsonAsync($"/api/calls/{call}/bids/{bidId}", Scenario.BidBody()), HttpStatusCode.Conflict, "The call for offers was cancelled");
        await Scenario.ProblemAsync(await client.PostAsync($"/api/calls/{call}/bids/{bidId}/withdrawal", null), HttpStatusCode.Conflict, "The call for offers was cancelled");
        await Scenario.ProblemAsync(await service.Client(Tokens.Broker(council)).GetAsync($"/api/calls/{call}/bids"), HttpStatusCode.Forbidden, "Bids are sealed");
        Assert.Equal("cancelled", (await Scenario.ReadAsync(await client.GetAsync($"/api/calls/{call}")))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenManyProviders_WhenTheyAllBidAtOnce_ThenEveryBidIsAcceptedAndOpened()
    {
        var council = Scenario.NewCouncil();
        var providers = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            providers.Add(await scenario.VerifiedProviderAsync(council));
        }

        var call = await scenario.PublishCallAsync(council);

        var responses = await Task.WhenAll(providers.Select(p => scenario.SubmitBidAsync(p, call, Scenario.BidBody(3_000_000 + providers.IndexOf(p)))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await scenario.CloseCallAsync(call, council);
        var opened = await Scenario.ReadArrayAsync(await service.Client(Tokens.Broker(council)).GetAsync($"/api/calls/{call}/bids"));
        Assert.Equal(providers.Order(), opened.Select(b => b!["providerId"]!.GetValue<Guid>()).Order());
    }

    [Fact]
    public async Task GivenTheService_WhenReadingItsOpenApiDocument_ThenEveryEndpointIsDescribedWithItsRoles()
    {
        var document = await service.Client().GetStringAsync("/openapi/v1.json");

        foreach (var route in new[]
        {
            "/api/providers", "/api/providers/{providerId}", "/api/providers/{providerId}/payment-account", "/api/providers/{providerId}/verification",
            "/api/providers/{providerId}/suspension", "/api/providers/{providerId}/bids", "/api/providers/{providerId}/results",
            "/api/providers/{providerId}/contracts", "/api/calls", "/api/calls/{callId}", "/api/calls/{callId}/bids", "/api/calls/{callId}/bids/{bidId}",
            "/api/calls/{callId}/bids/{bidId}/withdrawal",
        })
        {
            Assert.Contains($"\"{route}\"", document, StringComparison.Ordinal);
        }

        Assert.Contains("Roles: ", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenProviderSuspendedAfterBidding_WhenItRevisesOrWithdraws_ThenRevisionIsRefusedAndWithdrawalAllowed()
    {
        var council = Scenario.NewCouncil();
        var provider = await scenario.VerifiedProviderAsync(council);
        var call = await scenario.PublishCallAsync(council);
        var bidId = await scenario.BidAsync(provider, call, Scenario.BidBody(proposal: "Before suspension"));
        await scenario.SuspendAsync(provider, council);
        var client = service.Client(Tokens.Provider(provider));

        await Scenario.ProblemAsync(
            await client.PutAsJsonAsync($"/api/calls/{call}/bids/{bidId}", Scenario.BidBody(proposal: "After")), HttpStatusCode.Forbidden, "Your organisation may not bid on this call");
        Assert.Equal("Before suspension", (await Scenario.ReadAsync(await client.GetAsync($"/api/calls/{call}/bids/{bidId}")))["proposal"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/calls/{call}")).StatusCode); // it still sees the call it bid on
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/calls/{call}/bids/{bidId}/withdrawal", null)).StatusCode);
    }
}
