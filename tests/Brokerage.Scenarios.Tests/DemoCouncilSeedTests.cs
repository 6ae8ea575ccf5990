using System.Net;
using System.Text;
using System.Text.Json;
using Brokerage.Seed;
using Brokerage.ServiceDefaults;

namespace Brokerage.Scenarios.Tests;

/// <summary>
/// The demo council <c>./brokerage up</c> seeds, seeded here in a council of its own through the same public APIs: what a
/// newcomer signing in as the demo people sees, and a second seeding that changes nothing.
/// </summary>
[Collection(BrokerageCollection.Name)]
public sealed class DemoCouncilSeedTests(Brokerage brokerage)
{
    [Fact]
    public async Task GivenAFreshCouncil_WhenTheDemoIsSeededTwice_ThenTheLedgerIsExactTheCallIsOpenToProvidersTheBidIsSealedAndTheSecondRunChangesNothing()
    {
        var council = "demo-" + Guid.NewGuid().ToString("N")[..8];
        var services = new ServiceUrls(brokerage.Members.BaseAddress, brokerage.PooledFunds.BaseAddress, brokerage.ProviderOffers.BaseAddress, brokerage.Commissioning.BaseAddress);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var first = await new DemoCouncilSeeder(http, services, council, messageWait: Steps.MessageWait).SeedAsync();

        Assert.False(first.AlreadySeeded);
        Assert.Empty(first.Warnings);
        var demo = first.Council;
        Assert.Equal(
            new[] { "broker", "council-admin", "member", "member", "member", "member", "member", "member", "representative", "representative", "provider", "provider", "provider" },
            demo.People.Select(p => p.Role));
        var demoFile = Path.Combine(Path.GetTempPath(), $"demo-{council}.json");
        DemoFile.Save(demoFile, demo);
        var grace = Assert.Single(DemoFile.Read(demoFile).Find("Grace Adeyemi", council));
        File.Delete(demoFile);

        // The broker sees the active pool's ledger, exact to the penny, line by line.
        using var pools = brokerage.PooledFunds.Client(SignIn(demo, "ama"));
        var ledger = await pools.GetAsync($"/api/pools/{demo.Ids.ActivePoolId}/ledger").ExpectAsync(HttpStatusCode.OK);
        var totals = Figures(ledger.GetProperty("totals"));
        Assert.Equal(1_100_000, totals.Pledged);
        Assert.Equal(totals.Pledged, totals.Available + totals.Reserved + totals.Paid);
        var lines = ledger.GetProperty("members").EnumerateArray().Select(Figures).ToList();
        Assert.Equal(4, lines.Count);
        Assert.All(lines, line => Assert.Equal(line.Pledged, line.Available + line.Reserved + line.Paid));
        Assert.Equal(totals, (lines.Sum(l => l.Pledged), lines.Sum(l => l.Available), lines.Sum(l => l.Reserved), lines.Sum(l => l.Paid)));
        var streams = ledger.GetProperty("fundingStreams").EnumerateArray().Select(Figures).ToList();
        Assert.Equal(totals, (streams.Sum(l => l.Pledged), streams.Sum(l => l.Available), streams.Sum(l => l.Reserved), streams.Sum(l => l.Paid)));
        Assert.Equal("active", (await pools.GetAsync($"/api/pools/{demo.Ids.ActivePoolId}").ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        var open = await pools.GetAsync($"/api/pools/{demo.Ids.OpenPoolId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("open", 0L, 650_000L), (open.GetProperty("status").GetString(), open.GetProperty("pledged").GetInt64(), open.GetProperty("conditionallyPledged").GetInt64()));
        Assert.Equal("proposed", (await pools.GetAsync($"/api/pools/{demo.Ids.ProposedPoolId}").ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());

        // Grace sees her headroom once Members has heard of her pledge; the conditional one holds none.
        using var graceMembers = brokerage.Members.Client(SignIn(demo, grace.Key));
        await Http.EventuallyAsync(async () =>
        {
            var budget = await graceMembers.GetAsync($"/api/members/{grace.Sub}/budget?year={Steps.BudgetYear}").ExpectAsync(HttpStatusCode.OK);
            return budget.GetProperty("streams").EnumerateArray().Any(s => s.GetProperty("headroomAmount").GetInt64() == 900_000) ? true : (bool?)null;
        }, Steps.MessageWait, "Members shows Grace's headroom after her £3,000 pledge");

        // The top need (supported by four members) became a published call, which a verified provider in its category sees.
        using var commissioning = brokerage.Commissioning.Client(SignIn(demo, "ama"));
        var call = await commissioning.GetAsync($"/api/calls/{demo.Ids.CallId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("published", call.GetProperty("status").GetString());
        using var graceCommissioning = brokerage.Commissioning.Client(SignIn(demo, grace.Key));
        var needs = await graceCommissioning.GetAsync($"/api/pools/{demo.Ids.ActivePoolId}/needs").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(call.GetProperty("needId").GetGuid(), needs[0].GetProperty("id").GetGuid());
        Assert.Equal(4, needs[0].GetProperty("support").GetInt32());
        Assert.Equal(3, needs.GetArrayLength());
        using var careAgency = brokerage.ProviderOffers.Client(SignIn(demo, "lambeth-home-care"));
        var openCalls = await careAgency.GetAsync("/api/calls").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(demo.Ids.CallId, openCalls.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        using var suspended = brokerage.ProviderOffers.Client(SignIn(demo, "stockwell-friends"));
        var notForIt = await suspended.GetAsync("/api/calls").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(demo.Ids.CallId, notForIt.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));

        // The bid is sealed: the broker is refused, the bidder reads it.
        var bidId = Assert.IsType<Guid>(demo.Ids.BidId);
        using var brokerOffers = brokerage.ProviderOffers.Client(SignIn(demo, "ama"));
        await brokerOffers.GetAsync($"/api/calls/{demo.Ids.CallId}/bids").ExpectAsync(HttpStatusCode.Forbidden);
        await brokerOffers.GetAsync($"/api/calls/{demo.Ids.CallId}/bids/{bidId}").ExpectAsync(HttpStatusCode.Forbidden);
        using var bidder = brokerage.ProviderOffers.Client(SignIn(demo, "brixton-evenings"));
        var bid = await bidder.GetAsync($"/api/calls/{demo.Ids.CallId}/bids/{bidId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(840_000, bid.GetProperty("annualPriceAmount").GetInt64());

        // Each representative reads the member they act for, and only that member.
        var winston = Person(demo, "winston");
        var margaret = Person(demo, "margaret");
        using var marcia = brokerage.Members.Client(SignIn(demo, "marcia"));
        var represented = await marcia.GetAsync($"/api/members/{winston.Sub}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Winston Clarke", represented.GetProperty("name").GetString());
        await marcia.GetAsync($"/api/members/{margaret.Sub}").ExpectAsync(HttpStatusCode.NotFound);
        using var peter = brokerage.Members.Client(SignIn(demo, "peter"));
        await peter.GetAsync($"/api/members/{margaret.Sub}").ExpectAsync(HttpStatusCode.OK);
        var appointed = await peter.GetAsync($"/api/members/{margaret.Sub}/representatives").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("care-act-s32-authorised", appointed[0].GetProperty("basis").GetString());

        // Seeding again changes nothing and names the same people.
        var before = await SnapshotAsync(demo);
        var second = await new DemoCouncilSeeder(http, services, council, messageWait: Steps.MessageWait).SeedAsync();

        Assert.True(second.AlreadySeeded);
        Assert.Equal(JsonSerializer.Serialize(demo), JsonSerializer.Serialize(second.Council));
        Assert.Equal(before, await SnapshotAsync(demo));
    }

    private static (long Pledged, long Available, long Reserved, long Paid) Figures(JsonElement line) =>
        (line.GetProperty("pledged").GetInt64(), line.GetProperty("available").GetInt64(), line.GetProperty("reserved").GetInt64(), line.GetProperty("paid").GetInt64());

    private static DemoPerson Person(DemoCouncil demo, string key) => demo.People.Single(p => p.Key == key);

    /// <summary>The token <c>./brokerage token --demo KEY</c> prints.</summary>
    private static string SignIn(DemoCouncil demo, string key)
    {
        var person = Person(demo, key);
        return DevelopmentTokens.Issue(person.Role, person.Sub, person.Council, person.ActsFor, name: person.Name);
    }

    /// <summary>What the council's staff and the demo people can read, with stream versions (ETags), as one text.</summary>
    private async Task<string> SnapshotAsync(DemoCouncil demo)
    {
        var text = new StringBuilder();
        async Task Read(ServiceProcess service, string token, string path)
        {
            using var client = service.Client(token);
            using var response = await client.GetAsync(path);
            text.Append($"{path} {(int)response.StatusCode} {response.Headers.ETag?.Tag}\n{await response.Content.ReadAsStringAsync()}\n");
        }

        var broker = SignIn(demo, "ama");
        await Read(brokerage.Members, broker, "/api/members");
        foreach (var member in demo.People.Where(p => p.Role == Roles.Member))
        {
            await Read(brokerage.Members, broker, $"/api/members/{member.Sub}");
            await Read(brokerage.Members, broker, $"/api/members/{member.Sub}/allocations");
            await Read(brokerage.Members, broker, $"/api/members/{member.Sub}/representatives");
        }

        await Read(brokerage.PooledFunds, broker, "/api/pools");
        foreach (var pool in new[] { demo.Ids.ActivePoolId, demo.Ids.OpenPoolId, demo.Ids.ProposedPoolId })
        {
            await Read(brokerage.PooledFunds, broker, $"/api/pools/{pool}");
        }

        await Read(brokerage.PooledFunds, broker, $"/api/pools/{demo.Ids.ActivePoolId}/ledger");
        await Read(brokerage.ProviderOffers, broker, "/api/providers");
        await Read(brokerage.Commissioning, broker, "/api/calls");
        await Read(brokerage.Commissioning, broker, $"/api/calls/{demo.Ids.CallId}");
        await Read(brokerage.Commissioning, broker, $"/api/pools/{demo.Ids.ActivePoolId}/needs");
        var bidder = Person(demo, "brixton-evenings");
        await Read(brokerage.ProviderOffers, SignIn(demo, bidder.Key), $"/api/providers/{bidder.Sub}/bids");
        return text.ToString();
    }
}
