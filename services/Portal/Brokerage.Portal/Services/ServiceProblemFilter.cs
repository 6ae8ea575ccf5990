using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Portal.Services;

/// <summary>
/// Names the services' fields (<c>amount</c>, <c>contact.email</c>) and rule titles (<c>HeadroomExceeded</c>) whose
/// errors belong beside this form field. Without it a field takes the service field of its own name, case aside.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ServiceFieldAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>
/// A form post a service refused (400, 409, 412, 422) shows the page again with GOV.UK errors: each of the problem's
/// field errors beside the matching input and in the error summary; a refusal without fields beside the field that
/// claims its title, else the first field. A refused token signs the person out.
/// </summary>
public sealed class ServiceProblemFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        switch (executed.Exception)
        {
            case SessionExpired:
                executed.ExceptionHandled = true;
                await context.HttpContext.SignOutAsync();
                executed.Result = new RedirectResult("/sign-in?timedOut=true");
                break;
            case ServiceProblem problem when !HttpMethods.IsGet(context.HttpContext.Request.Method) && executed.HandlerInstance is PageModel page:
                executed.ExceptionHandled = true;
                AddErrors(page, problem);
                executed.Result = page.Page();
                break;
        }
    }

    public static void AddErrors(PageModel page, ServiceProblem problem)
    {
        var fields = page.GetType().GetProperties()
            .Where(p => p.GetCustomAttribute<BindPropertyAttribute>() is not null || p.GetCustomAttribute<ServiceFieldAttribute>() is not null)
            .ToList();
        if (problem.Errors.Count == 0)
        {
            var field = fields.FirstOrDefault(p => Claims(p, problem.Title)) ?? fields.FirstOrDefault();
            page.ModelState.AddModelError(field?.Name ?? "", problem.Detail ?? Sentence(problem.Title));
            return;
        }

        foreach (var (name, messages) in problem.Errors)
        {
            var field = fields.FirstOrDefault(p => Claims(p, name) || string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) ?? fields.FirstOrDefault();
            var label = field?.GetCustomAttribute<DisplayAttribute>()?.Name ?? name;
            foreach (var message in messages)
            {
                page.ModelState.AddModelError(field?.Name ?? "", char.IsLower(message[0]) ? $"{label} {message}" : message);
            }
        }
    }

    private static bool Claims(PropertyInfo property, string name) =>
        property.GetCustomAttribute<ServiceFieldAttribute>()?.Names.Contains(name, StringComparer.OrdinalIgnoreCase) == true;

    // "HeadroomExceeded" → "Headroom exceeded".
    private static string Sentence(string title) =>
        string.Concat(title.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
