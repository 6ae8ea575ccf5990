using System.Net;
using System.Net.Http.Json;
using Brokerage.Members.Contracts;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;

namespace Brokerage.PooledFunds.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class PoolLifecycleApiTests(PooledFundsService service)
{
    [Fact]
    public async Task GivenMembersFromTheMembersService_WhenTheyPledgeAndTheBrokerActivates_ThenConditionalPledgesGoLiveAndEveryoneIsTold()
    {
        var a = await service.RegisterMemberAsync(10_000);
        var b = await service.RegisterMemberAsync(10_000);
        var c = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync(minimumMembers: 3, target: 9_000);

        // A joiner sees the pool's own rules before pledging.
        var seen = await service.Member(a).GetFromJsonAsync<PoolView>($"/api/pools/{poolId}");
        Assert.Contains("Drop-outs give four weeks' notice", seen!.Rules);

        await (await service.PledgeAsync(poolId, a, 3_000)).EnsureStatus(HttpStatusCode.Created);
        await (await service.PledgeAsync(poolId, b, 3_000, conditional: true)).EnsureStatus(HttpStatusCode.Created);
        await (await service.PledgeAsync(poolId, c, 3_000, conditional: true)).EnsureStatus(HttpStatusCode.Created);
        Assert.Equal(10_000, (await service.MemberViewAsync(b))!.Budget(2026, FundingStreams.SocialCare).Headroom); // conditional holds nothing

        var activated = await service.Broker().PostAsync($"/api/pools/{poolId}/activate", null);
        await activated.EnsureStatus(HttpStatusCode.OK);

        var pool = await service.PoolAsync(poolId);
        Assert.Equal("active", pool.Status);
        Assert.All(pool.Pledges, p => Assert.Equal("live", p.Status));
        Assert.Equal(9_000, (await service.LedgerAsync(poolId)).Totals.Pledged);
        Assert.Equal(7_000, (await service.MemberViewAsync(b))!.Budget(2026, FundingStreams.SocialCare).Headroom);

        await service.PublishedAsync<PoolOpened>(m => m.PoolId == poolId && m.Governance.MinimumMembers == 3, "PoolOpened");
        await service.PublishedAsync<PoolActivated>(m => m.PoolId == poolId, "PoolActivated");
        foreach (var member in new[] { a, b, c })
        {
            await service.PublishedAsync<PoolMemberJoined>(m => m.PoolId == poolId && m.MemberId == member, "PoolMemberJoined");
            await service.PublishedAsync<MemberPledgesChanged>(m => m.MemberId == member && m.Pledged == 3_000 && m.BudgetYear == 2026, "MemberPledgesChanged");
        }
    }

    [Fact]
    public async Task GivenAConditionalPledgeOverItsMembersHeadroom_WhenTheBrokerActivates_Then422NamingHowManyAndNothingChanges()
    {
        var a = await service.RegisterMemberAsync(10_000);
        var b = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync(minimumMembers: 2);
        await (await service.PledgeAsync(poolId, a, 3_000, conditional: true)).EnsureStatus(HttpStatusCode.Created);
        await (await service.PledgeAsync(poolId, b, 3_000, conditional: true)).EnsureStatus(HttpStatusCode.Created);
        var otherPool = await service.CreatePoolAsync();
        await (await service.PledgeAsync(otherPool, b, 8_000)).EnsureStatus(HttpStatusCode.Created); // b now has 2000 headroom

        var problem = await (await service.Broker().PostAsync($"/api/pools/{poolId}/activate", null)).AssertProblem(422);

        Assert.Equal("ConditionalPledgesCannotGoLive", problem.Title());
        Assert.StartsWith("1 conditional pledge", problem.GetProperty("detail").GetString());
        var pool = await service.PoolAsync(poolId);
        Assert.Equal("open", pool.Status);
        Assert.All(pool.Pledges, p => Assert.Equal("conditional", p.Status));
        Assert.Equal(10_000, (await service.MemberViewAsync(a))!.Budget(2026, FundingStreams.SocialCare).Headroom);
    }

