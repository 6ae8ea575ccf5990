using Brokerage.Portal.Services;
using Brokerage.Portal.Services.Models;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Members.Pledging;

/// <summary>
/// One page of the pledge journey (which budget, how much, now or if the pool goes ahead, the pool's rules, check
/// your answers): the pool, the member's budget, and the answers so far, kept server side per session and pool.
/// </summary>
public abstract class PledgeStep : PortalPage
{
    public Pool Pool { get; private set; } = null!;

    public MemberBudget Budget { get; private set; } = null!;

    public Journey Answers { get; private set; } = null!;

    public string PoolUrl => $"/members/pools/{Pool.Id}";

    public string StepUrl(string step) => $"{PoolUrl}/pledge{(step.Length == 0 ? "" : "/" + step)}";

    /// <summary>This year's budget lines as PooledFunds checks pledges against them.</summary>
    public IReadOnlyList<BudgetLine> BudgetLines { get; private set; } = [];

    /// <summary>The streams this pool accepts that the member has money in this year.</summary>
    public IReadOnlyList<BudgetLine> Streams => BudgetLines.Where(s => Pool.FundingStreams.Contains(s.FundingStream) && s.Allocated > 0).ToList();

    public BudgetLine? Stream => Streams.FirstOrDefault(s => s.FundingStream == Answers["stream"]);

    /// <summary>An open pool takes conditional pledges; an active one only live pledges.</summary>
    public bool MayBeConditional => Pool.Status == "open";

    protected async Task<IActionResult?> LoadAsync(Guid poolId)
    {
        if (Person.MemberId is null)
        {
            return ChooseWhoToActFor();
        }

        Pool = await Api.PooledFunds.GetAsync<Pool>($"api/pools/{poolId}");
        Budget = await Api.Members.GetAsync<MemberBudget>($"api/members/{MemberId}/budget");
        var pledges = await Api.PooledFunds.GetAsync<MemberPledges>($"api/members/{MemberId}/pledges");
        BudgetLines = pledges.Budgets.Where(b => b.BudgetYear == Budget.BudgetYear).ToList();
        Answers = await HttpContext.RequestServices.GetRequiredService<Journeys>().OpenAsync($"pledge:{poolId}:{MemberId}");
        return null;
    }

    /// <summary>The first question not answered yet, else check your answers.</summary>
    protected IActionResult Next()
    {
        if (Stream is null)
        {
            return Redirect(StepUrl(""));
        }

        if (Answers["amount"] is null)
        {
            return Redirect(StepUrl("amount"));
        }

        if (MayBeConditional && Answers["kind"] is null)
        {
            return Redirect(StepUrl("kind"));
        }

        return Answers["rules"] is null ? Redirect(StepUrl("rules")) : Redirect(StepUrl("check"));
    }
}
