using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Brokerage.Portal.Govuk;
using Brokerage.Portal.Services;
using Brokerage.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.SigningIn;

/// <summary>
/// Development's sign-in: choose a seeded demo person; the Portal gets their token from the services' development
/// token issuer and keeps it in the server-side session. Outside Development this page signs nobody in.
/// </summary>
public sealed class SignInModel(DemoPeople demo, IHostEnvironment environment, IHttpClientFactory clients) : PortalPage
{
    /// <summary>The session's longest life: a token issued for a working day; idle sessions end after 20 minutes.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    [BindProperty]
    [Display(Name = "Demo person")]
    public string? Chosen { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The council whose demo people to list; asked first when more than one council is seeded.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Council { get; set; }

    public IReadOnlyList<Choice> Councils { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool TimedOut { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool SignedOut { get; set; }

    public bool Available => environment.IsDevelopment();

    public IReadOnlyList<Choice> People { get; private set; } = [];

    public void OnGet() => People = Choices();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Available)
        {
            return NotFound();
        }

        People = Choices();
        var chosen = Chosen?.Split('/', 2) is [var council, var key] ? demo.Find(council, key) : null;
        if (chosen is null)
        {
            ModelState.AddModelError(nameof(Chosen), "Select who to sign in as");
            return Page();
        }

        var token = await IssueToken(chosen);
        var claims = new List<Claim>
        {
            new(BrokerageClaims.Role, chosen.Role),
            new(BrokerageClaims.Subject, chosen.Sub),
            new(BrokerageClaims.Council, chosen.Council),
            new(BrokerageClaims.Name, chosen.Name),
            new(PortalUser.AccessTokenClaim, token),
            new(PortalUser.SessionClaim, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(chosen.ActsFor.Select(member => new Claim(BrokerageClaims.ActsFor, member)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, BrokerageClaims.Name, BrokerageClaims.Role));
        await HttpContext.SignInAsync(principal, new AuthenticationProperties { ExpiresUtc = null, IsPersistent = false });

        var next = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        return chosen.Role == Roles.Representative ? Redirect("/acting-for?returnUrl=" + Uri.EscapeDataString(next)) : Redirect(next);
    }

    private IReadOnlyList<Choice> Choices()
    {
        var people = demo.All();
        var councils = people.Select(p => p.Council).Distinct().ToList();
        Councils = councils.Select(c => new Choice(c, CouncilNames.Of(c))).ToList();
        if (councils.Count == 1)
        {
            Council = councils[0];
        }

        return people.Where(p => p.Council == Council)
            .Select(p => new Choice($"{p.Council}/{p.Key}", p.Name, RoleName(p.Role) + (p.TryFirst is null ? "" : ": " + p.TryFirst)))
            .ToList();
    }

    private static string RoleName(string role) => role switch
    {
        Roles.Member => "Budget holder",
        Roles.Representative => "Representative",
        Roles.Provider => "Provider",
        Roles.Broker => "Broker",
        Roles.CouncilAdmin => "Council admin (read only)",
        _ => role,
    };

    private async Task<string> IssueToken(DemoPerson person)
    {
        var members = new ServiceClient(clients.CreateClient(ServiceApi.MembersName), ServiceApi.MembersName);
        var issued = await members.PostAsync<IssuedToken>("dev/token", new
        {
            role = person.Role,
            sub = person.Sub,
            council = person.Council,
            actsFor = person.ActsFor,
            name = person.Name,
            minutes = (int)TokenLifetime.TotalMinutes,
        });
        return issued.Token;
    }

    private sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
}