    [Fact]
    public async Task GivenAnActivePool_WhenWoundDownAndClosed_ThenWhatWasAvailableGoesBackToTheMembersHeadroom()
    {
        var a = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync();
        await (await service.PledgeAsync(poolId, a, 6_000)).EnsureStatus(HttpStatusCode.Created);
        var broker = service.Broker();
        await (await broker.PostAsync($"/api/pools/{poolId}/activate", null)).EnsureStatus(HttpStatusCode.OK);
        await (await broker.PostAsync($"/api/pools/{poolId}/close", null)).AssertProblem(409); // an active pool winds down first
        await (await broker.PostAsync($"/api/pools/{poolId}/wind-down", null)).EnsureStatus(HttpStatusCode.OK);
        var raise = await service.Member(a).PutAsJsonAsync($"/api/pools/{poolId}/pledges/{a}", new { amount = 7_000, currency = "GBP" });
        Assert.Equal("PoolInWrongState", (await raise.AssertProblem(409)).Title()); // no higher pledges while winding down

        await (await broker.PostAsync($"/api/pools/{poolId}/close", null)).EnsureStatus(HttpStatusCode.OK);

        Assert.Equal(10_000, (await service.MemberViewAsync(a))!.Budget(2026, FundingStreams.SocialCare).Headroom);
        var ledger = await service.LedgerAsync(poolId);
        Assert.Equal(new FiguresDto(0, 0, 0, 0), ledger.Totals);
        await service.PublishedAsync<PoolWindingDown>(m => m.PoolId == poolId, "PoolWindingDown");
        await service.PublishedAsync<PoolClosed>(m => m.PoolId == poolId, "PoolClosed");
        await service.PublishedAsync<MemberPledgesChanged>(m => m.MemberId == a && m.Pledged == 0, "MemberPledgesChanged back to 0");
    }

    [Fact]
    public async Task GivenAMember_WhenTheyChangeTheirPledgeSeveralTimes_ThenMemberPledgesChangedCarriesAnIncreasingVersion()
    {
        var a = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync();
        var member = service.Member(a);
        await (await service.PledgeAsync(poolId, a, 1_000)).EnsureStatus(HttpStatusCode.Created);
        await (await member.PutAsJsonAsync($"/api/pools/{poolId}/pledges/{a}", new { amount = 2_500, currency = "GBP" })).EnsureStatus(HttpStatusCode.OK);
        await (await member.PutAsJsonAsync($"/api/pools/{poolId}/pledges/{a}", new { amount = 1_500, currency = "GBP" })).EnsureStatus(HttpStatusCode.OK);
        await (await member.DeleteAsync($"/api/pools/{poolId}/pledges/{a}")).EnsureStatus(HttpStatusCode.NoContent);

        var last = await service.PublishedAsync<MemberPledgesChanged>(m => m.MemberId == a && m.Pledged == 0, "the withdrawal");
        var changes = service.PublishedNow<MemberPledgesChanged>(m => m.MemberId == a).OrderBy(m => m.Version).ToList();
        Assert.Equal([1_000L, 2_500L, 1_500L, 0L], changes.Select(m => m.Pledged));
        Assert.Equal(changes.Count, changes.Select(m => m.Version).Distinct().Count());
        Assert.Equal(last.Version, changes[^1].Version);
        await service.PublishedAsync<PoolMemberLeft>(m => m.PoolId == poolId && m.MemberId == a, "PoolMemberLeft");
        Assert.Equal(10_000, (await service.MemberViewAsync(a))!.Budget(2026, FundingStreams.SocialCare).Headroom);
    }

