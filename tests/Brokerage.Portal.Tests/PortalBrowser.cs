using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Brokerage.Portal.Tests;

/// <summary>
/// One person's browser, driven as a person would: by labels, roles and visible text. Every page it lands on is checked
/// with axe (WCAG 2.2 A and AA; a violation fails the test naming the rule and the element) and photographed under
/// artifacts/portal/&lt;journey&gt;/ for a reviewer.
/// </summary>
public sealed class PortalBrowser(IBrowserContext context, IPage page, string journey, IPage? axePage) : IAsyncDisposable
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
    private int shot;

    public IPage Page => page;

    public IBrowserContext Context => context;

    /// <summary>Every page checked so far (its path and title), for the test's own assertions.</summary>
    public List<string> Visited { get; } = [];

    public async Task<IResponse?> GoAsync(string path)
    {
        var response = await page.GotoAsync(path);
        await CheckPageAsync();
        return response;
    }

    public async Task SignInAsync(string name, string council)
    {
        await GoAsync("/sign-in?council=" + council);
        await page.GetByLabel(name, new() { Exact = true }).CheckAsync();
        await PressAsync("Sign in");
    }

    public async Task SignOutAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Sign out") }).ClickAsync();
        await page.WaitForLoadStateAsync();
        await CheckPageAsync();
    }

    /// <summary>Presses a button (a submit button, or a link styled as one) and checks the page it leads to.</summary>
    public async Task PressAsync(string button)
    {
        var target = page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true });
        await RunAndCheckAsync(() => target.ClickAsync());
    }

    public async Task FollowAsync(string link, bool exact = true)
    {
        var target = page.GetByRole(AriaRole.Link, new() { Name = link, Exact = exact }).First;
        await RunAndCheckAsync(() => target.ClickAsync());
    }

    public Task FillAsync(string label, string value) => page.GetByLabel(label, new() { Exact = true }).FillAsync(value);

    public Task ChooseAsync(string label) => page.GetByLabel(label, new() { Exact = true }).CheckAsync();

    public Task<string> MainTextAsync() => page.Locator("main").InnerTextAsync();

    public Task<string> TitleAsync() => page.TitleAsync();

    /// <summary>Tabs (forwards, or backwards with Shift) to <paramref name="target"/>, proving focus is visible there, then presses <paramref name="key"/>.</summary>
    public async Task KeyboardAsync(ILocator target, string key = "Enter", bool backwards = false, bool navigates = true)
    {
        for (var presses = 0; ; presses++)
        {
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                break;
            }

            Assert.True(presses < 80, $"Tab never reached {target} on {page.Url}");
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }

        var focusVisible = await target.EvaluateAsync<bool>(
            """
            element => {
              const style = getComputedStyle(element);
              const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
              const shadow = style.boxShadow && style.boxShadow !== 'none';
              const label = element.labels && element.labels[0] ? getComputedStyle(element.labels[0], '::before') : null;
              const labelRing = label && label.boxShadow && label.boxShadow !== 'none';
              const box = element.matches('input[type=radio], input[type=checkbox]')
                ? getComputedStyle(element.nextElementSibling, '::after') : null;
              return outline || shadow || labelRing || (box && box.borderWidth !== '0px') || element.matches(':focus-visible');
            }
            """);
        Assert.True(focusVisible, $"Focus is not visible on {target} at {page.Url}");
        if (navigates)
        {
            await RunAndCheckAsync(() => page.Keyboard.PressAsync(key));
        }
        else
        {
            await page.Keyboard.PressAsync(key);
        }
    }

    /// <summary>Types into the focused element, as a keyboard would.</summary>
    public Task TypeAsync(string text) => page.Keyboard.TypeAsync(text);

    /// <summary>axe at WCAG 2.2 A and AA, and a screenshot, of the page as it is now.</summary>
    public async Task CheckPageAsync()
    {
        var title = await page.TitleAsync();
        Visited.Add($"{new Uri(page.Url).AbsolutePath} — {title}");
        var folder = Path.Combine(TestInfrastructure.Root, "artifacts", "portal", journey);
        Directory.CreateDirectory(folder);
        var name = new string(new Uri(page.Url).AbsolutePath.Trim('/').Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{++shot:00}-{(name.Length == 0 ? "home" : name[..Math.Min(name.Length, 80)])}.png"), FullPage = true });

        // Without JavaScript axe cannot run in the page itself: it checks the same HTML, as served, in a page that can run it.
        var checkedPage = page;
        if (axePage is not null)
        {
            var html = await page.ContentAsync();
            await axePage.GotoAsync(new Uri(new Uri(page.Url), "/health/live").ToString());
            await axePage.SetContentAsync(html, new() { WaitUntil = WaitUntilState.Load });
            checkedPage = axePage;
        }

        var result = await checkedPage.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } })
            .WaitAsync(TimeSpan.FromSeconds(60));
        if (result.Violations.Length > 0)
        {
            var report = new StringBuilder($"axe found {result.Violations.Length} violation(s) on {page.Url} (\"{title}\"):\n");
            foreach (var violation in result.Violations)
            {
                report.AppendLine($"- {violation.Id} ({violation.Impact}): {violation.Help}");
                foreach (var node in violation.Nodes.Take(5))
                {
                    report.AppendLine($"    at {node.Target}: {node.Html}");
                }
            }

            Assert.Fail(report.ToString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (axePage is not null)
        {
            await axePage.Context.DisposeAsync();
        }

        await context.DisposeAsync();
    }

    // A form post answers with a redirect or the same page with errors: either way a new document loads.
    private async Task RunAndCheckAsync(Func<Task> action)
    {
#pragma warning disable CS0612, CS0618 // Still the one call that waits for the navigation an action starts.
        await page.RunAndWaitForNavigationAsync(action, new() { WaitUntil = WaitUntilState.Load });
#pragma warning restore CS0612, CS0618
        await CheckPageAsync();
    }
}
