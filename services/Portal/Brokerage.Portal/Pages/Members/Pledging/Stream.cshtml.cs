using System.ComponentModel.DataAnnotations;
using Brokerage.Portal.Govuk;
using Brokerage.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

public sealed class StreamModel : PledgeStep
{
    [BindProperty]
    [Display(Name = "Funding stream")]
    [ServiceField("fundingStream", "FundingStreamNotAccepted")]
    public string? FundingStream { get; set; }

    public IReadOnlyList<Choice> Choices => Streams.Select(s => new Choice(s.FundingStream, Words.FundingStream(s.FundingStream), $"{Money.Format(s.Headroom)} not yet pledged this year")).ToList();

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        FundingStream = Answers["stream"];
        if (Streams.Count == 1 && FundingStream is null)
        {
            // One budget the pool accepts: nothing to ask.
            await Answers.SetAsync("stream", Streams[0].FundingStream);
            return Next();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        if (Streams.All(s => s.FundingStream != FundingStream))
        {
            ModelState.AddModelError(nameof(FundingStream), "Select which part of your budget to pledge from");
            return Page();
        }

        await Answers.SetAsync("stream", FundingStream);
        return Next();
    }
}
