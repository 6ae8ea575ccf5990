using Brokerage.Portal.Govuk;
using Brokerage.Portal.Services;
using Brokerage.Portal.Services.Models;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Home;

/// <summary>A member's home: this year's budget per funding stream, their pools, and what needs them (votes, needs, flagged pledges).</summary>
public sealed class IndexModel : PortalPage
{
    public string Name { get; private set; } = "";

    public string BudgetYearName { get; private set; } = "";

    public IReadOnlyList<IReadOnlyList<Cell>> BudgetRows { get; private set; } = [];

    public IReadOnlyList<IReadOnlyList<Cell>> PoolRows { get; private set; } = [];

    public List<(string Text, string Href)> Todo { get; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (Person.MemberId is null)
        {
            return ChooseWhoToActFor();
        }

        var member = await Api.Members.GetAsync<MemberDetails>($"api/members/{MemberId}");
        Name = Person.IsRepresentative ? $"Acting for {member.Name}" : member.Name;
        // Headroom as PooledFunds holds it: the figure a pledge is checked against, current the moment a pledge is made.
        var budget = await Api.Members.GetAsync<MemberBudget>($"api/members/{MemberId}/budget");
        var pledges = await Api.PooledFunds.GetAsync<MemberPledges>($"api/members/{MemberId}/pledges");
        BudgetYearName = $"{budget.StartsOn.Year} to {budget.EndsOn.Year}";
        BudgetRows = pledges.Budgets.Where(b => b.BudgetYear == budget.BudgetYear && (b.Allocated > 0 || b.Pledged > 0))
            .Select(b => (IReadOnlyList<Cell>)[Words.FundingStream(b.FundingStream), Money.Format(b.Allocated), Money.Format(b.Pledged), Money.Format(b.Headroom)])
            .ToList();

        var mine = pledges.Pledges.Where(p => p.Pledge.Status is "live" or "conditional").ToList();
        PoolRows = mine.Select(p => (IReadOnlyList<Cell>)
        [
            Cell.Of(new HtmlString($"<a class=\"govuk-link\" href=\"/members/pools/{p.PoolId}\">{Html(p.PoolName)}</a>")),
            Words.PoolStatus(p.PoolStatus),
            Money.Format(p.Pledge.Amount) + (p.Pledge.Status == "conditional" ? " (conditional)" : ""),
            Words.FundingStream(p.Pledge.FundingStream),
        ]).ToList();

        foreach (var flagged in mine.Where(p => p.Pledge.Flagged))
        {
            Todo.Add(($"Your pledge to {flagged.PoolName} needs checking after your budget was reassessed", $"/members/pools/{flagged.PoolId}"));
        }

        foreach (var pool in mine.Where(p => p.PoolStatus == "active"))
        {
            var needs = await Api.Commissioning.GetAsync<List<Need>>($"api/pools/{pool.PoolId}/needs");
            var toSupport = needs.Count(n => n.Status == "open" && !n.SupportedByYou);
            if (toSupport > 0)
            {
                Todo.Add(($"{toSupport} {(toSupport == 1 ? "need" : "needs")} in {pool.PoolName} you have not supported yet", $"/members/needs?poolId={pool.PoolId}"));
            }
        }

        var calls = await Api.Commissioning.GetAsync<List<CallSummary>>("api/calls");
        foreach (var call in calls.Where(c => c.Status == "voting"))
        {
            Todo.Add(($"Vote on the bids for {call.Title}", $"/members/calls/{call.Id}"));
        }

        return Page();
    }

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    private sealed record MemberDetails(string Name);
}
