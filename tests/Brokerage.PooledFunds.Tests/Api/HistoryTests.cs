using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;
using MassTransit;

namespace Brokerage.PooledFunds.Tests.Api;

/// <summary>
/// The council's audit trail of a pool (GET /api/pools/{id}/history): who changed it, when and for whom; a change
/// Commissioning's message caused shows "system", the message's id and who started it in Commissioning.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class HistoryTests(PooledFundsService service)
{
    private sealed record Entry(long Version, DateTimeOffset At, string Event, string RecordedBy, string? CausedByMessage, string? ActingFor, string? CorrelationId, string? InitiatedBy);

    private sealed record Page(List<Entry> Entries, long? NextAfter);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<(Page Page, string Raw)> HistoryAsync(Guid poolId, string query = "", string? token = null)
    {
        var response = await service.As(token ?? Tokens.Broker()).GetAsync($"/api/pools/{poolId}/history{query}");
        await response.EnsureStatus(HttpStatusCode.OK);
        var raw = await response.Content.ReadAsStringAsync();
        return (JsonSerializer.Deserialize<Page>(raw, Json)!, raw);
    }

    [Fact]
    public async Task GivenPeopleAndAnAwardChangedThePool_WhenCouncilStaffReadTheHistory_ThenEachEntrySaysWhoActedForWhomOrWhichMessageCausedIt()
    {
        var pool = await service.CreatePoolAsync(name: "Allotment ZX-NAME");
        var represented = await service.RegisterMemberAsync(10_000);
        var self = await service.RegisterMemberAsync(10_000);
        var representativeId = Guid.NewGuid();
        await service.AppointAsync(representativeId, represented);
        var representative = service.As(Tokens.Representative(representativeId, [represented]));
        var pledged = await representative.PostAsJsonAsync($"/api/pools/{pool}/pledges",
            new { memberId = represented, amount = 3_000, currency = "GBP", fundingStream = "social-care", budgetYear = 2026 });
        await pledged.EnsureStatus(HttpStatusCode.Created);
        await (await service.PledgeAsync(pool, self, 2_000)).EnsureStatus(HttpStatusCode.Created);
        await (await service.Broker().PostAsync($"/api/pools/{pool}/activate", null)).EnsureStatus(HttpStatusCode.OK);
        var contract = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        await service.Bus.Publish(new ReserveFunds(pool, contract, 1_000, "GBP"), context =>
        {
            context.MessageId = messageId;
            context.Headers.Set(Brokerage.Messaging.MessageHeaders.UserId, "broker-ben"); // who awarded, as Commissioning's outbox stamps it
        });
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");

        var (page, raw) = await HistoryAsync(pool, token: Tokens.Admin());
        Assert.Null(page.NextAfter);
        Assert.Equal(
            [
                (1L, "pool-proposed", "broker-ada", (string?)null, (string?)null, (string?)null),
                (2L, "pool-opened", "broker-ada", null, null, null),
                (3L, "pledge-made", representativeId.ToString(), represented.ToString(), null, null),
                (4L, "pledge-made", self.ToString(), null, null, null),
                (5L, "pool-activated", "broker-ada", null, null, null),
                (6L, "contract-funds-reserved", AuditTrail.System, null, messageId.ToString(), "broker-ben"),
            ],
            page.Entries.Select(e => (e.Version, e.Event, e.RecordedBy, e.ActingFor, e.CausedByMessage, e.InitiatedBy)).ToArray());
        Assert.Equal(pledged.Headers.GetValues("X-Correlation-Id").Single(), page.Entries[2].CorrelationId);
        Assert.DoesNotContain("ZX-", raw, StringComparison.Ordinal); // event data (names, rules, amounts) stays out of the trail
        Assert.DoesNotContain(contract.ToString(), raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GivenAPoolWithSeveralChanges_WhenReadingPageByPage_ThenEveryEntryComesExactlyOnceInOrder()
    {
        var pool = await service.CreatePoolAsync();
        var member = await service.RegisterMemberAsync(10_000);
        await (await service.PledgeAsync(pool, member, 1_000)).EnsureStatus(HttpStatusCode.Created);
        foreach (var amount in new[] { 2_000, 3_000, 4_000 })
        {
            await (await service.Member(member).PutAsJsonAsync($"/api/pools/{pool}/pledges/{member}", new { amount, currency = "GBP" })).EnsureStatus(HttpStatusCode.OK);
        }

        var all = (await HistoryAsync(pool)).Page.Entries;
        var read = new List<Entry>();
        var pages = 0;
        long? after = 0;
        while (after is { } from)
        {
            var (page, _) = await HistoryAsync(pool, $"?after={from}&limit=2");
            read.AddRange(page.Entries);
            after = page.NextAfter;
            Assert.True(++pages <= 3, "paging does not end");
        }

        Assert.Equal(6, all.Count); // proposed, opened, made, raised ×3
        Assert.Equal([1L, 2, 3, 4, 5, 6], read.Select(e => e.Version));
        Assert.Equal(all, read);
        Assert.Equal(3, pages);
    }
}
