using System.Net;
using System.Net.Http.Json;

namespace Brokerage.Scenarios.Tests;

/// <summary>
/// Issue 10: whom a representative acts for is what Members recorded, in every service. Appointed in Members, a
/// representative may pledge for the member in PooledFunds and read the pool's needs in Commissioning; once a broker
/// ends the appointment in Members, the same still-valid token is refused in both.
/// </summary>
[Collection(BrokerageCollection.Name)]
public sealed class RepresentationAcrossServicesTests(Brokerage brokerage)
{
    [Fact]
    public async Task GivenARepresentativeAppointedInMembers_WhenTheBrokerEndsTheAppointment_ThenPooledFundsAndCommissioningRefuseTheirToken()
    {
        var steps = new Steps(brokerage);
        var member = await steps.RegisterMemberAsync("Winston Clarke", "Kingfisher" + Guid.NewGuid().ToString("N")[..6], 1_200_000);
        var pool = await steps.OpenPoolAsync("Evenings out", minimumMembers: 1, target: 0, quorumPercent: 50);
        await steps.PledgeAsync(pool, member, 100_000);
        await steps.ActivatePoolAsync(pool);
        using var membersAsBroker = steps.BrokerOf(brokerage.Members);
        var representative = Guid.NewGuid();
        await membersAsBroker.PostJson($"/api/members/{member}/representatives", new
        {
            representativeId = representative, name = "Marcia Clarke", relationship = "daughter", basis = "care-act-s31-nominated",
        }).ExpectAsync(HttpStatusCode.Created);
        using var pools = brokerage.PooledFunds.Client(Brokerage.RepresentativeToken(representative, member));
        using var commissioning = brokerage.Commissioning.Client(Brokerage.RepresentativeToken(representative, member));

        // PooledFunds and Commissioning learn of the appointment from Members' message.
        await Http.EventuallyAsync(async () =>
        {
            using var raised = await pools.PutAsJsonAsync($"/api/pools/{pool}/pledges/{member}", new { amount = 150_000, currency = "GBP" });
            return raised.StatusCode == HttpStatusCode.OK ? true : (bool?)null;
        }, Steps.MessageWait, "PooledFunds accepts the representative's change to the member's pledge");
        await Http.EventuallyAsync(async () =>
        {
            using var needs = await commissioning.GetAsync($"/api/pools/{pool}/needs");
            return needs.StatusCode == HttpStatusCode.OK ? true : (bool?)null;
        }, Steps.MessageWait, "Commissioning lets the representative read the pool's needs");

        await membersAsBroker.PostEmpty($"/api/members/{member}/representatives/{representative}/end").ExpectAsync(HttpStatusCode.OK);

        await Http.EventuallyAsync(async () =>
        {
            using var refused = await pools.GetAsync($"/api/members/{member}/pledges");
            return refused.StatusCode == HttpStatusCode.Forbidden ? true : (bool?)null;
        }, Steps.MessageWait, "PooledFunds refuses the ended representative");
        await Http.EventuallyAsync(async () =>
        {
            using var refused = await commissioning.GetAsync($"/api/pools/{pool}/needs");
            return refused.StatusCode == HttpStatusCode.Forbidden ? true : (bool?)null;
        }, Steps.MessageWait, "Commissioning refuses the ended representative");
        Assert.Equal(HttpStatusCode.Forbidden, (await pools.PutAsJsonAsync($"/api/pools/{pool}/pledges/{member}", new { amount = 200_000, currency = "GBP" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pools.GetAsync($"/api/pools/{pool}/ledger")).StatusCode);
        var pledge = await steps.LedgerAsync(pool);
        Assert.Equal(150_000, pledge.GetProperty("totals").GetProperty("pledged").GetInt64()); // the refused change changed nothing
    }
}
