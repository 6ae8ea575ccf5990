using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Brokerage.Portal.Govuk;
using Brokerage.Portal.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Representing;

/// <summary>A representative chooses which of the members they are appointed for the member pages are about.</summary>
[Authorize(Policy = PortalPolicies.MemberSide)]
public sealed class ActingForModel : PortalPage
{
    [BindProperty]
    [Display(Name = "Who you are acting for")]
    public string? Member { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<Choice> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Person.IsRepresentative)
        {
            return Redirect("/members");
        }

        await LoadAsync();
        Member = Person.MemberId?.ToString();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Person.IsRepresentative)
        {
            return Redirect("/members");
        }

        await LoadAsync();
        var chosen = Members.FirstOrDefault(m => m.Value == Member);
        if (chosen is null)
        {
            ModelState.AddModelError(nameof(Member), "Select who you are acting for");
            return Page();
        }

        var identity = new ClaimsIdentity(User.Claims.Where(c => c.Type is not (PortalUser.ActingForClaim or PortalUser.ActingForNameClaim)),
            User.Identity!.AuthenticationType, Brokerage.ServiceDefaults.BrokerageClaims.Name, Brokerage.ServiceDefaults.BrokerageClaims.Role);
        identity.AddClaim(new Claim(PortalUser.ActingForClaim, chosen.Value));
        identity.AddClaim(new Claim(PortalUser.ActingForNameClaim, chosen.Label));
        await HttpContext.SignInAsync(new ClaimsPrincipal(identity));
        return Redirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/members");
    }

    // Only members the representative is still appointed for answer; an ended appointment is 403 there and is left out.
    private async Task LoadAsync()
    {
        var members = new List<Choice>();
        foreach (var id in Person.ActsFor)
        {
            try
            {
                var member = await Api.Members.GetAsync<MemberName>($"api/members/{Uri.EscapeDataString(id)}");
                members.Add(new Choice(id, member.Name));
            }
            catch (ServiceRefused)
            {
                // Not (or no longer) appointed for this member.
            }
        }

        Members = members;
    }

    private sealed record MemberName(string Name);
}
