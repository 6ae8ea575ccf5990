using Microsoft.AspNetCore.Http;

namespace Brokerage.ServiceDefaults.Tests;

public sealed class ListPagingTests
{
    private static HttpContext Request(string query)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/members";
        http.Request.QueryString = new QueryString(query);
        return http;
    }

    [Fact]
    public void GivenTheMiddlePageOfFive_WhenDescribed_ThenTheTotalAndEveryNeighbourAreLinkedKeepingTheOtherQueryParameters()
    {
        var http = Request("?status=active&page=3&pageSize=20");

        ListPaging.Describe(http, new ListPage(3, 20), 95);

        Assert.Equal("95", http.Response.Headers[ListPaging.TotalCountHeader].ToString());
        Assert.Equal(
            "</api/members?status=active&page=1&pageSize=20>; rel=\"first\", </api/members?status=active&page=2&pageSize=20>; rel=\"prev\", "
            + "</api/members?status=active&page=4&pageSize=20>; rel=\"next\", </api/members?status=active&page=5&pageSize=20>; rel=\"last\"",
            http.Response.Headers.Link.ToString());
    }

    [Fact]
    public void GivenTheOnlyPage_WhenDescribed_ThenThereIsNoPrevOrNext()
    {
        var http = Request("");

        ListPaging.Describe(http, new ListPage(1, ListPaging.DefaultSize), 3);

        Assert.Equal(
            $"</api/members?page=1&pageSize={ListPaging.DefaultSize}>; rel=\"first\", </api/members?page=1&pageSize={ListPaging.DefaultSize}>; rel=\"last\"",
            http.Response.Headers.Link.ToString());
    }

    [Fact]
    public void GivenAPagePastTheEnd_WhenDescribed_ThenPrevPointsAtTheLastPage()
    {
        var http = Request("?page=9&pageSize=10");

        ListPaging.Describe(http, new ListPage(9, 10), 25);

        Assert.Contains("</api/members?page=3&pageSize=10>; rel=\"prev\"", http.Response.Headers.Link.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", http.Response.Headers.Link.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAPathOtherThanTheRequests_WhenPagesAreLinked_ThenEveryLinkUsesItAndKeepsTheQuery()
    {
        var http = Request("?since=2027-01-01T00%3A00%3A00Z&page=2&pageSize=10");
        http.Request.Path = "/ocds/councils/LAMBETH/releases";

        ListPaging.Describe(http, new ListPage(2, 10), 25, "/ocds/councils/lambeth/releases");

        Assert.Equal([("first", 1), ("prev", 1), ("next", 3), ("last", 3)], ListPaging.Neighbours(new ListPage(2, 10), 25));
        Assert.Equal(
            "/ocds/councils/lambeth/releases?since=2027-01-01T00%3A00%3A00Z&page=3&pageSize=10",
            ListPaging.PageLink(http.Request, 3, 10, "/ocds/councils/lambeth/releases"));
        Assert.DoesNotContain("LAMBETH", http.Response.Headers.Link.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, null, "page")]
    [InlineData(-1, null, "page")]
    [InlineData(null, 0, "pageSize")]
    [InlineData(null, 1001, "pageSize")]
    public void GivenAPageOrSizeOutOfRange_WhenRead_ThenTheErrorNamesIt(int? page, int? pageSize, string field)
    {
        var errors = new RequestErrors();

        ListPaging.Read(errors, page, pageSize);

        Assert.True(errors.Any);
        var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ValidationProblem>(errors.ToProblem());
        Assert.Equal([field], problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void GivenNoPageOrSize_WhenRead_ThenTheFirstPageOfTheDefaultSize()
    {
        var errors = new RequestErrors();

        Assert.Equal(new ListPage(1, ListPaging.DefaultSize), ListPaging.Read(errors, null, null));
        Assert.False(errors.Any);
        Assert.Equal(40, new ListPage(3, 20).Offset);
    }
}
