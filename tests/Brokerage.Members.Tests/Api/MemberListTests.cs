using System.Net;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

/// <summary>A council's member list comes a page at a time, oldest registration first, and says how many there are.</summary>
[Collection(MembersApiCollection.Name)]
public sealed class MemberListTests(MembersFixture api)
{
    [Fact]
    public async Task GivenFiveMembersInACouncil_WhenTheBrokerReadsTwoAtATime_ThenEachComesOnceInRegistrationOrderWithTheTotalAndLinks()
    {
        var council = $"paging-{Guid.NewGuid():N}"[..20];
        var registered = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            api.Clock.Advance(TimeSpan.FromMinutes(1));
            registered.Add(await api.RegisterAsync(council: council));
        }

        var broker = api.As(BrokerToken(council));
        var read = new List<Guid>();
        var links = new List<string>();
        foreach (var page in new[] { 1, 2, 3 })
        {
            var response = await broker.GetAsync($"/api/members?page={page}&pageSize=2");
            var members = await response.ExpectAsync(HttpStatusCode.OK);
            read.AddRange(members.EnumerateArray().Select(m => Guid.Parse(m.Text("id"))));
            Assert.Equal("5", response.Headers.GetValues("X-Total-Count").Single());
            links.Add(response.Headers.GetValues("Link").Single());
        }

        Assert.Equal(registered, read);
        Assert.Contains("</api/members?page=2&pageSize=2>; rel=\"next\"", links[0], StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", links[2], StringComparison.Ordinal);
        Assert.Contains("</api/members?page=3&pageSize=2>; rel=\"last\"", links[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?pageSize=1001", "pageSize")]
    [InlineData("?pageSize=0", "pageSize")]
    public async Task GivenAPageOutOfRange_WhenListing_ThenBadRequestNamingIt(string query, string field)
    {
        var problem = await (await api.Broker.GetAsync($"/api/members{query}")).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.ErrorFields());
    }
}
