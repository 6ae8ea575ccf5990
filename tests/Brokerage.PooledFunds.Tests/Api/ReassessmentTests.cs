using System.Net;
using System.Net.Http.Json;
using Brokerage.Members.Contracts;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;

namespace Brokerage.PooledFunds.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class ReassessmentTests(PooledFundsService service)
{
    [Fact]
    public async Task GivenLivePledges_WhenAReassessmentLowersTheAllocationBelowThem_ThenThePledgesAreFlaggedNothingReservedIsUndoneAndRaisesWaitUntilResolved()
    {
        var member = await service.RegisterMemberAsync(10_000);
        var active = await service.CreatePoolAsync();
        var open = await service.CreatePoolAsync();
        await (await service.PledgeAsync(active, member, 4_000)).EnsureStatus(HttpStatusCode.Created);
        await (await service.PledgeAsync(open, member, 4_000)).EnsureStatus(HttpStatusCode.Created);
        await (await service.Broker().PostAsync($"/api/pools/{active}/activate", null)).EnsureStatus(HttpStatusCode.OK);
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(active, contract, 3_000, "GBP"));
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");

        await service.Bus.Publish(new BudgetReassessed(
            member, PooledFundsService.Council, 2026, FundingStreams.SocialCare, 10_000, 6_000, Money.Currency, DateTimeOffset.UtcNow));
        await PooledFundsService.EventuallyAsync(
            async () => (await service.MemberViewAsync(member))!.Budget(2026, FundingStreams.SocialCare).Allocated == 6_000, "the reassessment to arrive");

        var view = (await service.MemberViewAsync(member))!;
        var line = view.Budget(2026, FundingStreams.SocialCare);
        Assert.True(line.Flagged);
        Assert.Equal(2_000, line.Overcommitted);
        Assert.Equal(0, line.Headroom);
        Assert.All(view.Pledges, p => Assert.True(p.Pledge.Flagged));
        var brokerView = await service.PoolAsync(active);
        Assert.Equal(1, brokerView.FlaggedPledges);
        Assert.True(brokerView.Pledges.Single().Flagged);
        Assert.Equal(3_000, (await service.LedgerAsync(active)).Totals.Reserved); // nothing reserved is undone

        var raise = await service.Member(member).PutAsJsonAsync($"/api/pools/{open}/pledges/{member}", new { amount = 4_001, currency = "GBP" });
        Assert.Equal("PledgesFlagged", (await raise.AssertProblem(422)).Title());

        await (await service.Member(member).PutAsJsonAsync($"/api/pools/{open}/pledges/{member}", new { amount = 2_000, currency = "GBP" })).EnsureStatus(HttpStatusCode.OK);

        view = (await service.MemberViewAsync(member))!;
        Assert.False(view.Budget(2026, FundingStreams.SocialCare).Flagged);
        Assert.All(view.Pledges, p => Assert.False(p.Pledge.Flagged));
        Assert.Equal(0, (await service.PoolAsync(active)).FlaggedPledges);
    }

    [Fact]
    public async Task GivenConsentWithdrawnInMembers_WhenTheMemberPledges_Then422NoPoolingConsent()
    {
        var member = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync();
        await service.Bus.Publish(new PoolingConsentWithdrawn(member, PooledFundsService.Council, DateTimeOffset.UtcNow.AddSeconds(1)));
        await PooledFundsService.EventuallyAsync(async () => !(await service.MemberViewAsync(member))!.PoolingConsent, "the withdrawal to arrive");

        Assert.Equal("NoPoolingConsent", (await (await service.PledgeAsync(poolId, member, 100)).AssertProblem(422)).Title());
    }

    [Fact]
    public async Task GivenAHealthBudget_WhenTheMemberPledgesItToAPoolThatDoesNotAcceptHealthMoney_Then422()
    {
        var member = await service.RegisterMemberAsync(10_000, stream: FundingStreams.Health);
        var socialOnly = await service.CreatePoolAsync();
        var healthEligible = await service.CreatePoolAsync(streams: [FundingStreams.SocialCare, FundingStreams.Health]);

        Assert.Equal("FundingStreamNotAccepted", (await (await service.PledgeAsync(socialOnly, member, 100, FundingStreams.Health)).AssertProblem(422)).Title());
        await (await service.PledgeAsync(healthEligible, member, 100, FundingStreams.Health)).EnsureStatus(HttpStatusCode.Created);
    }
}
