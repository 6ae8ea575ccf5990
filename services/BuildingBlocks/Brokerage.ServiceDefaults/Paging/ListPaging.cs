using System.Globalization;
using Marten;
using Marten.Linq;
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
/// var found = await ListPaging.PageAsync(session.Query&lt;MemberDetailsView&gt;().Where(m =&gt; m.CouncilId == councilId).OrderBy(m =&gt; m.RegisteredAt), paging, ct);
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

    /// <summary>One page of <paramref name="query"/> (filtered and ordered in SQL) and the count of all it matches, in one round trip.</summary>
    public static async Task<DocumentPage<T>> PageAsync<T>(IQueryable<T> query, ListPage page, CancellationToken ct = default) where T : notnull
    {
        var items = await query.Stats(out QueryStatistics stats).Skip(page.Offset).Take(page.Size).ToListAsync(ct);
        return new DocumentPage<T>(items, stats.TotalResults);
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

/// <summary>One page of a list and how many there are in all.</summary>
public sealed record DocumentPage<T>(IReadOnlyList<T> Items, long Total);
