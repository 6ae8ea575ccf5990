using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.EventStore;
using Brokerage.Members.Contracts;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.ReadModels;

namespace Brokerage.PooledFunds.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class PledgeRaceTests(PooledFundsService service)
{
    private const long Allocation = 10_000;
    private const long Amount = 700; // 10000 / 700: exactly 14 fit, with 200 pence left over

    [Fact]
    public async Task GivenOneMembersHeadroom_When50PledgesRaceAcross5Pools_ThenExactlyThoseThatFitSucceedAndTheLedgersEqualAFoldOfTheEvents()
    {
        var member = await service.RegisterMemberAsync(Allocation);
        var pools = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            pools.Add(await service.CreatePoolAsync(name: $"Race pool {i}"));
        }

        using var start = new ManualResetEventSlim(false);
        var client = service.Member(member);
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await client.PostAsJsonAsync($"/api/pools/{pools[i % 5]}/pledges",
                new { amount = Amount, currency = "GBP", fundingStream = FundingStreams.SocialCare, budgetYear = 2026 });
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(attempts);

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        var bodies = await Task.WhenAll(responses.Where(r => (int)r.StatusCode >= 300).Select(r => r.Content.ReadAsStringAsync()));
        Assert.Equal(Allocation / Amount, statuses.Count(s => s is 200 or 201));
        Assert.Equal(50 - Allocation / Amount, statuses.Count(s => s == 422));
        Assert.All(bodies, b => Assert.Contains("HeadroomExceeded", b));

        var view = (await service.MemberViewAsync(member))!;
        var budgetLine = view.Budget(2026, FundingStreams.SocialCare);
        Assert.Equal(Allocation / Amount * Amount, budgetLine.Pledged);
        Assert.Equal(Allocation % Amount, budgetLine.Headroom);
        Assert.False(budgetLine.Flagged);

        // The read models and the API's ledgers are exactly what folding each stream's events gives.
        var store = service.Store;
        var json = store.Options.Json;
        long ledgersTotal = 0;
        foreach (var poolId in pools)
        {
            var folded = Pool.Fold((await store.FetchStreamAsync(poolId)).Select(e => e.Data))!;
            LedgerInvariants.Assert(folded);
            Assert.Equal(JsonSerializer.Serialize(folded, json), JsonSerializer.Serialize(await store.LoadAsync<Pool>(poolId.ToString()), json));
            Assert.Equal(JsonSerializer.Serialize(folded, json), JsonSerializer.Serialize(await store.AggregateStreamAsync<Pool>(poolId), json));
            var ledger = await service.LedgerAsync(poolId);
            var expected = LedgerView.From(folded, null, _ => true);
            Assert.Equal(expected.Totals.Pledged, ledger.Totals.Pledged);
            Assert.Equal(expected.Totals.Available, ledger.Totals.Available);
            Assert.Equal(expected.Members.Sum(m => m.Pledged), ledger.Members.Sum(m => m.Pledged));
            Assert.Equal(folded.PledgeOf(member)?.Amount ?? 0, (await store.LoadAsync<MemberBudget>(member.ToString()))!.LiveIn(poolId));
            ledgersTotal += ledger.Totals.Pledged;
        }

        Assert.Equal(budgetLine.Pledged, ledgersTotal);
        var foldedBudget = MemberBudget.Fold((await store.FetchStreamAsync(member)).Select(e => e.Data))!;
        Assert.Equal(JsonSerializer.Serialize(foldedBudget, json), JsonSerializer.Serialize(await store.LoadAsync<MemberBudget>(member.ToString()), json));

        // Rebuilding each read model from its event stream, with the projection's own fold (AggregateConventions, as
        // StreamDocumentProjection uses), gives exactly the stored documents. (ProjectionDaemon.RebuildAsync is not used:
        // it clears every document of the type while other writers may run, and it waits on the cluster-wide xmin.)
        foreach (var poolId in pools)
        {
            var rebuilt = AggregateConventions.Fold<Pool>(null, await store.FetchStreamAsync(poolId));
            Assert.Equal(JsonSerializer.Serialize(rebuilt, json), JsonSerializer.Serialize(await store.LoadAsync<Pool>(poolId.ToString()), json));
        }

        var rebuiltBudget = AggregateConventions.Fold<MemberBudget>(null, await store.FetchStreamAsync(member));
        Assert.Equal(JsonSerializer.Serialize(rebuiltBudget, json), JsonSerializer.Serialize(await store.LoadAsync<MemberBudget>(member.ToString()), json));
    }
}
