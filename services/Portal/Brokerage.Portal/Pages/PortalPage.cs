using Brokerage.Portal.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Portal.Pages;

/// <summary>What every Portal page has: the services (with the person's token), the person, and the success banner.</summary>
public abstract class PortalPage : PageModel
{
    private ServiceApi? api;
    private PortalUser? person;

    protected ServiceApi Api => api ??= HttpContext.RequestServices.GetRequiredService<ServiceApi>();

    public PortalUser Person => person ??= HttpContext.RequestServices.GetRequiredService<PortalUser>();

    /// <summary>The green banner the next page shows once (post, redirect, get).</summary>
    [TempData]
    public string? Confirmation { get; set; }

    /// <summary>Records <paramref name="message"/> for the next page and redirects there.</summary>
    protected RedirectResult Done(string url, string message)
    {
        Confirmation = message;
        return Redirect(url);
    }

    /// <summary>Adds a GOV.UK error message to <paramref name="field"/> when <paramref name="error"/> is given.</summary>
    protected void Check(string field, string? error)
    {
        if (error is not null)
        {
            ModelState.AddModelError(field, error);
        }
    }

    /// <summary>The member the member-side pages are about: the member, or the member a representative acts for now.</summary>
    protected Guid MemberId => Person.MemberId ?? throw new ServiceRefused(StatusCodes.Status403Forbidden);

    protected IActionResult ChooseWhoToActFor() => Redirect("/acting-for?returnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString));
}
