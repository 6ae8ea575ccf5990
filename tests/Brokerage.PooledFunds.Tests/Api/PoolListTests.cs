using System.Net;
using System.Text.Json;

namespace Brokerage.PooledFunds.Tests.Api;

/// <summary>A council's pools come a page at a time, oldest first, with the total and links to the other pages.</summary>
[Collection(ServiceCollection.Name)]
public sealed class PoolListTests(PooledFundsService service)
{
    [Fact]
    public async Task GivenThreePoolsInACouncil_WhenTheBrokerReadsOneAtATime_ThenTheyComeInTheOrderProposedWithTheTotal()
    {
        var council = $"pools-{Guid.NewGuid():N}"[..16];
        var proposed = new List<Guid>();
        foreach (var name in new[] { "Walking group", "Allotment", "Evening club" })
        {
            service.Clock.Advance(TimeSpan.FromMinutes(1));
            proposed.Add(await service.CreatePoolAsync(council: council, name: name));
        }

        var read = new List<Guid>();
        foreach (var page in new[] { 1, 2, 3 })
        {
            var response = await service.Broker(council).GetAsync($"/api/pools?page={page}&pageSize=1");
            await response.EnsureStatus(HttpStatusCode.OK);
            var pools = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            read.Add(Assert.Single(pools.EnumerateArray().ToArray()).GetProperty("id").GetGuid());
            Assert.Equal("3", response.Headers.GetValues("X-Total-Count").Single());
        }

        Assert.Equal(proposed, read);
    }

    [Fact]
    public async Task GivenAPageSizeOutOfRange_WhenListing_ThenBadRequestNamingIt()
    {
        var response = await service.Broker().GetAsync("/api/pools?pageSize=0");

        await response.EnsureStatus(HttpStatusCode.BadRequest);
        Assert.Contains("\"pageSize\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
