using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages;

/// <summary>The front door: each person goes to their own home page; nobody signed in goes to sign in.</summary>
[AllowAnonymous]
public sealed class IndexModel : PortalPage
{
    public IActionResult OnGet() => Redirect(
        !Person.IsSignedIn ? "/sign-in"
        : Person.IsMember || Person.IsRepresentative ? "/members"
        : Person.IsProvider ? "/providers"
        : "/staff");
}
