using System.Net;
using System.Net.Http.Json;

namespace Brokerage.ProviderOffers.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class ProvidersApiTests(ServiceFixture service)
{
    private readonly Scenario scenario = new(service);

    [Fact]
    public async Task GivenProviderToken_WhenRegistering_ThenDetailsReadBackAndProviderRegisteredIsPublished()
    {
        var council = Scenario.NewCouncil();
        var id = Guid.NewGuid();
        var client = service.Client(Tokens.Provider(id));

        var created = await client.PostAsJsonAsync("/api/providers", Scenario.ProviderBody([council], ["home-care", "respite"], "Brixton Home Care CIC"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/providers/{id}", created.Headers.Location?.OriginalString);
        var read = await client.GetAsync($"/api/providers/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var body = await Scenario.ReadAsync(read);
        Assert.Equal("Brixton Home Care CIC", body["legalName"]!.GetValue<string>());
        Assert.Equal("1-101234567", body["registrationNumbers"]!["cqcProviderId"]!.GetValue<string>());
        Assert.Equal(["home-care", "respite"], body["serviceCategories"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("unverified", body["standings"]![0]!["standing"]!.GetValue<string>());
        await Eventually.HoldsAsync(
            () => Task.FromResult(service.Published.Messages.Any(m => m.Is<Contracts.ProviderRegistered>() && m.Body.Contains(id.ToString(), StringComparison.Ordinal))),
            "ProviderRegistered published");
    }

    [Fact]
    public async Task GivenRegisteredProvider_WhenRegisteringAgain_ThenConflictAndDetailsUnchanged()
    {
        var id = await scenario.RegisterProviderAsync([Scenario.NewCouncil()], name: "First Name Ltd");
        var client = service.Client(Tokens.Provider(id));

        var again = await client.PostAsJsonAsync("/api/providers", Scenario.ProviderBody([Scenario.NewCouncil()], name: "Second Name Ltd"));

        await Scenario.ProblemAsync(again, HttpStatusCode.Conflict, "The organisation is already registered");
        var body = await Scenario.ReadAsync(await client.GetAsync($"/api/providers/{id}"));
        Assert.Equal("First Name Ltd", body["legalName"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenRegisteredProvider_WhenUpdatingDetailsWithCurrentVersion_ThenChangedAndStaleVersionIsRefused()
    {
        var council = Scenario.NewCouncil();
        var id = await scenario.RegisterProviderAsync([council]);
        var client = service.Client(Tokens.Provider(id));
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/providers/{id}")
        {
            // Council ids have one rule everywhere: "LAMBETH" is the council "lambeth" (CouncilIds).
            Content = JsonContent.Create(Scenario.ProviderBody([council, "LAMBETH"], ["transport"], "Renamed Ltd")),
        };
        update.Headers.IfMatch.ParseAdd("\"1\"");

        var updated = await client.SendAsync(update);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);
        var body = await Scenario.ReadAsync(await client.GetAsync($"/api/providers/{id}"));
        Assert.Equal("Renamed Ltd", body["legalName"]!.GetValue<string>());
        Assert.Equal([council, "lambeth"], body["councilIds"]!.AsArray().Select(c => c!.GetValue<string>()));

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/providers/{id}") { Content = JsonContent.Create(Scenario.ProviderBody([council], name: "Stale Ltd")) };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        await Scenario.ProblemAsync(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        Assert.Equal("Renamed Ltd", (await Scenario.ReadAsync(await client.GetAsync($"/api/providers/{id}")))["legalName"]!.GetValue<string>());
    }

    [Fact]
    public async Task GivenRegisteredProvider_WhenRecordingPaymentAccount_ThenItIsShownAndPublished()
    {
        var id = await scenario.RegisterProviderAsync([Scenario.NewCouncil()]);
        var client = service.Client(Tokens.Provider(id));

        var recorded = await client.PutAsJsonAsync($"/api/providers/{id}/payment-account", new { accountId = "acct_1Nv0FGQ9RKHgCVdK" });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var body = await Scenario.ReadAsync(await client.GetAsync($"/api/providers/{id}"));
        Assert.Equal("acct_1Nv0FGQ9RKHgCVdK", body["paymentAccountId"]!.GetValue<string>());
        await Eventually.HoldsAsync(
            () => Task.FromResult(service.Published.Messages.Any(m => m.Is<Contracts.ProviderPaymentAccountRecorded>() && m.Body.Contains(id.ToString(), StringComparison.Ordinal))),
            "ProviderPaymentAccountRecorded published");
    }

    [Fact]
    public async Task GivenProviderOfTheCouncil_WhenBrokerVerifiesSuspendsAndReinstates_ThenStandingFollowsAndHistoryIsKept()
    {
        var council = Scenario.NewCouncil();
        var id = await scenario.RegisterProviderAsync([council]);
        var broker = service.Client(Tokens.Broker(council, "broker-7"));

        Assert.Equal(HttpStatusCode.OK, (await broker.PostAsJsonAsync($"/api/providers/{id}/verification", new { reason = "CQC good" })).StatusCode);
        await Scenario.ProblemAsync(
            await broker.PostAsJsonAsync($"/api/providers/{id}/verification", new { }), HttpStatusCode.Conflict, "The provider is already verified");
        await Scenario.ValidationProblemAsync(await broker.PostAsJsonAsync($"/api/providers/{id}/suspension", new { reason = " " }), "reason");
        Assert.Equal(HttpStatusCode.OK, (await broker.PostAsJsonAsync($"/api/providers/{id}/suspension", new { reason = "Safeguarding review" })).StatusCode);
        await Scenario.ProblemAsync(
            await broker.PostAsJsonAsync($"/api/providers/{id}/suspension", new { reason = "Again" }), HttpStatusCode.Conflict, "The provider is already suspended");
        var reinstated = await broker.PostAsync($"/api/providers/{id}/verification", null);

        Assert.Equal(HttpStatusCode.OK, reinstated.StatusCode);
        var body = await Scenario.ReadAsync(await broker.GetAsync($"/api/providers/{id}"));
        Assert.Equal("verified", body["standings"]![0]!["standing"]!.GetValue<string>());
        var history = body["history"]!.AsArray();
        Assert.Equal(["verified", "suspended", "verified"], history.Select(h => h!["standing"]!.GetValue<string>()));
        Assert.Equal("Safeguarding review", history[1]!["reason"]!.GetValue<string>());
        Assert.Equal("broker-7", history[1]!["brokerId"]!.GetValue<string>());
        await Eventually.HoldsAsync(
            () => Task.FromResult(
                service.Published.Messages.Count(m => m.Is<Contracts.ProviderVerified>() && m.Body.Contains(id.ToString(), StringComparison.Ordinal)) == 2
                && service.Published.Messages.Any(m => m.Is<Contracts.ProviderSuspended>() && m.Body.Contains(id.ToString(), StringComparison.Ordinal))),
            "ProviderVerified twice and ProviderSuspended published");
    }

    [Fact]
    public async Task GivenProviderWorkingWithTwoCouncils_WhenEachReads_ThenStaffSeeOnlyTheirCouncilAndTheProviderSeesBoth()
    {
        var (a, b, other) = (Scenario.NewCouncil(), Scenario.NewCouncil(), Scenario.NewCouncil());
        var id = await scenario.RegisterProviderAsync([a, b]);
        await scenario.VerifyAsync(id, a);
        await scenario.SuspendAsync(id, b);

        var readByA = await service.Client(Tokens.Broker(a)).GetAsync($"/api/providers/{id}");
        Assert.Null(readByA.Headers.ETag); // the stream version counts council B's changes too
        var asA = await Scenario.ReadAsync(readByA);
        Assert.Null(asA["version"]?.GetValue<long>());
        var asAdminB = await Scenario.ReadAsync(await service.Client(Tokens.CouncilAdmin(b)).GetAsync($"/api/providers/{id}"));
        var asProvider = await Scenario.ReadAsync(await service.Client(Tokens.Provider(id)).GetAsync($"/api/providers/{id}"));

        Assert.Equal([a], asA["councilIds"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.DoesNotContain(b, asA.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Safeguarding", asA.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("suspended", asAdminB["standings"]![0]!["standing"]!.GetValue<string>());
        Assert.DoesNotContain(a, asAdminB.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["verified", "suspended"], asProvider["standings"]!.AsArray().Select(s => s!["standing"]!.GetValue<string>()));
        Assert.Null(asProvider["history"]![0]!["brokerId"]?.GetValue<string>());
        await Scenario.ProblemAsync(await service.Client(Tokens.Broker(other)).GetAsync($"/api/providers/{id}"), HttpStatusCode.NotFound);
        await Scenario.ProblemAsync(
            await service.Client(Tokens.Broker(other)).PostAsJsonAsync($"/api/providers/{id}/verification", new { }), HttpStatusCode.NotFound);
        await Scenario.ProblemAsync(
            await service.Client(Tokens.Broker(other)).PostAsJsonAsync($"/api/providers/{id}/suspension", new { reason = "x" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GivenProvidersOfSeveralCouncils_WhenStaffList_ThenOnlyTheirCouncilsProvidersAreListed()
    {
        var (a, b) = (Scenario.NewCouncil(), Scenario.NewCouncil());
        var inA = await scenario.RegisterProviderAsync([a], name: "Alpha Care");
        var inB = await scenario.RegisterProviderAsync([b], name: "Beta Care");

        var list = await Scenario.ReadArrayAsync(await service.Client(Tokens.Broker(a)).GetAsync("/api/providers"));

        Assert.Equal([inA], list.Select(p => p!["id"]!.GetValue<Guid>()));
        Assert.DoesNotContain(inB.ToString(), list.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenProviderOfManyCouncils_WhenTheirBrokersVerifyAtTheSameMoment_ThenEveryCouncilsVerificationStands()
    {
        var councils = Enumerable.Range(0, 6).Select(_ => Scenario.NewCouncil()).ToArray();
        var id = await scenario.RegisterProviderAsync(councils);

        var responses = await Task.WhenAll(councils.Select(c => service.Client(Tokens.Broker(c)).PostAsJsonAsync($"/api/providers/{id}/verification", new { })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var standings = (await Scenario.ReadAsync(await service.Client(Tokens.Provider(id)).GetAsync($"/api/providers/{id}")))["standings"]!.AsArray();
        Assert.All(standings, s => Assert.Equal("verified", s!["standing"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GivenProviderTokenWhoseSubjectIsNotAnOrganisationId_WhenRegistering_ThenProblemNamesTheSubject()
    {
        var token = Brokerage.ServiceDefaults.DevelopmentTokens.Issue(Brokerage.ServiceDefaults.Roles.Provider, "acme-care", "lambeth");

        var response = await service.Client(token).PostAsJsonAsync("/api/providers", Scenario.ProviderBody(["lambeth"]));

        await Scenario.ValidationProblemAsync(response, "sub");
    }
}
