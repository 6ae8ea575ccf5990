using System.Text.Json;
using Microsoft.Playwright;

namespace Brokerage.Portal.Tests;

/// <summary>
/// The product as people use it: the Portal and the four services as OS processes (each on its own database, one
/// fresh RabbitMQ vhost), the fake Stripe, and one headless Debian Chromium. Each test works in a council of its own,
/// so tests never see each other's people.
/// </summary>
public sealed class PortalStack : IAsyncLifetime
{
    private readonly string demoFile = Path.Combine(Path.GetTempPath(), $"portal-demo-{Guid.NewGuid():N}.json");
    private readonly Dictionary<string, List<object>> people = [];
    private IPlaywright? playwright;

    public ServiceProcess Members { get; private set; } = null!;

    public ServiceProcess PooledFunds { get; private set; } = null!;

    public ServiceProcess ProviderOffers { get; private set; } = null!;

    public ServiceProcess Commissioning { get; private set; } = null!;

    public ServiceProcess Portal { get; private set; } = null!;

    public FakeStripeProcess Stripe { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var rabbitMq = await TestInfrastructure.CreateVirtualHostAsync("portal");
        Stripe = await FakeStripeProcess.StartAsync();
        var started = await Task.WhenAll(
            ServiceProcess.StartAsync("Members", rabbitMq),
            ServiceProcess.StartAsync("PooledFunds", rabbitMq, ("Payments__StripeApiBase", Stripe.ApiBase)),
            ServiceProcess.StartAsync("ProviderOffers", rabbitMq),
            ServiceProcess.StartAsync("Commissioning", rabbitMq));
        (Members, PooledFunds, ProviderOffers, Commissioning) = (started[0], started[1], started[2], started[3]);
        await File.WriteAllTextAsync(demoFile, """{"councils":{}}""");
        Portal = await ServiceProcess.StartProjectAsync("Portal", Path.Combine("services", "Portal", "Brokerage.Portal"),
            ("Services__members", Members.BaseAddress.ToString()),
            ("Services__pooledfunds", PooledFunds.BaseAddress.ToString()),
            ("Services__provideroffers", ProviderOffers.BaseAddress.ToString()),
            ("Services__commissioning", Commissioning.BaseAddress.ToString()),
            ("Portal__DemoPeopleFile", demoFile));

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // Root needs --no-sandbox; the rest keep Chromium off the network.
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A person the demo sign-in page lists (Development's sign-in), in <paramref name="council"/>.</summary>
    public async Task AddPersonAsync(string council, string key, string name, string role, string sub, params string[] actsFor)
    {
        lock (people)
        {
            if (!people.TryGetValue(council, out var list))
            {
                people[council] = list = [];
            }

            list.Add(new { key, name, role, sub, council, actsFor, tryFirst = (string?)null });
        }

        string json;
        lock (people)
        {
            json = JsonSerializer.Serialize(new { councils = people.ToDictionary(c => c.Key, c => new { council = c.Key, people = c.Value }) });
        }

        var temporary = demoFile + ".tmp";
        await File.WriteAllTextAsync(temporary, json);
        File.Move(temporary, demoFile, overwrite: true);
    }

    /// <summary>A fresh browser (its own cookies), with or without JavaScript, for one person in one test.</summary>
    public async Task<PortalBrowser> OpenAsync(string journey, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Portal.BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
            // axe is injected into each page; the Portal's Content-Security-Policy (scripts from itself only) would refuse it.
            BypassCSP = true,
            ViewportSize = new ViewportSize { Width = 1024, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        IPage? axePage = null;
        if (!javaScript)
        {
            var axeContext = await Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = 1024, Height = 900 } });
            axeContext.SetDefaultTimeout(15_000);
            axePage = await axeContext.NewPageAsync();
        }

        return new PortalBrowser(context, await context.NewPageAsync(), journey + (javaScript ? "" : "-no-js"), axePage);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        foreach (var process in new[] { Portal, Members, PooledFunds, ProviderOffers, Commissioning })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        if (Stripe is not null)
        {
            await Stripe.DisposeAsync();
        }

        File.Delete(demoFile);
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalStack>
{
    public const string Name = "portal";
}
