using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Members.Contracts;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.ReadModels;
using Brokerage.ServiceDefaults;

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
        var json = BrokerageMarten.Json;
        long ledgersTotal = 0;
        foreach (var poolId in pools)
        {
            var folded = Pool.Fold((await service.FetchStreamAsync(poolId)).Select(e => e.Data))!;
            LedgerInvariants.Assert(folded);
            Assert.Equal(JsonSerializer.Serialize(folded, json), JsonSerializer.Serialize(await service.LoadAsync<Pool>(poolId), json));
            await using (var query = service.Store.QuerySession())
            {
                Assert.Equal(JsonSerializer.Serialize(folded, json), JsonSerializer.Serialize(await query.Events.AggregateStreamAsync<Pool>(poolId), json));
            }

            var ledger = await service.LedgerAsync(poolId);
            var expected = LedgerView.From(folded, null, LedgerReader.CouncilStaff);
            Assert.Equal(expected.Totals.Pledged, ledger.Totals.Pledged);
            Assert.Equal(expected.Totals.Available, ledger.Totals.Available);
            Assert.Equal(expected.Members.Sum(m => m.Pledged), ledger.Members.Sum(m => m.Pledged));
            Assert.Equal(folded.PledgeOf(member)?.Amount ?? 0, (await service.LoadAsync<MemberBudget>(member))!.LiveIn(poolId));
            ledgersTotal += ledger.Totals.Pledged;
        }

        Assert.Equal(budgetLine.Pledged, ledgersTotal);
        var foldedBudget = MemberBudget.Fold((await service.FetchStreamAsync(member)).Select(e => e.Data))!;
        Assert.Equal(JsonSerializer.Serialize(foldedBudget, json), JsonSerializer.Serialize(await service.LoadAsync<MemberBudget>(member), json));

        // Rebuilding each read model from its event stream with the projection's own fold (Marten's RebuildSingleStreamAsync,
        // the generated evolver the inline snapshot uses) gives exactly the stored documents. The stored document is deleted
        // first, so what is read back can only be the rebuild. (A full projection rebuild is not used: it clears every
        // document of the type while other writers may run.)
        foreach (var poolId in pools)
        {
            Assert.Equal(JsonSerializer.Serialize(await service.LoadAsync<Pool>(poolId), json), await RebuiltAsync<Pool>(poolId));
        }

        Assert.Equal(JsonSerializer.Serialize(await service.LoadAsync<MemberBudget>(member), json), await RebuiltAsync<MemberBudget>(member));
    }

    private async Task<string> RebuiltAsync<T>(Guid streamId) where T : class
    {
        await using (var session = service.Store.LightweightSession())
        {
            session.Delete<T>(streamId);
            await session.SaveChangesAsync();
        }

        Assert.Null(await service.LoadAsync<T>(streamId));
        await service.Store.Advanced.RebuildSingleStreamAsync<T>(streamId);
        return JsonSerializer.Serialize(await service.LoadAsync<T>(streamId), BrokerageMarten.Json);
    }
}
