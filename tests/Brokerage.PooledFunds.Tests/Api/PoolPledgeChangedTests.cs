using System.Net;
using System.Net.Http.Json;
using Brokerage.PooledFunds.Contracts;

namespace Brokerage.PooledFunds.Tests.Api;

/// <summary>PoolPledgeChanged: a member's live pledged amount in one pool after each change, with the pool stream's version.</summary>
[Collection(ServiceCollection.Name)]
public sealed class PoolPledgeChangedTests(PooledFundsService service)
{
    [Fact]
    public async Task GivenALivePledge_WhenRaisedLoweredAndWithdrawn_ThenEachChangeIsPublishedWithTheAmountAndAnIncreasingVersion()
    {
        var a = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync();
        var member = service.Member(a);
        await (await service.PledgeAsync(poolId, a, 1_000)).EnsureStatus(HttpStatusCode.Created);
        await (await member.PutAsJsonAsync($"/api/pools/{poolId}/pledges/{a}", new { amount = 2_500, currency = "GBP" })).EnsureStatus(HttpStatusCode.OK);
        await (await member.PutAsJsonAsync($"/api/pools/{poolId}/pledges/{a}", new { amount = 1_500, currency = "GBP" })).EnsureStatus(HttpStatusCode.OK);
        await (await member.DeleteAsync($"/api/pools/{poolId}/pledges/{a}")).EnsureStatus(HttpStatusCode.NoContent);

        await service.PublishedAsync<PoolPledgeChanged>(m => m.PoolId == poolId && m.MemberId == a && m.LivePledged == 0, "the withdrawal");
        var changes = service.PublishedNow<PoolPledgeChanged>(m => m.PoolId == poolId).OrderBy(m => m.Version).ToList();
        Assert.Equal([1_000L, 2_500L, 1_500L, 0L], changes.Select(m => m.LivePledged));
        Assert.All(changes, m => Assert.Equal((a, PooledFundsService.Council, "GBP"), (m.MemberId, m.CouncilId, m.Currency)));
        Assert.Equal(changes.Select(m => m.Version).Order().Distinct(), changes.Select(m => m.Version)); // strictly increasing
        Assert.Equal((await service.FetchStreamStateAsync(poolId))!.Version, changes[^1].Version); // the pool stream's version
    }

    [Fact]
    public async Task GivenConditionalPledges_WhenThePoolIsActivatedAndLaterClosed_ThenTheyCountOnlyWhileLiveAndEndAtZero()
    {
        var a = await service.RegisterMemberAsync(10_000);
        var b = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync(minimumMembers: 2, target: 5_000);
        await (await service.PledgeAsync(poolId, a, 2_000)).EnsureStatus(HttpStatusCode.Created);
        await (await service.PledgeAsync(poolId, b, 3_000, conditional: true)).EnsureStatus(HttpStatusCode.Created);
        await service.PublishedAsync<PoolPledgeChanged>(m => m.PoolId == poolId && m.MemberId == a && m.LivePledged == 2_000, "a's live pledge");
        await service.PublishedAsync<PoolMemberJoined>(m => m.PoolId == poolId && m.MemberId == b, "b joined");
        Assert.Empty(service.PublishedNow<PoolPledgeChanged>(m => m.PoolId == poolId && m.MemberId == b)); // conditional: nothing live yet

        var broker = service.Broker();
        await (await broker.PostAsync($"/api/pools/{poolId}/activate", null)).EnsureStatus(HttpStatusCode.OK);
        var live = await service.PublishedAsync<PoolPledgeChanged>(m => m.PoolId == poolId && m.MemberId == b, "b's pledge going live");
        Assert.Equal(3_000, live.LivePledged);
        Assert.Single(service.PublishedNow<PoolPledgeChanged>(m => m.PoolId == poolId && m.MemberId == a)); // a's amount did not change

        await (await broker.PostAsync($"/api/pools/{poolId}/wind-down", null)).EnsureStatus(HttpStatusCode.OK);
        await (await broker.PostAsync($"/api/pools/{poolId}/close", null)).EnsureStatus(HttpStatusCode.OK);
        var closedAt = (await service.FetchStreamStateAsync(poolId))!.Version;
        foreach (var member in new[] { a, b })
        {
            var last = await service.PublishedAsync<PoolPledgeChanged>(
                m => m.PoolId == poolId && m.MemberId == member && m.LivePledged == 0, "the surplus returned at close");
            Assert.Equal(closedAt, last.Version);
            Assert.True(last.Version > live.Version);
        }
    }
}
