using Brokerage.Portal.Services;
using Brokerage.Portal.Services.Models;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

/// <summary>Leaving a pool: what happens to the money (notice when some is reserved), then the confirmation.</summary>
public sealed class WithdrawModel : PledgeStep
{
    [ServiceField("PoolInWrongState", "NoticeAlreadyGiven")]
    public string? Leave { get; set; }

    public Pledge Current { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadWithdrawAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await LoadWithdrawAsync(id) is { } redirect)
        {
            return redirect;
        }

        await Api.PooledFunds.DeleteAsync($"api/pools/{id}/pledges/{MemberId}");
        return Redirect(StepUrl("done"));
    }

    private async Task<IActionResult?> LoadWithdrawAsync(Guid id)
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
        return null;
    }
}
