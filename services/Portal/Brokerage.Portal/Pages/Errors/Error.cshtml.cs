using System.Diagnostics;
using Brokerage.Portal.Services;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Portal.Pages.Errors;

/// <summary>
/// GOV.UK's error pages: page not found (404), you cannot see this (403), and "Sorry, there is a problem with the
/// service" for anything else, never a stack trace. Reached by re-execution, so the address stays what was asked.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PortalPage
{
    public int Status { get; private set; }

    public string Reference => Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;

    public string Heading => Status switch
    {
        404 => "Page not found",
        403 => "You cannot see this page",
        400 => "There is a problem with the address",
        _ => "Sorry, there is a problem with the service",
    };

    public IActionResult OnGet(int status) => Show(status);

    public IActionResult OnPost(int status) => Show(status);

    private IActionResult Show(int status)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error;
        if (failure is SessionExpired)
        {
            return Redirect("/sign-in?timedOut=true");
        }

        Status = failure is null ? status : ServiceErrors.StatusFor(failure);
        if (failure is ServiceUnavailable unavailable)
        {
            logger.LogWarning("A service is unavailable: {Service} ({Reason})", unavailable.Service, unavailable.Message);
        }
        else if (Status >= 500 && failure is not null)
        {
            logger.LogError(failure, "A page failed");
        }

        Response.StatusCode = Status is 400 or 403 or 404 ? Status : Status == 503 ? 503 : 500;
        return Page();
    }
}
