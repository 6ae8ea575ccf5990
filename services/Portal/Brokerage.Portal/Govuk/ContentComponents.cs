using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Brokerage.Portal.Govuk;

/// <summary>GOV.UK button: a submit button, or a link styled as one with <see cref="Href"/>.</summary>
[HtmlTargetElement("govuk-button")]
public sealed class ButtonTagHelper : TagHelper
{
    public string? Href { get; set; }

    /// <summary>primary (default), secondary, warning or start.</summary>
    public string Kind { get; set; } = "primary";

    /// <summary>The submitted <c>name</c>/<c>value</c>, for a form with more than one button.</summary>
    public string? Name { get; set; }

    public string? Value { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var text = (await output.GetChildContentAsync()).GetContent();
        var classes = "govuk-button" + Kind switch
        {
            "secondary" => " govuk-button--secondary",
            "warning" => " govuk-button--warning",
            "start" => " govuk-button--start",
            _ => "",
        };
        Html.Replace(output, Href is null
            ? $"<button type=\"submit\" class=\"{classes}\" data-module=\"govuk-button\" data-prevent-double-click=\"true\"{(Name is null ? "" : $" name=\"{Name}\" value=\"{Html.Encode(Value)}\"")}>{text}</button>"
            : $"<a href=\"{Html.Encode(Href)}\" role=\"button\" draggable=\"false\" class=\"{classes}\" data-module=\"govuk-button\">{text}</a>");
    }
}

[HtmlTargetElement("govuk-back-link", TagStructure = TagStructure.WithoutEndTag)]
public sealed class BackLinkTagHelper : TagHelper
{
    public string Href { get; set; } = "/";

    public string Text { get; set; } = "Back";

    public override void Process(TagHelperContext context, TagHelperOutput output) =>
        Html.Replace(output, $"<a href=\"{Html.Encode(Href)}\" class=\"govuk-back-link\">{Html.Encode(Text)}</a>");
}

/// <summary>GOV.UK tag; <see cref="Colour"/> one of grey, green, turquoise, blue, light-blue, purple, pink, red, orange, yellow.</summary>
[HtmlTargetElement("govuk-tag")]
public sealed class TagTagHelper : TagHelper
{
    public string? Colour { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var text = (await output.GetChildContentAsync()).GetContent();
        Html.Replace(output, $"<strong class=\"govuk-tag{(Colour is null ? "" : " govuk-tag--" + Colour)}\">{text}</strong>");
    }
}

/// <summary>GOV.UK panel: the confirmation at a journey's end.</summary>
[HtmlTargetElement("govuk-panel")]
public sealed class PanelTagHelper : TagHelper
{
    public string Title { get; set; } = "";

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var body = (await output.GetChildContentAsync()).GetContent();
        Html.Replace(output, $"<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">{Html.Encode(Title)}</h1>" +
                             (string.IsNullOrWhiteSpace(body) ? "" : $"<div class=\"govuk-panel__body\">{body}</div>") + "</div>");
    }
}

/// <summary>GOV.UK notification banner; <see cref="Success"/> for the green one that confirms what just happened.</summary>
[HtmlTargetElement("govuk-notification-banner")]
public sealed class NotificationBannerTagHelper : TagHelper
{
    public bool Success { get; set; }

    public string? Title { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var body = (await output.GetChildContentAsync()).GetContent();
        var title = Title ?? (Success ? "Success" : "Important");
        Html.Replace(output,
            $"<div class=\"govuk-notification-banner{(Success ? " govuk-notification-banner--success" : "")}\" role=\"{(Success ? "alert" : "region")}\" aria-labelledby=\"govuk-notification-banner-title\" data-module=\"govuk-notification-banner\">" +
            $"<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" id=\"govuk-notification-banner-title\">{Html.Encode(title)}</h2></div>" +
            $"<div class=\"govuk-notification-banner__content\">{body}</div></div>");
    }
}

[HtmlTargetElement("govuk-inset-text")]
public sealed class InsetTextTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output) =>
        Html.Replace(output, $"<div class=\"govuk-inset-text\">{(await output.GetChildContentAsync()).GetContent()}</div>");
}

[HtmlTargetElement("govuk-warning-text")]
public sealed class WarningTextTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output) =>
        Html.Replace(output,
            "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>" +
            $"<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span> {(await output.GetChildContentAsync()).GetContent()}</strong></div>");
}

