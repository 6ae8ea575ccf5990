using System.Net;

namespace Brokerage.ProviderOffers.Tests.Api;

/// <summary>The council's providers come a page at a time, by legal name, with the total and links to the other pages.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ListPagingTests(ServiceFixture service)
{
    private readonly Scenario scenario = new(service);

    [Fact]
    public async Task GivenThreeProvidersOfACouncil_WhenStaffReadTwoAtATime_ThenByLegalNameWithTheTotalAndNoneTwice()
    {
        var council = Scenario.NewCouncil();
        var charlie = await scenario.RegisterProviderAsync([council], name: "Charlie Care Ltd");
        var alpha = await scenario.RegisterProviderAsync([council], name: "alpha homes CIC");
        var bravo = await scenario.RegisterProviderAsync([council], name: "Bravo Support");
        var broker = service.Client(Tokens.Broker(council));

        var first = await broker.GetAsync("/api/providers?pageSize=2");
        var second = await broker.GetAsync("/api/providers?page=2&pageSize=2");

        var ids = (await Scenario.ReadArrayAsync(first)).Concat(await Scenario.ReadArrayAsync(second)).Select(p => p!["id"]!.GetValue<Guid>());
        Assert.Equal([alpha, bravo, charlie], ids);
        Assert.Equal(["3", "3"], new[] { first, second }.Select(r => r.Headers.GetValues("X-Total-Count").Single()));
        Assert.Contains("</api/providers?page=2&pageSize=2>; rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/providers?page=0", "page")]
    [InlineData("/api/calls?pageSize=5000", "pageSize")]
    public async Task GivenAPageOutOfRange_WhenListing_ThenBadRequestNamingIt(string url, string field)
    {
        var response = await service.Client(Tokens.Broker(Scenario.NewCouncil())).GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
