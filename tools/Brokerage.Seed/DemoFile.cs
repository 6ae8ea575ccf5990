using System.Text.Json;
using System.Text.Json.Serialization;

namespace Brokerage.Seed;

/// <summary>
/// A demo person: what their development token carries (<c>role</c>, <c>sub</c>, <c>council</c>, <c>acts_for</c>,
/// <c>name</c>) and what they can try first. <paramref name="Key"/> is the short name for <c>./brokerage token --demo</c>.
/// </summary>
public sealed record DemoPerson(string Key, string Name, string Role, string Sub, string Council, IReadOnlyList<string> ActsFor, string TryFirst);

/// <summary>Ids a newcomer's curl commands need: the pools, the published call and the sealed bid.</summary>
public sealed record DemoIds(Guid ActivePoolId, Guid OpenPoolId, Guid ProposedPoolId, Guid CallId, Guid? BidId);

/// <summary>One seeded council as <c>.local/demo.json</c> records it.</summary>
public sealed record DemoCouncil(string Council, DateTimeOffset SeededAt, IReadOnlyDictionary<string, string> Services, DemoIds Ids, IReadOnlyList<DemoPerson> People);

/// <summary><c>.local/demo.json</c>: every seeded council on this machine, by council id.</summary>
public sealed class DemoFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public SortedDictionary<string, DemoCouncil> Councils { get; init; } = new(StringComparer.Ordinal);

    /// <summary><c>$BROKERAGE_ROOT/.local/demo.json</c>, else the <c>.local/demo.json</c> of the checkout holding the current folder.</summary>
    public static string DefaultPath()
    {
        var root = Environment.GetEnvironmentVariable("BROKERAGE_ROOT");
        if (string.IsNullOrWhiteSpace(root))
        {
            for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Brokerage.sln")))
                {
                    root = folder.FullName;
                    break;
                }
            }
        }

        return Path.Combine(root ?? Environment.CurrentDirectory, ".local", "demo.json");
    }

    public static DemoFile Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<DemoFile>(File.ReadAllText(path), Json) ?? new DemoFile() : new DemoFile();

    /// <summary>Records <paramref name="council"/> (replacing an earlier record of the same council), written atomically.</summary>
    public static void Save(string path, DemoCouncil council)
    {
        var file = Read(path);
        file.Councils[council.Council] = council;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(file, Json) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The people whose key or full name is <paramref name="name"/> (case-insensitive), in <paramref name="council"/> when given.</summary>
    public IReadOnlyList<DemoPerson> Find(string name, string? council) =>
        Councils.Values
            .Where(c => council is null || c.Council == council)
            .SelectMany(c => c.People)
            .Where(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            .ToList();
}