/// <summary>GOV.UK details: a summary line that opens (without JavaScript too: it is the HTML details element).</summary>
[HtmlTargetElement("govuk-details")]
public sealed class DetailsTagHelper : TagHelper
{
    public string Summary { get; set; } = "";

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output) =>
        Html.Replace(output,
            $"<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">{Html.Encode(Summary)}</span></summary>" +
            $"<div class=\"govuk-details__text\">{(await output.GetChildContentAsync()).GetContent()}</div></details>");
}

/// <summary>GOV.UK summary list; its rows are <c>govuk-summary-row</c>s.</summary>
[HtmlTargetElement("govuk-summary-list")]
public sealed class SummaryListTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output) =>
        Html.Replace(output, $"<dl class=\"govuk-summary-list\">{(await output.GetChildContentAsync()).GetContent()}</dl>");
}

/// <summary>One summary list row: the key, the value (the row's content) and an optional change link.</summary>
[HtmlTargetElement("govuk-summary-row", ParentTag = "govuk-summary-list")]
public sealed class SummaryRowTagHelper : TagHelper
{
    public string Key { get; set; } = "";

    public string? ChangeHref { get; set; }

    /// <summary>What the change link changes, for screen readers ("Change <em>amount</em>").</summary>
    public string? ChangeWhat { get; set; }

    /// <summary>The change link's id, so an error about this answer (in the error summary) can link to it.</summary>
    public string? ChangeId { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var value = (await output.GetChildContentAsync()).GetContent();
        var actions = ChangeHref is null
            ? ""
            : $"<dd class=\"govuk-summary-list__actions\"><a class=\"govuk-link\" href=\"{Html.Encode(ChangeHref)}\"{(ChangeId is null ? "" : $" id=\"{ChangeId}\"")}>Change<span class=\"govuk-visually-hidden\"> {Html.Encode(ChangeWhat ?? Key.ToLowerInvariant())}</span></a></dd>";
        Html.Replace(output,
            $"<div class=\"govuk-summary-list__row{(ChangeHref is null ? " govuk-summary-list__row--no-actions" : "")}\"><dt class=\"govuk-summary-list__key\">{Html.Encode(Key)}</dt><dd class=\"govuk-summary-list__value\">{value}</dd>{actions}</div>");
    }
}

/// <summary>GOV.UK table: a caption, column headings and rows of <see cref="Cell"/>s; the first cell of a row is its header.</summary>
[HtmlTargetElement("govuk-table", TagStructure = TagStructure.WithoutEndTag)]
public sealed class TableTagHelper : TagHelper
{
    public string Caption { get; set; } = "";

    public IReadOnlyList<string> Head { get; set; } = [];

    /// <summary>Indexes of the columns holding numbers (money): right-aligned, head included.</summary>
    public IReadOnlyList<int> NumericColumns { get; set; } = [];

    public IEnumerable<IReadOnlyList<Cell>> Rows { get; set; } = [];

    /// <summary>Said in a row of its own when there are no rows.</summary>
    public string Empty { get; set; } = "None yet.";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var html = new StringBuilder("<table class=\"govuk-table\">")
            .Append($"<caption class=\"govuk-table__caption govuk-table__caption--m\">{Html.Encode(Caption)}</caption>")
            .Append("<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
        for (var i = 0; i < Head.Count; i++)
        {
            html.Append($"<th scope=\"col\" class=\"govuk-table__header{(NumericColumns.Contains(i) ? " govuk-table__header--numeric" : "")}\">{Html.Encode(Head[i])}</th>");
        }

        html.Append("</tr></thead><tbody class=\"govuk-table__body\">");
        var any = false;
        foreach (var row in Rows)
        {
            any = true;
            html.Append("<tr class=\"govuk-table__row\">");
            for (var i = 0; i < row.Count; i++)
            {
                var cell = row[i];
                var numeric = cell.Numeric || NumericColumns.Contains(i);
                var content = cell.Html is null ? Html.Encode(cell.Text) : Html.Render(cell.Html);
                html.Append(i == 0
                    ? $"<th scope=\"row\" class=\"govuk-table__header\">{content}</th>"
                    : $"<td class=\"govuk-table__cell{(numeric ? " govuk-table__cell--numeric" : "")}\">{content}</td>");
            }

            html.Append("</tr>");
        }

        if (!any)
        {
            html.Append($"<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" colspan=\"{Math.Max(1, Head.Count)}\">{Html.Encode(Empty)}</td></tr>");
        }

        Html.Replace(output, html.Append("</tbody></table>").ToString());
    }
}

