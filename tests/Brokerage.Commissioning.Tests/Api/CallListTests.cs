using System.Net;
using System.Text.Json;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>The council's calls come a page at a time, newest first, with the total and links to the other pages.</summary>
[Collection(ServiceCollection.Name)]
public sealed class CallListTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    [Fact]
    public async Task GivenTwoNewCalls_WhenTheBrokerReadsOneAtATime_ThenTheNewestComesFirstAndEveryPageMatchesTheWholeList()
    {
        var member = Guid.NewGuid();
        var need = await S.NeedAsync(await S.PoolAsync([member]), member);
        var older = await S.DraftAsync(need);
        S.Service.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await S.DraftAsync(need);

        var whole = await S.Broker.GetAsync("/api/calls");
        var all = Ids(await whole.Content.ReadAsStringAsync());
        var first = await S.Broker.GetAsync("/api/calls?page=1&pageSize=1");
        var second = await S.Broker.GetAsync("/api/calls?page=2&pageSize=1");

        Assert.Equal([newer, older], all.Take(2));
        Assert.Equal([newer], Ids(await first.Content.ReadAsStringAsync()));
        Assert.Equal([older], Ids(await second.Content.ReadAsStringAsync()));
        Assert.All(new[] { whole, first, second }, r => Assert.Equal(all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Headers.GetValues("X-Total-Count").Single()));
        Assert.Contains("</api/calls?page=2&pageSize=1>; rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/calls?page=0", "page")]
    [InlineData("/api/contracts?pageSize=1001", "pageSize")]
    public async Task GivenAPageOutOfRange_WhenListing_ThenBadRequestNamingIt(string url, string field)
    {
        var response = await S.Broker.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static List<Guid> Ids(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
}
