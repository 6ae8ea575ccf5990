using Brokerage.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

public sealed class CheckModel : PledgeStep
{
    // The service's refusals land beside the answer they are about (the change links carry these ids).
    [ServiceField("amount", "HeadroomExceeded", "PledgesFlagged", "AlreadyPledged", "PledgeTermsFixed", "NoPoolingConsent", "MembershipClosed", "MemberBudgetUnknown", "PoolInWrongState")]
    public string? Amount { get; set; }

    [ServiceField("fundingStream", "FundingStreamNotAccepted")]
    public string? FundingStream { get; set; }

    [ServiceField("conditional", "ConditionalPledgeNotNeeded")]
    public string? Kind { get; set; }

    public long AmountPence => long.Parse(Answers["amount"]!);

    public bool Conditional => MayBeConditional && Answers["kind"] == "conditional";

    public async Task<IActionResult> OnGetAsync(Guid id) =>
        await LoadAsync(id) ?? (Complete ? Page() : Next());

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (await LoadAsync(id) is { } redirect)
        {
            return redirect;
        }

        if (!Complete)
        {
            return Next();
        }

        await Api.PooledFunds.PostAsync($"api/pools/{id}/pledges", new
        {
            memberId = MemberId,
            amount = AmountPence,
            currency = "GBP",
            fundingStream = Stream!.FundingStream,
            budgetYear = Budget.BudgetYear,
            conditional = Conditional,
        });
        await Answers.ClearAsync();
        return Redirect(StepUrl("done"));
    }

    private bool Complete => Stream is not null && Answers.Has("amount", "rules") && (!MayBeConditional || Answers.Has("kind"));
}
