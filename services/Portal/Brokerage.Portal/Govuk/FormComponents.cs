using System.Text;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Brokerage.Portal.Govuk;

/// <summary>The form fields' common part: the bound property, its label (or legend) and hint, and the view context.</summary>
public abstract class FieldTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = null!;

    public string? Label { get; set; }

    public string? Hint { get; set; }

    /// <summary>The question is the page: its label or legend is the page's h1.</summary>
    public bool IsPageHeading { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    protected string Name => For.Name;

    protected string Id => Html.IdFor(For.Name);

    protected string LabelText => Label ?? For.Metadata.DisplayName ?? For.Name;

    protected string? Error => Html.ErrorFor(ViewContext, For.Name);
}

/// <summary>GOV.UK text input, with optional prefix (e.g. £), width, input mode and autocomplete.</summary>
[HtmlTargetElement("govuk-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class InputTagHelper : FieldTagHelper
{
    public string Type { get; set; } = "text";

    public string? Prefix { get; set; }

    /// <summary>govuk-input--width-N (2, 3, 4, 5, 10, 20, 30) or omitted for full width.</summary>
    public int? Width { get; set; }

    public string? Inputmode { get; set; }

    public string? Autocomplete { get; set; }

    public bool Spellcheck { get; set; } = true;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = Error;
        var value = Html.ValueFor(ViewContext, Name, For.Model);
        var classes = "govuk-input" + (Width is { } w ? $" govuk-input--width-{w}" : "") + (error is null ? "" : " govuk-input--error");
        var input = $"<input class=\"{classes}\" id=\"{Id}\" name=\"{Name}\" type=\"{Type}\" value=\"{Html.Encode(value)}\"" +
                    (Inputmode is null ? "" : $" inputmode=\"{Inputmode}\"") +
                    (Autocomplete is null ? "" : $" autocomplete=\"{Autocomplete}\"") +
                    (Spellcheck ? "" : " spellcheck=\"false\"") +
                    Html.DescribedBy(Id, Hint, error) + ">";
        if (Prefix is not null)
        {
            input = $"<div class=\"govuk-input__wrapper\"><div class=\"govuk-input__prefix\" aria-hidden=\"true\">{Html.Encode(Prefix)}</div>{input}</div>";
        }

        Html.Replace(output, Html.FormGroup(error is not null,
            Html.Label(Id, LabelText, IsPageHeading) + Html.Hint(Id, Hint) + (error is null ? "" : Html.ErrorMessage(Id, error)) + input));
    }
}

/// <summary>GOV.UK textarea; with <see cref="MaxLength"/> it is the character count component (counting without JavaScript too: the limit is said).</summary>
[HtmlTargetElement("govuk-textarea", TagStructure = TagStructure.WithoutEndTag)]
public sealed class TextareaTagHelper : FieldTagHelper
{
    public int Rows { get; set; } = 5;

    public int? MaxLength { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = Error;
        var value = Html.ValueFor(ViewContext, Name, For.Model);
        var counted = MaxLength is not null;
        var textarea = $"<textarea class=\"govuk-textarea{(counted ? " govuk-js-character-count" : "")}{(error is null ? "" : " govuk-textarea--error")}\" id=\"{Id}\" name=\"{Name}\" rows=\"{Rows}\"" +
                       Html.DescribedBy(Id, Hint, error, counted ? Id + "-info" : null) + $">{Html.Encode(value)}</textarea>";
        var inner = Html.Label(Id, LabelText, IsPageHeading) + Html.Hint(Id, Hint) + (error is null ? "" : Html.ErrorMessage(Id, error)) + textarea;
        if (counted)
        {
            inner += $"<div id=\"{Id}-info\" class=\"govuk-hint govuk-character-count__message\">You can enter up to {MaxLength} characters</div>";
            Html.Replace(output, $"<div class=\"govuk-form-group govuk-character-count{(error is null ? "" : " govuk-form-group--error")}\" data-module=\"govuk-character-count\" data-maxlength=\"{MaxLength}\">{inner}</div>");
            return;
        }

        Html.Replace(output, Html.FormGroup(error is not null, inner));
    }
}

/// <summary>GOV.UK radios in a fieldset; the first radio carries the field's id, so the error summary's link lands on it.</summary>
[HtmlTargetElement("govuk-radios", TagStructure = TagStructure.WithoutEndTag)]
public sealed class RadiosTagHelper : FieldTagHelper
{
    public IEnumerable<Choice> Items { get; set; } = [];

    public bool Inline { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = Error;
        var selected = Html.ValueFor(ViewContext, Name, For.Model);
        var items = new StringBuilder();
        var index = 0;
        foreach (var item in Items)
        {
            var id = index == 0 ? Id : $"{Id}-{index + 1}";
            index++;
            items.Append("<div class=\"govuk-radios__item\">")
                .Append($"<input class=\"govuk-radios__input\" id=\"{id}\" name=\"{Name}\" type=\"radio\" value=\"{Html.Encode(item.Value)}\"")
                .Append(string.Equals(item.Value, selected, StringComparison.Ordinal) ? " checked" : "")
                .Append(item.Hint is null ? "" : $" aria-describedby=\"{id}-item-hint\"")
                .Append($"><label class=\"govuk-label govuk-radios__label\" for=\"{id}\">{Html.Encode(item.Label)}</label>")
                .Append(item.Hint is null ? "" : $"<div id=\"{id}-item-hint\" class=\"govuk-hint govuk-radios__hint\">{Html.Encode(item.Hint)}</div>")
                .Append("</div>");
        }

        Html.Replace(output, Html.FormGroup(error is not null,
            $"<fieldset class=\"govuk-fieldset\"{Html.DescribedBy(Id, Hint, error)}>{Html.Legend(LabelText, IsPageHeading)}{Html.Hint(Id, Hint)}" +
            (error is null ? "" : Html.ErrorMessage(Id, error)) +
            $"<div class=\"govuk-radios{(Inline ? " govuk-radios--inline" : "")}\" data-module=\"govuk-radios\">{items}</div></fieldset>"));
    }
}

/// <summary>GOV.UK checkboxes bound to a list of values; the first checkbox carries the field's id.</summary>
[HtmlTargetElement("govuk-checkboxes", TagStructure = TagStructure.WithoutEndTag)]
public sealed class CheckboxesTagHelper : FieldTagHelper
{
    public IEnumerable<Choice> Items { get; set; } = [];

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = Error;
        var chosen = ViewContext.ViewData.ModelState.TryGetValue(Name, out var entry) && entry.AttemptedValue is not null
            ? entry.RawValue switch { string[] many => many, string one => [one], _ => [] }
            : (For.Model as IEnumerable<string>)?.ToArray() ?? [];
        var items = new StringBuilder();
        var index = 0;
        foreach (var item in Items)
        {
            var id = index == 0 ? Id : $"{Id}-{index + 1}";
            index++;
            items.Append("<div class=\"govuk-checkboxes__item\">")
                .Append($"<input class=\"govuk-checkboxes__input\" id=\"{id}\" name=\"{Name}\" type=\"checkbox\" value=\"{Html.Encode(item.Value)}\"")
                .Append(chosen.Contains(item.Value, StringComparer.Ordinal) ? " checked" : "")
                .Append(item.Hint is null ? "" : $" aria-describedby=\"{id}-item-hint\"")
                .Append($"><label class=\"govuk-label govuk-checkboxes__label\" for=\"{id}\">{Html.Encode(item.Label)}</label>")
                .Append(item.Hint is null ? "" : $"<div id=\"{id}-item-hint\" class=\"govuk-hint govuk-checkboxes__hint\">{Html.Encode(item.Hint)}</div>")
                .Append("</div>");
        }

        Html.Replace(output, Html.FormGroup(error is not null,
            $"<fieldset class=\"govuk-fieldset\"{Html.DescribedBy(Id, Hint, error)}>{Html.Legend(LabelText, IsPageHeading)}{Html.Hint(Id, Hint)}" +
            (error is null ? "" : Html.ErrorMessage(Id, error)) +
            $"<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">{items}</div></fieldset>"));
    }
}

/// <summary>
/// GOV.UK date input bound to a <see cref="DateParts"/> property: day, month and year boxes. The day box carries the
/// field's id, so the error summary's link lands on it.
/// </summary>
[HtmlTargetElement("govuk-date-input", TagStructure = TagStructure.WithoutEndTag)]
public sealed class DateInputTagHelper : FieldTagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = Error;
        var parts = For.Model as DateParts;
        string Box(string part, string label, string? value, int width, string id) =>
            "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">" +
            $"<label class=\"govuk-label govuk-date-input__label\" for=\"{id}\">{label}</label>" +
            $"<input class=\"govuk-input govuk-date-input__input govuk-input--width-{width}{(error is null ? "" : " govuk-input--error")}\" id=\"{id}\" name=\"{Name}.{part}\" type=\"text\" inputmode=\"numeric\" value=\"{Html.Encode(Html.ValueFor(ViewContext, $"{Name}.{part}", value))}\">" +
            "</div></div>";

        Html.Replace(output, Html.FormGroup(error is not null,
            $"<fieldset class=\"govuk-fieldset\" role=\"group\"{Html.DescribedBy(Id, Hint, error)}>{Html.Legend(LabelText, IsPageHeading)}{Html.Hint(Id, Hint)}" +
            (error is null ? "" : Html.ErrorMessage(Id, error)) +
            $"<div class=\"govuk-date-input\" id=\"{Id}-group\">" +
            Box(nameof(DateParts.Day), "Day", parts?.Day, 2, Id) +
            Box(nameof(DateParts.Month), "Month", parts?.Month, 2, Id + "-month") +
            Box(nameof(DateParts.Year), "Year", parts?.Year, 4, Id + "-year") +
            "</div></fieldset>"));
    }
}

/// <summary>
/// GOV.UK error summary: every error in the model state, each linked to its field. Renders nothing without errors.
/// Put it first in the main column; the layout prefixes the title with "Error: " when there are errors.
/// </summary>
[HtmlTargetElement("govuk-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var errors = ViewContext.ViewData.ModelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .Select(entry => (Field: entry.Key.Split('.')[0] == entry.Key ? entry.Key : FieldOf(entry.Key), entry.Value!.Errors[0].ErrorMessage))
            .DistinctBy(e => e.Field)
            .ToList();
        if (errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        var list = string.Concat(errors.Select(e => $"<li><a href=\"#{Html.IdFor(e.Field)}\">{Html.Encode(e.ErrorMessage)}</a></li>"));
        Html.Replace(output,
            "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">" +
            "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>" +
            $"<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">{list}</ul></div></div></div>");
    }

    // A date's part (AsOf.Day) links to the date field, whose day box carries the field's id.
    private static string FieldOf(string key) => key.EndsWith(".Day") || key.EndsWith(".Month") || key.EndsWith(".Year") ? key[..key.LastIndexOf('.')] : key;
}
