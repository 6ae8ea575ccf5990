using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Members.Api.Pledges;
using Brokerage.PooledFunds.Contracts;
using MassTransit;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

/// <summary>PooledFunds' MemberPledgesChanged, published on the service's vhost as PooledFunds would, feeds the budget view.</summary>
[Collection(MembersApiCollection.Name)]
public sealed class PledgesFromPooledFundsTests(MembersFixture api)
{
    [Fact]
    public async Task GivenAllocation_WhenPooledFundsReportsPledges_ThenPledgedAndHeadroomFollowAndAStaleVersionNeverRollsThemBack()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2026, "social-care", 1_000_000);
        var member = api.As(MemberToken(id));

        await PublishAsync(id, "social-care", pledged: 300_000, version: 2);
        await WaitForPledgedAsync(member, id, "social-care", 300_000);
        var afterFirst = await StreamAsync(member, id, "social-care");

        await PublishAsync(id, "social-care", pledged: 900_000, version: 1); // late: an older figure
        await PublishAsync(id, "social-care", pledged: 950_000, version: 2); // repeated version, different figure
        await Eventually.HoldsAsync(async () => (await api.FetchStreamAsync(PledgeStreams.For(id))).Count == 3, "the stale deliveries to be consumed");
        var afterStale = await StreamAsync(member, id, "social-care");

        var changedAt = new DateTimeOffset(2026, 9, 1, 10, 0, 0, TimeSpan.Zero);
        await PublishAsync(id, "social-care", pledged: 400_000, version: 3, changedAt: changedAt);
        await WaitForPledgedAsync(member, id, "social-care", 400_000);
        var afterNewer = await StreamAsync(member, id, "social-care");

        Assert.Equal((300_000L, 700_000L), (afterFirst.GetProperty("pledgedAmount").GetInt64(), afterFirst.GetProperty("headroomAmount").GetInt64()));
        Assert.Equal((300_000L, 700_000L), (afterStale.GetProperty("pledgedAmount").GetInt64(), afterStale.GetProperty("headroomAmount").GetInt64()));
        Assert.Equal((400_000L, 600_000L, false), (afterNewer.GetProperty("pledgedAmount").GetInt64(), afterNewer.GetProperty("headroomAmount").GetInt64(),
            afterNewer.GetProperty("overPledged").GetBoolean()));
        Assert.Equal(changedAt, afterNewer.GetProperty("pledgedAsOf").GetDateTimeOffset());
    }

    [Fact]
    public async Task GivenTwentyDeliveriesArrivingTogetherInShuffledOrder_WhenAllAreConsumed_ThenTheHighestVersionWins()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2026, "social-care", 10_000_000);
        var versions = Enumerable.Range(1, 20).OrderBy(_ => Random.Shared.Next()).ToArray();

        await Task.WhenAll(versions.Select(v => PublishAsync(id, "social-care", pledged: v * 10_000, version: v)));
        await Eventually.HoldsAsync(async () => (await api.FetchStreamAsync(PledgeStreams.For(id))).Count == 20, "every delivery to be consumed");

        var stream = await StreamAsync(api.As(MemberToken(id)), id, "social-care");
        Assert.Equal((200_000L, 9_800_000L), (stream.GetProperty("pledgedAmount").GetInt64(), stream.GetProperty("headroomAmount").GetInt64()));
    }

    [Fact]
    public async Task GivenMalformedPledgeFigures_WhenConsumed_ThenTheyAreIgnoredAndTheBudgetIsUntouched()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2026, "social-care", 100_000);
        MemberPledgesChanged[] malformed =
        [
            new(id, Council, 2026, "respite", 10_000, "GBP", 1, DateTimeOffset.UtcNow),
            new(id, Council, 2026, "social-care", -10_000, "GBP", 1, DateTimeOffset.UtcNow),
            new(id, Council, 2026, "social-care", 10_000, "EUR", 1, DateTimeOffset.UtcNow),
            new(id, Council, 1850, "social-care", 10_000, "GBP", 1, DateTimeOffset.UtcNow),
        ];
        var messageIds = malformed.Select(_ => Guid.NewGuid()).ToArray();

        await Task.WhenAll(malformed.Select((m, i) => api.Bus.Publish(m, context => context.MessageId = messageIds[i])));
        await Eventually.HoldsAsync(
            async () => await InboxCountAsync(messageIds) == messageIds.Length,
            "the malformed deliveries to be consumed");

        Assert.Empty(await api.FetchStreamAsync(PledgeStreams.For(id)));
        var stream = await StreamAsync(api.As(MemberToken(id)), id, "social-care");
        Assert.Equal((0L, 100_000L), (stream.GetProperty("pledgedAmount").GetInt64(), stream.GetProperty("headroomAmount").GetInt64()));
    }

    [Fact]
    public async Task GivenPledgesInOneStream_WhenReadingTheOtherStreamsAndYears_ThenTheyAreUntouched()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2026, "health", 200_000);
        await api.AllocateAsync(id, 2026, "mental-health", 100_000);
        var member = api.As(MemberToken(id));

        await PublishAsync(id, "health", pledged: 50_000, version: 1, year: 2026);
        await PublishAsync(id, "mental-health", pledged: 10_000, version: 1, year: 2027);
        await WaitForPledgedAsync(member, id, "health", 50_000);
        await Eventually.HoldsAsync(async () => (await api.FetchStreamAsync(PledgeStreams.For(id))).Count == 2, "both deliveries to be consumed");

        var mentalHealth = await StreamAsync(member, id, "mental-health");
        Assert.Equal((100_000L, 0L, 100_000L), (mentalHealth.GetProperty("allocatedAmount").GetInt64(), mentalHealth.GetProperty("pledgedAmount").GetInt64(),
            mentalHealth.GetProperty("headroomAmount").GetInt64()));
    }

    [Fact]
    public async Task GivenPledges_WhenAReassessmentLowersTheAllocationBelowThem_ThenHeadroomIsZeroAndTheStreamIsFlaggedOverPledged()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2026, "social-care", 500_000);
        var member = api.As(MemberToken(id));
        await PublishAsync(id, "social-care", pledged: 400_000, version: 1);
        await WaitForPledgedAsync(member, id, "social-care", 400_000);

        await (await api.Broker.PostAsJsonAsync($"/api/members/{id}/reassessments",
            new { budgetYear = 2026, fundingStream = "social-care", amount = 300_000, currency = "GBP", reason = "Lower needs" })).ExpectAsync(HttpStatusCode.OK);

        var stream = await StreamAsync(member, id, "social-care");
        Assert.Equal((300_000L, 400_000L, 0L, true), (stream.GetProperty("allocatedAmount").GetInt64(), stream.GetProperty("pledgedAmount").GetInt64(),
            stream.GetProperty("headroomAmount").GetInt64(), stream.GetProperty("overPledged").GetBoolean()));
    }

    private Task PublishAsync(Guid memberId, string stream, long pledged, long version, int year = 2026, DateTimeOffset? changedAt = null) =>
        api.Bus.Publish(new MemberPledgesChanged(memberId, Council, year, stream, pledged, "GBP", version, changedAt ?? DateTimeOffset.UtcNow));

    /// <summary>How many of the messages the consumer's inbox has recorded: each is recorded when its consumer committed.</summary>
    private async Task<long> InboxCountAsync(Guid[] messageIds)
    {
        await using var connection = await api.Storage.DataSource.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM members.inbox WHERE message_id = ANY(@ids) AND consumer LIKE '%member-pledges-changed'", connection);
        command.Parameters.AddWithValue("ids", messageIds);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<JsonElement> StreamAsync(HttpClient client, Guid memberId, string stream, int year = 2026)
    {
        var budget = await (await client.GetAsync($"/api/members/{memberId}/budget?year={year}")).ExpectAsync(HttpStatusCode.OK);
        return budget.GetProperty("streams").EnumerateArray().Single(s => s.Text("fundingStream") == stream);
    }

    private static Task WaitForPledgedAsync(HttpClient client, Guid memberId, string stream, long pledged) =>
        Eventually.HoldsAsync(
            async () => (await StreamAsync(client, memberId, stream)).GetProperty("pledgedAmount").GetInt64() == pledged,
            $"the budget to show {pledged} pledged from {stream}");
}
