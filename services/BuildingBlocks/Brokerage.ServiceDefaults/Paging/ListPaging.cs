using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Brokerage.ServiceDefaults;

/// <summary>Which page of a list to read: page <see cref="Number"/> (from 1) of <see cref="Size"/> items.</summary>
public readonly record struct ListPage(int Number, int Size)
{
    public int Offset => (Number - 1) * Size;
}

/// <summary>
/// Every list comes a page at a time, never silently cut short: <c>?page=</c> (from 1; default 1) and <c>?pageSize=</c>
/// (1 to 1000; default 1000). The body stays the page's JSON array; <c>X-Total-Count</c> says how many there are in all,
/// and <c>Link</c> (RFC 8288) gives the <c>first</c>, <c>prev</c>, <c>next</c> and <c>last</c> pages with the request's
/// other query parameters kept.
/// <code>
/// var errors = new RequestErrors();
/// var paging = ListPaging.Read(errors, page, pageSize);
/// if (errors.Any) return errors.ToProblem();
/// var found = await store.PageAsync&lt;MemberDetailsView&gt;(new { councilId }, "(data->>'registeredAt')::timestamptz", paging.Offset, paging.Size, ct);
/// ListPaging.Describe(http, paging, found.Total);
/// </code>
/// </summary>
public static class ListPaging
{
    public const int DefaultSize = 1000;
    public const int MaximumSize = 1000;
    public const string TotalCountHeader = "X-Total-Count";

    /// <summary>Checks <c>?page=</c> and <c>?pageSize=</c>, naming the field at fault.</summary>
    public static ListPage Read(RequestErrors errors, int? page, int? pageSize)
    {
        errors.Check(page is null or >= 1, "page", "Must be a whole number, 1 or more.");
        errors.Check(pageSize is null or >= 1 and <= MaximumSize, "pageSize", $"Must be a whole number from 1 to {MaximumSize}.");
        return new ListPage(page ?? 1, pageSize ?? DefaultSize);
    }

    /// <summary>Sets <c>X-Total-Count</c> and <c>Link</c> for <paramref name="page"/> of a list of <paramref name="total"/> items.</summary>
    public static void Describe(HttpContext http, ListPage page, long total)
    {
        var response = http.Response;
        response.Headers[TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
        var last = (int)Math.Max(1, (total + page.Size - 1) / page.Size);
        var links = new List<string> { Link(http.Request, 1, page.Size, "first") };
        if (page.Number > 1)
        {
            links.Add(Link(http.Request, Math.Min(page.Number - 1, last), page.Size, "prev"));
        }

        if (page.Number < last)
        {
            links.Add(Link(http.Request, page.Number + 1, page.Size, "next"));
        }

        links.Add(Link(http.Request, last, page.Size, "last"));
        response.Headers.Link = string.Join(", ", links);
    }

    private static string Link(HttpRequest request, int number, int size, string rel)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => p.Key is not ("page" or "pageSize"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new("page", number.ToString(CultureInfo.InvariantCulture)))
            .Append(new("pageSize", size.ToString(CultureInfo.InvariantCulture)));
        return $"<{QueryHelpers.AddQueryString(request.PathBase + request.Path, query)}>; rel=\"{rel}\"";
    }
}
