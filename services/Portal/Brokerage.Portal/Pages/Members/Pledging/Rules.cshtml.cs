using System.ComponentModel.DataAnnotations;
using Brokerage.Portal.Govuk;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

public sealed class RulesModel : PledgeStep
{
    public static readonly IReadOnlyList<Choice> Choices = [new("accepted", "I have read the pool's rules and accept them")];

    [BindProperty]
    [Display(Name = "The pool's rules")]
    public List<string> Accept { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        Accept = Answers["rules"] is null ? [] : ["accepted"];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        if (!Accept.Contains("accepted"))
        {
            ModelState.AddModelError(nameof(Accept), "Confirm you have read the pool's rules and accept them");
            return Page();
        }

        await Answers.SetAsync("rules", "accepted");
        return Next();
    }
}
