using Brokerage.Portal.Govuk;
using Brokerage.Portal.Services;
using Brokerage.Portal.Services.Models;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pools;

/// <summary>One pool as a member sees it: purpose, outcomes, rules, their pledge, and (once they pledged) the ledger, as of a date too.</summary>
public sealed class PoolModel : PortalPage
{
    [BindProperty(SupportsGet = true)]
    public DateParts AsOf { get; set; } = new();

    public Pool Pool { get; private set; } = null!;

    public Pledge? MyPledge { get; private set; }

    public Ledger? Ledger { get; private set; }

    public string MyShare { get; private set; } = "";

    public IReadOnlyList<IReadOnlyList<Cell>> MemberRows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (Person.MemberId is null)
        {
            return ChooseWhoToActFor();
        }

        Pool = await Api.PooledFunds.GetAsync<Pool>($"api/pools/{id}");
        MyPledge = Pool.Pledges.FirstOrDefault(p => p.MemberId == MemberId && p.Status is "live" or "conditional");
        var hadPledge = Pool.Pledges.Any(p => p.MemberId == MemberId);
        if (!hadPledge)
        {
            return Page();
        }

        var query = "";
        if (!AsOf.IsEmpty)
        {
            var (date, error) = AsOf.Read("the date");
            if (error is not null)
            {
                ModelState.AddModelError(nameof(AsOf), error);
            }
            else
            {
                query = "?asOf=" + Uri.EscapeDataString(date!.Value.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc).ToString("O"));
            }
        }

        Ledger = await Api.PooledFunds.GetAsync<Ledger>($"api/pools/{id}/ledger{query}");
        var own = Ledger.Members.Where(m => m.MemberId == MemberId).Sum(m => m.Pledged);
        MyShare = Ledger.Totals.Pledged == 0 ? "Nothing pledged yet" : $"{Money.Format(own)} of {Money.Format(Ledger.Totals.Pledged)} ({Math.Round(own * 100m / Ledger.Totals.Pledged, 1)}%)";
        MemberRows = Ledger.Members.Where(m => m.Pledged > 0 || m.ConditionalAmount > 0)
            .Select(m => (IReadOnlyList<Cell>)[m.MemberId == MemberId ? $"{m.Pseudonym} (you)" : m.Pseudonym, Money.Format(m.Pledged + m.ConditionalAmount), Money.Format(m.Reserved), Money.Format(m.Paid)])
            .ToList();
        return Page();
    }
}