    [Fact]
    public async Task GivenAMemberProposesAPool_WhenOthersLook_ThenOnlyTheProposerAndStaffSeeItUntilItOpens()
    {
        var proposer = await service.RegisterMemberAsync(1_000);
        var other = await service.RegisterMemberAsync(1_000);
        var created = await service.Member(proposer).PostAsJsonAsync("/api/pools", PooledFundsService.PoolRequest(name: "Gardening group"));
        await created.EnsureStatus(HttpStatusCode.Created);
        var pool = (await created.Content.ReadFromJsonAsync<PoolView>())!;
        Assert.Equal("proposed", pool.Status);

        Assert.Equal(HttpStatusCode.OK, (await service.Member(proposer).GetAsync($"/api/pools/{pool.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Member(other).GetAsync($"/api/pools/{pool.Id}")).StatusCode);
        Assert.DoesNotContain(await service.Member(other).GetFromJsonAsync<List<PoolView>>("/api/pools") ?? [], p => p.Id == pool.Id);
        Assert.Contains(await service.Broker().GetFromJsonAsync<List<PoolView>>("/api/pools") ?? [], p => p.Id == pool.Id);

        await (await service.Broker().PostAsync($"/api/pools/{pool.Id}/open", null)).EnsureStatus(HttpStatusCode.OK);
        Assert.Contains(await service.Member(other).GetFromJsonAsync<List<PoolView>>("/api/pools") ?? [], p => p.Id == pool.Id);
    }

    [Fact]
    public async Task GivenARepresentative_WhenTheyPledgeForAMember_ThenTheEventRecordsWhoActedForWhom()
    {
        var member = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync();
        var representativeId = Guid.NewGuid();
        await service.AppointAsync(representativeId, member);
        var representative = service.As(Tokens.Representative(representativeId, [member]));

        var response = await representative.PostAsJsonAsync($"/api/pools/{poolId}/pledges",
            new { memberId = member, amount = 1_500, currency = "GBP", fundingStream = FundingStreams.SocialCare, budgetYear = 2026 });
        await response.EnsureStatus(HttpStatusCode.Created);

        var made = (await service.FetchStreamAsync(poolId)).Single(e => e.Data is Brokerage.PooledFunds.Api.Pools.PledgeMade);
        Assert.Equal(member.ToString(), EventMetadata.Of(made).OnBehalfOf);
        Assert.Equal(representativeId.ToString(), EventMetadata.Of(made).UserId);
        Assert.Equal(PooledFundsService.Council, EventMetadata.Of(made).TenantId);
        var budgetEvent = (await service.FetchStreamAsync(member)).Last();
        Assert.Equal(member.ToString(), EventMetadata.Of(budgetEvent).OnBehalfOf);
        Assert.Equal($"\"{(await service.FetchStreamStateAsync(poolId))!.Version}\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task GivenAPoolRead_WhenWrittenWithAStaleIfMatch_Then412AndNothingChanges()
    {
        var a = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync();
        await (await service.PledgeAsync(poolId, a, 1_000)).EnsureStatus(HttpStatusCode.Created);
        var read = await service.Member(a).GetAsync($"/api/pools/{poolId}");
        var etag = read.Headers.ETag!.Tag;

        var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/pools/{poolId}/pledges/{a}") { Content = JsonContent.Create(new { amount = 2_000, currency = "GBP" }) };
        fresh.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await service.Member(a).SendAsync(fresh)).EnsureStatus(HttpStatusCode.OK);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/pools/{poolId}/pledges/{a}") { Content = JsonContent.Create(new { amount = 3_000, currency = "GBP" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await service.Member(a).SendAsync(stale)).AssertProblem(412);

        Assert.Equal(2_000, (await service.PoolAsync(poolId)).Pledges.Single().Amount);
    }
}

[Collection(ServiceCollection.Name)]
public sealed class OpenApiTests(PooledFundsService service)
{
    [Fact]
    public async Task GivenTheService_WhenItsOpenApiDocumentIsRead_ThenEveryPooledFundsEndpointIsDescribedWithItsRoles()
    {
        var document = await service.CreateClient().GetStringAsync("/openapi/v1.json");

        foreach (var path in new[]
                 {
                     "/api/pools", "/api/pools/{id}", "/api/pools/{id}/open", "/api/pools/{id}/activate", "/api/pools/{id}/wind-down", "/api/pools/{id}/close",
                     "/api/pools/{id}/pledges", "/api/pools/{id}/pledges/{memberId}", "/api/pools/{id}/ledger", "/api/pools/{id}/ledger.csv",
                     "/api/members/{memberId}/pledges",
                 })
        {
            Assert.Contains($"\"{path}\"", document);
        }

        Assert.Contains("Roles: broker of the pool's council", document);
    }
}
