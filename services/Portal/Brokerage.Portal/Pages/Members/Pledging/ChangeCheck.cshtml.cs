using Brokerage.Portal.Services;
using Brokerage.Portal.Services.Models;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

public sealed class ChangeCheckModel : PledgeStep
{
    [ServiceField("amount", "HeadroomExceeded", "PledgesFlagged", "BelowPaid", "PoolInWrongState")]
    public string? Amount { get; set; }

    public Pledge Current { get; private set; } = null!;

    public long NewAmount => long.Parse(Answers["change"]!);

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadCheckAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await LoadCheckAsync(id) is { } redirect)
        {
            return redirect;
        }

        await Api.PooledFunds.PutAsync($"api/pools/{id}/pledges/{MemberId}", new { amount = NewAmount, currency = "GBP" });
        await Answers.ClearAsync();
        return Redirect(StepUrl("done"));
    }

    private async Task<IActionResult?> LoadCheckAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        if (Pool.Pledges.FirstOrDefault(p => p.MemberId == MemberId && p.Status is "live" or "conditional") is not { } current)
        {
            return Redirect(PoolUrl);
        }

        Current = current;
        return Answers["change"] is null ? Redirect(StepUrl("change")) : null;
    }
}
