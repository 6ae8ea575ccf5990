using System.Text.Encodings.Web;
using System.Text.Json;

namespace Brokerage.Benchmarks;

/// <summary>Prints a table and writes artifacts/bench/NAME.json: figures, targets, and whether each target was met.</summary>
public sealed class BenchReport(string name)
{
    private readonly List<(string Key, double? Value, string Note)> figures = [];
    private readonly List<(string Key, string Comparison, double Target)> targets = [];

    public Dictionary<string, object> Settings { get; } = [];

    public void Add(string key, double value, string note = "") => figures.Add((key, Math.Round(value, 3), note));

    /// <summary>A figure this run could not measure: null in the JSON, with the reason beside it; its target is neither met nor missed.</summary>
    public void NotMeasured(string key, string reason) => figures.Add((key, null, $"not measured: {reason}"));

    /// <summary>The figure's value, or null when it was not measured.</summary>
    public double? Value(string key) => figures.FirstOrDefault(f => f.Key == key).Value;

    /// <summary><paramref name="key"/> = numerator / denominator, or not measured when either is.</summary>
    public void Ratio(string key, string numerator, string denominator)
    {
        if (Value(numerator) is { } n && Value(denominator) is { } d and not 0)
        {
            Add(key, n / d, $"{numerator} / {denominator}");
        }
        else
        {
            NotMeasured(key, $"needs {numerator} and {denominator}");
        }
    }

    public void Target(string key, string comparison, double target) => targets.Add((key, comparison, target));

    public async Task SaveAsync(string root)
    {
        var values = figures.ToDictionary(f => f.Key, f => f.Value);
        var results = targets.Select(t => new
        {
            figure = t.Key,
            target = $"{t.Comparison} {t.Target}",
            value = values[t.Key],
            met = values[t.Key] is not { } v ? (bool?)null : t.Comparison == ">=" ? v >= t.Target : v <= t.Target,
        }).ToList();

        Console.WriteLine();
        Console.WriteLine($"{"figure",-32} {"value",14}  note");
        Console.WriteLine(new string('-', 80));
        foreach (var (key, value, note) in figures)
        {
            var target = results.FirstOrDefault(r => r.figure == key);
            var verdict = target is null ? "" : $"target {target.target}: {target.met switch { true => "met", false => "MISSED", null => "-" }}";
            Console.WriteLine($"{key,-32} {(value is { } v ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "-"),14}  {verdict} {note}".TrimEnd());
        }

        var folder = Path.Combine(root, "artifacts", "bench");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.json");
        var document = new Dictionary<string, object?>
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

    /// <summary>
    /// Runs <paramref name="writers"/> loops for <paramref name="duration"/> (each at most <paramref name="maxStepsPerWriter"/>
    /// steps), after <paramref name="warmupSteps"/> untimed steps each (first use of a code path costs JIT and plan
    /// caching, which no steady-state figure should carry); returns operations completed per second.
    /// </summary>
    public static async Task<double> ThroughputAsync(
        int writers, TimeSpan duration, Func<int, Func<Task<int>>> makeWriter, int maxStepsPerWriter = 1_000_000, int warmupSteps = 10)
    {
        var steps = Enumerable.Range(0, writers).Select(makeWriter).ToArray();
        await Task.WhenAll(steps.Select(step => Task.Run(async () =>
        {
            for (var i = 0; i < warmupSteps; i++)
            {
                await step();
            }
        })));

        var stopAt = DateTime.UtcNow + duration;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var counts = await Task.WhenAll(steps.Select(step => Task.Run(async () =>
        {
            long done = 0;
            for (var i = 0; i < maxStepsPerWriter && DateTime.UtcNow < stopAt; i++)
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
