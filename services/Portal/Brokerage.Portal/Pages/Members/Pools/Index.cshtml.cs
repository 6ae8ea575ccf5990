using Brokerage.Portal.Govuk;
using Brokerage.Portal.Services;
using Brokerage.Portal.Services.Models;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pools;

/// <summary>The council's pools a member can see, filtered by funding stream and status.</summary>
public sealed class IndexModel : PortalPage
{
    [BindProperty(SupportsGet = true)]
    public List<string> Stream { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public List<string> Status { get; set; } = [];

    public IReadOnlyList<Choice> StreamChoices { get; } = Words.FundingStreams.Select(s => new Choice(s, Words.FundingStream(s))).ToList();

    public IReadOnlyList<Choice> StatusChoices { get; } = new[] { "open", "active", "proposed", "winding-down" }.Select(s => new Choice(s, Words.PoolStatus(s))).ToList();

    public IReadOnlyList<IReadOnlyList<Cell>> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var pools = await Api.PooledFunds.GetAsync<List<PoolSummary>>("api/pools");
        Rows = pools
            .Where(p => Stream.Count == 0 || p.FundingStreams.Any(Stream.Contains))
            .Where(p => Status.Count == 0 || Status.Contains(p.Status))
            .Select(p => (IReadOnlyList<Cell>)
            [
                Cell.Of(new HtmlString($"<a class=\"govuk-link\" href=\"/members/pools/{p.Id}\">{System.Net.WebUtility.HtmlEncode(p.Name)}</a>")),
                Words.PoolStatus(p.Status),
                p.Members.ToString(),
                Money.Format(p.Pledged),
                string.Join(", ", p.FundingStreams.Select(Words.FundingStream)),
            ]).ToList();
    }
}
