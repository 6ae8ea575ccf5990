using System.Net;
using System.Net.Http.Json;
using Brokerage.Members.Contracts;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

[Collection(MembersApiCollection.Name)]
public sealed class BudgetTests(MembersFixture api)
{
    [Fact]
    public async Task GivenMember_WhenBrokerAllocatesForAYearAndStream_ThenTheBudgetShowsItAsHeadroom()
    {
        var id = await api.RegisterAsync();

        var response = await api.Broker.PostAsJsonAsync($"/api/members/{id}/allocations", new { budgetYear = 2026, fundingStream = "health", amount = 450_000, currency = "GBP" });

        var allocation = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(450_000, allocation.GetProperty("amount").GetInt64());
        var budget = await (await api.As(MemberToken(id)).GetAsync($"/api/members/{id}/budget?year=2026")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("2026-04-01", "2027-03-31", "GBP"), (budget.Text("startsOn"), budget.Text("endsOn"), budget.Text("currency")));
        var health = budget.GetProperty("streams").EnumerateArray().Single(s => s.Text("fundingStream") == "health");
        Assert.Equal((450_000L, 0L, 450_000L, false), (health.GetProperty("allocatedAmount").GetInt64(), health.GetProperty("pledgedAmount").GetInt64(),
            health.GetProperty("headroomAmount").GetInt64(), health.GetProperty("overPledged").GetBoolean()));
        Assert.Equal(FundingStreams.All, budget.GetProperty("streams").EnumerateArray().Select(s => s.Text("fundingStream")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, health.GetProperty("pledgedAsOf").ValueKind);
    }

    [Fact]
    public async Task GivenAllocation_WhenAllocatingTheSameYearAndStreamAgain_ThenConflictPointingToAReassessment()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2026, "social-care", 1_000_000);

        var response = await api.Broker.PostAsJsonAsync($"/api/members/{id}/allocations", new { budgetYear = 2026, fundingStream = "social-care", amount = 2_000_000, currency = "GBP" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("reassessment", problem.Text("title"));
        var budget = await (await api.Broker.GetAsync($"/api/members/{id}/budget?year=2026")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1_000_000, budget.GetProperty("streams")[0].GetProperty("allocatedAmount").GetInt64());
    }

    [Fact]
    public async Task GivenAllocation_WhenReassessedTwice_ThenTheFullHistoryWithReasonsIsReadableByTheMemberAndStaff()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2026, "social-care", 1_000_000);

        var first = await api.Broker.PostAsJsonAsync($"/api/members/{id}/reassessments",
            new { budgetYear = 2026, fundingStream = "social-care", amount = 1_200_000, currency = "GBP", reason = "More support at home" });
        var second = await api.Broker.PostAsJsonAsync($"/api/members/{id}/reassessments",
            new { budgetYear = 2026, fundingStream = "social-care", amount = 900_000, currency = "GBP", reason = "Day centre place found" });

        Assert.Equal(1_200_000, (await first.ExpectAsync(HttpStatusCode.OK)).GetProperty("amount").GetInt64());
        Assert.Equal(900_000, (await second.ExpectAsync(HttpStatusCode.OK)).GetProperty("amount").GetInt64());
        foreach (var reader in new[] { api.As(MemberToken(id)), api.As(AdminToken()), api.Broker })
        {
            var allocations = await (await reader.GetAsync($"/api/members/{id}/allocations")).ExpectAsync(HttpStatusCode.OK);
            var history = allocations.GetProperty("allocations").EnumerateArray().Single().GetProperty("history").EnumerateArray().ToArray();
            Assert.Equal(["allocated", "reassessed", "reassessed"], history.Select(h => h.Text("kind")));
            Assert.Equal([1_000_000L, 1_200_000L, 900_000L], history.Select(h => h.GetProperty("amount").GetInt64()));
            Assert.Equal(1_200_000, history[2].GetProperty("previousAmount").GetInt64());
            Assert.Equal("Day centre place found", history[2].Text("reason"));
            Assert.Equal("broker-ana", history[2].Text("recordedBy"));
        }
    }

    [Fact]
    public async Task GivenTenBrokersAllocatingTheSameYearAndStreamAtOnce_WhenTheyRace_ThenExactlyOneAllocationIsMade()
    {
        var id = await api.RegisterAsync();

        var responses = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => api.As(BrokerToken()).PostAsJsonAsync(
            $"/api/members/{id}/allocations", new { budgetYear = 2026, fundingStream = "social-care", amount = i * 1_000, currency = "GBP" })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var allocations = await (await api.Broker.GetAsync($"/api/members/{id}/allocations")).ExpectAsync(HttpStatusCode.OK);
        var only = Assert.Single(allocations.GetProperty("allocations").EnumerateArray());
        Assert.Single(only.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task GivenNoAllocation_WhenReassessing_ThenConflictAndNothingIsAllocated()
    {
        var id = await api.RegisterAsync();

        var response = await api.Broker.PostAsJsonAsync($"/api/members/{id}/reassessments",
            new { budgetYear = 2026, fundingStream = "mental-health", amount = 10_000, currency = "GBP", reason = "x" });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        var allocations = await (await api.Broker.GetAsync($"/api/members/{id}/allocations")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(allocations.GetProperty("allocations").EnumerateArray());
    }

    [Fact]
    public async Task GivenAllocationsInTwoYears_WhenReadingTheBudgetOfOne_ThenOnlyThatYearCounts()
    {
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, 2025, "social-care", 700_000);
        await api.AllocateAsync(id, 2026, "social-care", 800_000);

        var budget2025 = await (await api.Broker.GetAsync($"/api/members/{id}/budget?year=2025")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(700_000, budget2025.GetProperty("streams")[0].GetProperty("allocatedAmount").GetInt64());
    }

    [Fact]
    public async Task GivenTheClockOn31MarchAnd1April_WhenReadingTheBudgetWithoutAYear_ThenTheBudgetYearTurnsOn1April()
    {
        // The fake clock only moves forward (other tests share it): use the next 31 March, whatever today is.
        var turn = api.Clock.GetUtcNow().Year + 1;
        var id = await api.RegisterAsync();
        await api.AllocateAsync(id, turn - 1, "social-care", 500_000);
        await api.AllocateAsync(id, turn, "social-care", 600_000);

        api.Clock.SetUtcNow(new DateTimeOffset(turn, 3, 31, 23, 0, 0, TimeSpan.Zero));
        var lastDay = await (await api.Broker.GetAsync($"/api/members/{id}/budget")).ExpectAsync(HttpStatusCode.OK);
        api.Clock.SetUtcNow(new DateTimeOffset(turn, 4, 1, 0, 30, 0, TimeSpan.Zero));
        var firstDay = await (await api.Broker.GetAsync($"/api/members/{id}/budget")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((turn - 1, 500_000L), (lastDay.GetProperty("budgetYear").GetInt32(), lastDay.GetProperty("streams")[0].GetProperty("allocatedAmount").GetInt64()));
        Assert.Equal((turn, 600_000L), (firstDay.GetProperty("budgetYear").GetInt32(), firstDay.GetProperty("streams")[0].GetProperty("allocatedAmount").GetInt64()));
    }
}
