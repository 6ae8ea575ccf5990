using System.Text.Encodings.Web;
using System.Text.Json;

namespace Brokerage.Benchmarks;

/// <summary>Prints a table and writes artifacts/bench/NAME.json: figures, targets, and whether each target was met.</summary>
public sealed class BenchReport(string name)
{
    private readonly List<(string Key, double Value, string Note)> figures = [];
    private readonly List<(string Key, string Comparison, double Target)> targets = [];

    public Dictionary<string, object> Settings { get; } = [];

    public void Add(string key, double value, string note = "") => figures.Add((key, Math.Round(value, 3), note));

    public void Target(string key, string comparison, double target) => targets.Add((key, comparison, target));

    public async Task SaveAsync(string root)
    {
        var values = figures.ToDictionary(f => f.Key, f => f.Value);
        var results = targets.Select(t => new
        {
            figure = t.Key,
            target = $"{t.Comparison} {t.Target}",
            value = values[t.Key],
            met = t.Comparison == ">=" ? values[t.Key] >= t.Target : values[t.Key] <= t.Target,
        }).ToList();

        Console.WriteLine();
        Console.WriteLine($"{"figure",-32} {"value",14}  note");
        Console.WriteLine(new string('-', 80));
        foreach (var (key, value, note) in figures)
        {
            var target = results.FirstOrDefault(r => r.figure == key);
            var verdict = target is null ? "" : $"target {target.target}: {(target.met ? "met" : "MISSED")}";
            Console.WriteLine($"{key,-32} {value,14:0.###}  {verdict} {note}".TrimEnd());
        }

        var folder = Path.Combine(root, "artifacts", "bench");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.json");
        var document = new Dictionary<string, object>
        {
            ["benchmark"] = name,
            ["measured_at"] = DateTimeOffset.UtcNow,
            ["machine"] = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), runtime = Environment.Version.ToString() },
            ["settings"] = Settings,
        };
        foreach (var (key, value, _) in figures)
        {
            document[key] = value;
        }

        document["targets"] = results;
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Console.WriteLine();
        Console.WriteLine($"Saved {path}");
    }

    /// <summary>Runs <paramref name="writers"/> loops for <paramref name="duration"/>; returns operations completed per second.</summary>
    public static async Task<double> ThroughputAsync(int writers, TimeSpan duration, Func<int, Func<Task<int>>> makeWriter)
    {
        var stopAt = DateTime.UtcNow + duration;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var step = makeWriter(w);
            long done = 0;
            while (DateTime.UtcNow < stopAt)
            {
                done += await step();
            }

            return done;
        })));
        return counts.Sum() / started.Elapsed.TotalSeconds;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
