using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.SigningIn;

/// <summary>Signing out ends the server-side session (and with it the access token), not only the cookie.</summary>
public sealed class SignOutModel : PortalPage
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync();
        return Redirect("/sign-in?signedOut=true");
    }
}
