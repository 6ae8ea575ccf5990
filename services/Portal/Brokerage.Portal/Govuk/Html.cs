using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Brokerage.Portal.Govuk;

/// <summary>What the GOV.UK components share: encoding, a form field's name, id, value and error from the model state.</summary>
internal static class Html
{
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Render(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }

    /// <summary>The element is replaced by <paramref name="html"/> (a component is a whole element, not a decorated one).</summary>
    public static void Replace(TagHelperOutput output, string html)
    {
        output.TagName = null;
        output.Content.SetHtmlContent(html);
    }

    /// <summary>The id of a field's element: its name, with the characters ids and fragments dislike replaced.</summary>
    public static string IdFor(string name) => name.Replace('.', '-').Replace('[', '-').Replace("]", "");

    /// <summary>The first error on <paramref name="name"/> (or on one of its parts, e.g. a date's day), if any.</summary>
    public static string? ErrorFor(ViewContext view, string name)
    {
        if (view.ViewData.ModelState.TryGetValue(name, out var own) && own.Errors.Count > 0)
        {
            return own.Errors[0].ErrorMessage;
        }

        return view.ViewData.ModelState
            .Where(entry => entry.Key.StartsWith(name + ".", StringComparison.Ordinal) && entry.Value is { Errors.Count: > 0 })
            .Select(entry => entry.Value!.Errors[0].ErrorMessage)
            .FirstOrDefault();
    }

    /// <summary>What the person typed (kept after an error), else the model's value.</summary>
    public static string? ValueFor(ViewContext view, string name, object? model) =>
        view.ViewData.ModelState.TryGetValue(name, out var entry) && entry.AttemptedValue is not null
            ? entry.AttemptedValue
            : model switch
            {
                null => null,
                IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => model.ToString(),
            };

    public static string ErrorMessage(string id, string message) =>
        $"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {Encode(message)}</p>";

    public static string Hint(string id, string? hint) =>
        hint is null ? "" : $"<div id=\"{id}-hint\" class=\"govuk-hint\">{Encode(hint)}</div>";

    public static string DescribedBy(string id, string? hint, string? error, string? more = null)
    {
        var ids = new[] { hint is null ? null : id + "-hint", more, error is null ? null : id + "-error" }.Where(x => x is not null).ToArray();
        return ids.Length == 0 ? "" : $" aria-describedby=\"{string.Join(' ', ids)}\"";
    }

    /// <summary>A label, as the page's heading when the question is the page (GOV.UK's one-question pages).</summary>
    public static string Label(string forId, string text, bool isPageHeading, string size = "l") =>
        isPageHeading
            ? $"<h1 class=\"govuk-label-wrapper\"><label class=\"govuk-label govuk-label--{size}\" for=\"{forId}\">{Encode(text)}</label></h1>"
            : $"<label class=\"govuk-label\" for=\"{forId}\">{Encode(text)}</label>";

    /// <summary>A fieldset legend, as the page's heading when the question is the page.</summary>
    public static string Legend(string text, bool isPageHeading, string size = "l") =>
        isPageHeading
            ? $"<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--{size}\"><h1 class=\"govuk-fieldset__heading\">{Encode(text)}</h1></legend>"
            : $"<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">{Encode(text)}</legend>";

    public static string FormGroup(bool hasError, string inner) =>
        $"<div class=\"govuk-form-group{(hasError ? " govuk-form-group--error" : "")}\">{inner}</div>";
}

/// <summary>A choice of radios or checkboxes: its value, its label and, optionally, a hint.</summary>
public sealed record Choice(string Value, string Label, string? Hint = null);

/// <summary>A table cell: text (encoded) or HTML already safe, right-aligned when a number.</summary>
public sealed record Cell(string? Text, IHtmlContent? Html = null, bool Numeric = false)
{
    public static implicit operator Cell(string? text) => new(text);

    public static Cell Number(string text) => new(text, Numeric: true);

    public static Cell Of(IHtmlContent html) => new(null, html);
}
