using System.ComponentModel.DataAnnotations;
using Brokerage.Portal.Services;
using Brokerage.Portal.Services.Models;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

/// <summary>Raising or lowering a pledge: the new amount, then check your answers.</summary>
public sealed class ChangeModel : PledgeStep
{
    [BindProperty]
    [Display(Name = "Amount")]
    public string? Amount { get; set; }

    public Pledge Current { get; private set; } = null!;

    public long CurrentHeadroom => BudgetLines.FirstOrDefault(b => b.FundingStream == Current.FundingStream)?.Headroom ?? 0;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await LoadChangeAsync(id) is { } redirect)
        {
            return redirect;
        }

        Amount = Money.ToPounds(Answers["change"] is { } changed ? long.Parse(changed) : Current.Amount);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await LoadChangeAsync(id) is { } redirect)
        {
            return redirect;
        }

        var (pence, error) = Money.ReadPounds(Amount, "how much you want to pledge");
        if (error is null && pence > Current.Amount + CurrentHeadroom)
        {
            error = $"The amount must be {Money.Format(Current.Amount + CurrentHeadroom)} or less: your pledge and what you have not yet pledged";
        }

        if (error is null && pence == Current.Amount)
        {
            error = $"Enter an amount different from your pledge of {Money.Format(Current.Amount)}";
        }

        if (error is not null)
        {
            ModelState.AddModelError(nameof(Amount), error);
            return Page();
        }

        await Answers.SetAsync("change", pence!.Value.ToString());
        return Redirect(StepUrl("change/check"));
    }

    internal async Task<IActionResult?> LoadChangeAsync(Guid id)
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
