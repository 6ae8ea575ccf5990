using System.Text.Json;

namespace Brokerage.Portal.Services;

/// <summary>A seeded demo person, as <c>./brokerage seed</c> records them in <c>.local/demo.json</c>.</summary>
public sealed record DemoPerson(string Key, string Name, string Role, string Sub, string Council, IReadOnlyList<string> ActsFor, string? TryFirst);

/// <summary>
/// The demo people the Development sign-in page lists: read from <c>Portal:DemoPeopleFile</c> (default: the checkout's
/// <c>.local/demo.json</c>) on each visit, so a council seeded while the Portal runs appears at once.
/// </summary>
public sealed class DemoPeople(IConfiguration configuration, IHostEnvironment environment)
{
    public string Path => configuration["Portal:DemoPeopleFile"] is { Length: > 0 } configured
        ? configured
        : System.IO.Path.Combine(CheckoutRoot() ?? environment.ContentRootPath, ".local", "demo.json");

    public IReadOnlyList<DemoPerson> All()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        using var file = JsonDocument.Parse(File.ReadAllText(Path));
        if (!file.RootElement.TryGetProperty("councils", out var councils))
        {
            return [];
        }

        return councils.EnumerateObject()
            .SelectMany(council => council.Value.GetProperty("people").Deserialize<List<DemoPerson>>(ServiceClient.Json) ?? [])
            .ToList();
    }

    public DemoPerson? Find(string council, string key) =>
        All().FirstOrDefault(p => p.Council == council && string.Equals(p.Key, key, StringComparison.Ordinal));

    private string? CheckoutRoot()
    {
        if (Environment.GetEnvironmentVariable("BROKERAGE_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (var folder = new DirectoryInfo(environment.ContentRootPath); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Brokerage.sln")))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