/// <summary>GOV.UK pagination: previous, the page numbers and next; <see cref="HrefFormat"/> has <c>{0}</c> for the page.</summary>
[HtmlTargetElement("govuk-pagination", TagStructure = TagStructure.WithoutEndTag)]
public sealed class PaginationTagHelper : TagHelper
{
    public int Page { get; set; } = 1;

    public int TotalPages { get; set; } = 1;

    public string HrefFormat { get; set; } = "?page={0}";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (TotalPages <= 1)
        {
            output.SuppressOutput();
            return;
        }

        string Href(int page) => Html.Encode(string.Format(System.Globalization.CultureInfo.InvariantCulture, HrefFormat, page));
        var html = new StringBuilder("<nav class=\"govuk-pagination\" aria-label=\"Pagination\">");
        if (Page > 1)
        {
            html.Append($"<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" href=\"{Href(Page - 1)}\" rel=\"prev\"><span class=\"govuk-pagination__link-title\">Previous<span class=\"govuk-visually-hidden\"> page</span></span></a></div>");
        }

        html.Append("<ul class=\"govuk-pagination__list\">");
        for (var page = 1; page <= TotalPages; page++)
        {
            if (page != 1 && page != TotalPages && Math.Abs(page - Page) > 1)
            {
                if (page == 2 || page == TotalPages - 1)
                {
                    html.Append("<li class=\"govuk-pagination__item govuk-pagination__item--ellipsis\">&ctdot;</li>");
                }

                continue;
            }

            var current = page == Page;
            html.Append($"<li class=\"govuk-pagination__item{(current ? " govuk-pagination__item--current" : "")}\"><a class=\"govuk-link govuk-pagination__link\" href=\"{Href(page)}\" aria-label=\"Page {page}\"{(current ? " aria-current=\"page\"" : "")}>{page}</a></li>");
        }

        html.Append("</ul>");
        if (Page < TotalPages)
        {
            html.Append($"<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" href=\"{Href(Page + 1)}\" rel=\"next\"><span class=\"govuk-pagination__link-title\">Next<span class=\"govuk-visually-hidden\"> page</span></span></a></div>");
        }

        Html.Replace(output, html.Append("</nav>").ToString());
    }
}

/// <summary>GOV.UK task list; its items are <c>govuk-task</c>s.</summary>
[HtmlTargetElement("govuk-task-list")]
public sealed class TaskListTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output) =>
        Html.Replace(output, $"<ul class=\"govuk-task-list\">{(await output.GetChildContentAsync()).GetContent()}</ul>");
}

/// <summary>One task: its title (linked when it can be done now), optional hint, and status ("Completed" plain, others as a tag).</summary>
[HtmlTargetElement("govuk-task", ParentTag = "govuk-task-list", TagStructure = TagStructure.WithoutEndTag)]
public sealed class TaskTagHelper : TagHelper
{
    public string Title { get; set; } = "";

    public string? Href { get; set; }

    public string? Hint { get; set; }

    public string Status { get; set; } = "Not yet started";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var id = "task-" + Html.IdFor(Title.ToLowerInvariant().Replace(' ', '-'));
        var describedBy = (Hint is null ? "" : id + "-hint ") + id + "-status";
        var title = Href is null
            ? $"<div>{Html.Encode(Title)}</div>"
            : $"<a class=\"govuk-link govuk-task-list__link\" href=\"{Html.Encode(Href)}\" aria-describedby=\"{describedBy}\">{Html.Encode(Title)}</a>";
        var status = Status == "Completed" ? "Completed" : $"<strong class=\"govuk-tag govuk-tag--blue\">{Html.Encode(Status)}</strong>";
        Html.Replace(output,
            $"<li class=\"govuk-task-list__item{(Href is null ? "" : " govuk-task-list__item--with-link")}\"><div class=\"govuk-task-list__name-and-hint\">{title}" +
            (Hint is null ? "" : $"<div id=\"{id}-hint\" class=\"govuk-task-list__hint\">{Html.Encode(Hint)}</div>") +
            $"</div><div class=\"govuk-task-list__status\" id=\"{id}-status\">{status}</div></li>");
    }
}
