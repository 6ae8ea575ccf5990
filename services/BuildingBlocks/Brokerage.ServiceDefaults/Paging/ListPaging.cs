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

    /// <summary>
    /// Sets <c>X-Total-Count</c> and <c>Link</c> for <paramref name="page"/> of a list of <paramref name="total"/> items
    /// (linked at <paramref name="path"/> when given, as <see cref="PageLink"/>).
    /// </summary>
    public static void Describe(HttpContext http, ListPage page, long total, PathString? path = null)
    {
        var response = http.Response;
        response.Headers[TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
        response.Headers.Link = string.Join(", ", Neighbours(page, total)
            .Select(n => $"<{PageLink(http.Request, n.Number, page.Size, path)}>; rel=\"{n.Rel}\""));
    }

    /// <summary>
    /// The pages around <paramref name="page"/> of a list of <paramref name="total"/> items, by link relation: <c>first</c>,
    /// <c>prev</c> (after page 1; the last page when past the end), <c>next</c> (before the last page) and <c>last</c>.
    /// For bodies that link their pages themselves (an OCDS package's <c>links</c>) as well as the <c>Link</c> header.
    /// </summary>
    public static IReadOnlyList<(string Rel, int Number)> Neighbours(ListPage page, long total)
    {
        var last = (int)Math.Max(1, (total + page.Size - 1) / page.Size);
        var neighbours = new List<(string, int)> { ("first", 1) };
        if (page.Number > 1)
        {
            neighbours.Add(("prev", Math.Min(page.Number - 1, last)));
        }

        if (page.Number < last)
        {
            neighbours.Add(("next", page.Number + 1));
        }

        neighbours.Add(("last", last));
        return neighbours;
    }

    /// <summary>
    /// The path and query of page <paramref name="number"/> of the request's list, its other query parameters kept; at
    /// <paramref name="path"/> (below the path base) instead of the request's path when given, e.g. a normalised id.
    /// </summary>
    public static string PageLink(HttpRequest request, int number, int size, PathString? path = null)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => p.Key is not ("page" or "pageSize"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new("page", number.ToString(CultureInfo.InvariantCulture)))
            .Append(new("pageSize", size.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(request.PathBase + (path ?? request.Path), query);
    }
}

/// <summary>One page of a list and how many there are in all.</summary>
public sealed record DocumentPage<T>(IReadOnlyList<T> Items, long Total);
