using System.ComponentModel.DataAnnotations;
using Brokerage.Portal.Govuk;
using Brokerage.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

public sealed class KindModel : PledgeStep
{
    public static readonly IReadOnlyList<Choice> Choices =
    [
        new("live", "Now", "The money leaves your headroom today and is the pool's to spend once it starts."),
        new("conditional", "Only if the pool goes ahead", "A promise: the money stays in your headroom until the pool has enough members and money to start."),
    ];

    [BindProperty]
    [Display(Name = "When your pledge counts")]
    [ServiceField("conditional", "ConditionalPledgeNotNeeded")]
    public string? Kind { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        Kind = Answers["kind"];
        return MayBeConditional ? Page() : Next();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        if (Kind is not ("live" or "conditional"))
        {
            ModelState.AddModelError(nameof(Kind), "Select when your pledge should count");
            return Page();
        }

        await Answers.SetAsync("kind", Kind);
        return Next();
    }
}
