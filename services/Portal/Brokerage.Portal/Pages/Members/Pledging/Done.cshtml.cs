using Brokerage.Portal.Services.Models;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

/// <summary>The confirmation after joining, changing or leaving: the pledge as the pool now holds it, and the headroom left.</summary>
public sealed class DoneModel : PledgeStep
{
    public Pledge? Pledge { get; private set; }

    public long Headroom { get; private set; }

    public string Heading { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        var pledge = Pool.Pledges.FirstOrDefault(p => p.MemberId == MemberId);
        Pledge = pledge is { Status: "live" or "conditional" } ? pledge : null;
        Heading = Pledge is null ? "You have left the pool" : Pledge.Notice is null ? $"You are in {Pool.Name}" : "Your notice is recorded";
        // PooledFunds' own headroom: Members hears of the pledge a moment later.
        Headroom = BudgetLines.FirstOrDefault(b => b.FundingStream == pledge?.FundingStream)?.Headroom ?? 0;
        return Page();
    }
}
