using System.ComponentModel.DataAnnotations;
using Brokerage.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

public sealed class AmountModel : PledgeStep
{
    [BindProperty]
    [Display(Name = "Amount")]
    [ServiceField("amount", "HeadroomExceeded")]
    public string? Amount { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        if (Stream is null)
        {
            return Next();
        }

        Amount = Answers["amount"] is { } pence ? Money.ToPounds(long.Parse(pence)) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        if (Stream is null)
        {
            return Next();
        }

        var (pence, error) = Money.ReadPounds(Amount, "how much you want to pledge");
        if (error is null && pence > Stream.Headroom)
        {
            error = $"The amount must be {Money.Format(Stream.Headroom)} or less: that is what you have not yet pledged";
        }

        if (error is not null)
        {
            ModelState.AddModelError(nameof(Amount), error);
            return Page();
        }

        await Answers.SetAsync("amount", pence!.Value.ToString());
        return Next();
    }
}
