using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

/// <summary>
/// The council's audit trail of a member (GET /api/members/{id}/history): who changed what, when and for whom, page by
/// page, and never what the change said.
/// </summary>
[Collection(MembersApiCollection.Name)]
public sealed class HistoryTests(MembersFixture api)
{
    private sealed record Entry(long Version, DateTimeOffset At, string Event, string RecordedBy, string? CausedByMessage, string? ActingFor, string? CorrelationId);

    private sealed record Page(List<Entry> Entries, long? NextAfter);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<(Page Page, string Raw)> HistoryAsync(Guid memberId, string query = "", string? token = null)
    {
        var response = await api.As(token ?? BrokerToken()).GetAsync($"/api/members/{memberId}/history{query}");
        await response.ExpectAsync(HttpStatusCode.OK);
        var raw = await response.Content.ReadAsStringAsync();
        return (JsonSerializer.Deserialize<Page>(raw, Json)!, raw);
    }

    [Fact]
    public async Task GivenARepresentativeAndABrokerActed_WhenCouncilStaffReadTheHistory_ThenEachEntrySaysWhoActedForWhomOldestFirst()
    {
        var id = await api.RegisterAsync();
        var representativeId = await api.AppointAsync(id);
        var asRepresentative = api.As(RepresentativeToken(representativeId, id));
        var consent = await asRepresentative.PutAsync($"/api/members/{id}/pooling-consent", null);
        await consent.ExpectAsync(HttpStatusCode.OK);
        await (await asRepresentative.PostAsJsonAsync($"/api/members/{id}/outcomes", new { description = "Go to the allotment" })).ExpectAsync(HttpStatusCode.Created);
        await (await api.As(MemberToken(id)).DeleteAsync($"/api/members/{id}/pooling-consent")).ExpectAsync(HttpStatusCode.OK);

        var (page, _) = await HistoryAsync(id, token: AdminToken());

        Assert.Null(page.NextAfter);
        Assert.Equal(
            [
                (1L, "member-registered", "broker-ana", (string?)null),
                (2L, "representative-appointed", "broker-ana", null),
                (3L, "pooling-consent-given", representativeId.ToString(), id.ToString()),
                (4L, "support-plan-outcome-added", representativeId.ToString(), id.ToString()),
                (5L, "pooling-consent-withdrawn", id.ToString(), null),
            ],
            page.Entries.Select(e => (e.Version, e.Event, e.RecordedBy, e.ActingFor)).ToArray());
        Assert.All(page.Entries, e => Assert.Null(e.CausedByMessage)); // people acted, no message caused these
        Assert.Equal(consent.Headers.GetValues("X-Correlation-Id").Single(), page.Entries[2].CorrelationId);
        Assert.True(page.Entries.Zip(page.Entries.Skip(1)).All(p => p.First.At <= p.Second.At), "entries are oldest first");
    }

    [Fact]
    public async Task GivenAMemberWithManyChanges_WhenReadingPageByPage_ThenEveryEntryComesExactlyOnceInOrder()
    {
        var id = await api.RegisterAsync();
        var member = api.As(MemberToken(id));
        for (var i = 0; i < 6; i++)
        {
            await (await member.PutAsync($"/api/members/{id}/pooling-consent", null)).ExpectAsync(HttpStatusCode.OK);
            await (await member.DeleteAsync($"/api/members/{id}/pooling-consent")).ExpectAsync(HttpStatusCode.OK);
        }

        var (all, _) = await HistoryAsync(id);
        var read = new List<Entry>();
        var pages = 0;
        long? after = 0;
        while (after is { } from)
        {
            var (page, _) = await HistoryAsync(id, $"?after={from}&limit=5");
            read.AddRange(page.Entries);
            after = page.NextAfter;
            pages++;
            Assert.True(pages <= 3, "paging does not end");
        }

        Assert.Equal(13, all.Entries.Count);
        Assert.Equal(Enumerable.Range(1, 13).Select(v => (long)v), read.Select(e => e.Version));
        Assert.Equal(all.Entries, read);
        Assert.Equal(3, pages);
        Assert.Null((await HistoryAsync(id, "?limit=13")).Page.NextAfter); // a page that ends exactly at the last entry is the last
        Assert.Empty((await HistoryAsync(id, "?after=13")).Page.Entries);
    }

    [Fact]
    public async Task GivenOutcomesAndAReassessmentReason_WhenReadingTheHistory_ThenTheTrailNamesTheChangesButHoldsNoneOfTheirWords()
    {
        const string Outcome = "Manage my diabetes at home ZX-OUTCOME";
        const string Edited = "Manage my insulin myself ZX-EDITED";
        const string Reason = "Deterioration after a fall ZX-REASON";
        var id = await api.RegisterAsync(name: "Zelda ZX-NAME");
        await api.AllocateAsync(id, 2026, "social-care", 100_000);
        var outcome = await api.AddOutcomeAsync(id, Outcome);
        await (await api.As(MemberToken(id)).PutAsJsonAsync($"/api/members/{id}/outcomes/{outcome}", new { description = Edited })).ExpectAsync(HttpStatusCode.OK);
        await (await api.Broker.PostAsJsonAsync($"/api/members/{id}/reassessments",
            new { budgetYear = 2026, fundingStream = "social-care", amount = 80_000, currency = "GBP", reason = Reason })).ExpectAsync(HttpStatusCode.OK);

        var (page, raw) = await HistoryAsync(id);

        Assert.Equal(["member-registered", "budget-allocated", "support-plan-outcome-added", "support-plan-outcome-edited", "budget-reassessed"],
            page.Entries.Select(e => e.Event));
        Assert.DoesNotContain("ZX-", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.ToString(), raw, StringComparison.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(raw);
        Assert.All(document.RootElement.GetProperty("entries").EnumerateArray(), entry => Assert.Equal(
            ["version", "at", "event", "recordedBy", "causedByMessage", "actingFor", "correlationId", "initiatedBy"],
            entry.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task GivenAClosedAndArchivedMember_WhenReadingTheHistory_ThenEveryEntryStillReads()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2026, "social-care", 50_000);
        await (await api.Broker.PostAsync($"/api/members/{id}/close", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["member-registered", "budget-allocated", "member-closed"], (await HistoryAsync(id)).Page.Entries.Select(e => e.Event));

        // Retention keeps a finished record as an archived stream: hidden from normal reads, still readable for audit.
        await using (var session = api.Store.LightweightSession())
        {
            session.Events.ArchiveStream(id);
            await session.SaveChangesAsync();
        }

        var (page, _) = await HistoryAsync(id, token: AdminToken());
        Assert.Equal(["member-registered", "budget-allocated", "member-closed"], page.Entries.Select(e => e.Event));
        Assert.Equal("broker-ana", page.Entries[^1].RecordedBy);
    }
}
