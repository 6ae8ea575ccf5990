using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Brokerage.Members.Contracts;

namespace Brokerage.Scenarios.Tests;

/// <summary>Issue 4: a member registered and allocated in Members pledges in PooledFunds, which learnt of them through RabbitMQ.</summary>
[Collection(BrokerageCollection.Name)]
public sealed class MemberPledgesAcrossServicesTests(Brokerage brokerage)
{
    private static readonly int BudgetYear = BudgetYears.Containing(DateOnly.FromDateTime(DateTime.UtcNow));

    [Fact]
    public async Task GivenAMemberRegisteredAndAllocatedInMembers_WhenTheyPledgeInPooledFunds_ThenItIsAcceptedWithin2sAndMembersShowsTheNewHeadroom()
    {
        var broker = Brokerage.BrokerToken();
        using var membersAsBroker = brokerage.Members.Client(broker);
        using var poolsAsBroker = brokerage.PooledFunds.Client(broker);

        var pool = await poolsAsBroker.PostJson("/api/pools", new
        {
            name = "Brixton day opportunities",
            purpose = "A shared day service run with the people who use it",
            outcomes = new[] { "Time out of the house with friends", "Learning new skills" },
            fundingStreams = new[] { FundingStreams.SocialCare },
            governance = new { minimumMembers = 2, targetAmount = 600_000, currency = "GBP", voteQuorumPercent = 50, votingMethod = "one-member-one-vote" },
            rules = "Members give a month's notice before leaving; new joiners are welcome at each quarter.",
        }).ExpectAsync(HttpStatusCode.Created);
        var poolId = pool.GetProperty("id").GetGuid();
        await poolsAsBroker.PostEmpty($"/api/pools/{poolId}/open").ExpectAsync(HttpStatusCode.OK);

        var member = await membersAsBroker.PostJson("/api/members", new
        {
            name = "Grace Adeyemi",
            contact = new { email = "grace@example.org" },
            communicationNeeds = new[] { "large-print" },
            pseudonym = "Sunflower",
        }).ExpectAsync(HttpStatusCode.Created);
        var memberId = member.GetProperty("id").GetGuid();
        using var membersAsMember = brokerage.Members.Client(Brokerage.MemberToken(memberId));
        using var poolsAsMember = brokerage.PooledFunds.Client(Brokerage.MemberToken(memberId));
        await membersAsBroker.PostJson($"/api/members/{memberId}/allocations",
            new { budgetYear = BudgetYear, fundingStream = FundingStreams.SocialCare, amount = 1_200_000, currency = "GBP" }).ExpectAsync(HttpStatusCode.Created);
        await membersAsMember.PutAsync($"/api/members/{memberId}/pooling-consent", null).ExpectAsync(HttpStatusCode.OK);

        // From here PooledFunds knows the member only through Members' messages over RabbitMQ.
        var clock = Stopwatch.StartNew();
        var accepted = await Http.EventuallyAsync<JsonElement>(async () =>
        {
            using var response = await poolsAsMember.PostJson($"/api/pools/{poolId}/pledges",
                new { memberId, amount = 300_000, currency = "GBP", fundingStream = FundingStreams.SocialCare, budgetYear = BudgetYear, conditional = false });
            return response.StatusCode == HttpStatusCode.Created
                ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()
                : null;
        }, TimeSpan.FromSeconds(2), "PooledFunds accepts the member's pledge");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The pledge was accepted after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(300_000, accepted.GetProperty("amount").GetInt64());

        // And Members learns the pledge back from PooledFunds' messages.
        var stream = await Http.EventuallyAsync<JsonElement>(async () =>
        {
            var budget = await membersAsMember.GetAsync($"/api/members/{memberId}/budget?year={BudgetYear}").ExpectAsync(HttpStatusCode.OK);
            var socialCare = budget.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("fundingStream").GetString() == FundingStreams.SocialCare);
            return socialCare.GetProperty("pledgedAmount").GetInt64() == 300_000 ? socialCare : null;
        }, TimeSpan.FromSeconds(2), "Members shows the pledge");
        Assert.Equal(1_200_000, stream.GetProperty("allocatedAmount").GetInt64());
        Assert.Equal(900_000, stream.GetProperty("headroomAmount").GetInt64());
    }
}
