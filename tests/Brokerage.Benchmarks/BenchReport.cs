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
    /// Runs each phase's writers for <paramref name="durationEach"/> in all, in <paramref name="rounds"/> turns taken in
    /// rotation (A B C A B C …), so that whatever else the machine does in the meantime falls on every phase alike and the
    /// ratios between them hold. Each phase first takes its untimed warm-up steps (first use of a code path costs JIT and
    /// plan caching, which no steady-state figure should carry). A step returns the operations it completed; a negative
    /// count stops that writer for the rest of the run. Returns each phase's operations per second of its own turns, and
    /// the CPU time this process spent per operation in them (one phase runs at a time, so its turns' CPU is its own).
    /// </summary>
    public static async Task<Dictionary<string, Rate>> InterleavedAsync(IReadOnlyList<Phase> phases, TimeSpan durationEach, int rounds)
    {
        var steps = phases.Select(p => Enumerable.Range(0, p.Writers).Select(p.MakeWriter).ToArray()).ToArray();
        var stopped = phases.Select(p => new bool[p.Writers]).ToArray();
        for (var p = 0; p < phases.Count; p++)
        {
            var phase = p;
            await Task.WhenAll(steps[phase].Select((step, w) => Task.Run(async () =>
            {
                for (var i = 0; i < phases[phase].WarmupSteps && !stopped[phase][w]; i++)
                {
                    stopped[phase][w] = await step() < 0;
                }
            })));
        }

        var done = new long[phases.Count];
        var elapsed = new TimeSpan[phases.Count];
        var cpu = new TimeSpan[phases.Count];
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var turn = durationEach / rounds;
        for (var round = 0; round < rounds; round++)
        {
            for (var p = 0; p < phases.Count; p++)
            {
                var phase = p;
                self.Refresh();
                var cpuBefore = self.TotalProcessorTime;
                var stopAt = DateTime.UtcNow + turn;
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var counts = await Task.WhenAll(steps[phase].Select((step, w) => Task.Run(async () =>
                {
                    long count = 0;
                    for (var i = 0; i < MaxStepsPerTurn && !stopped[phase][w] && DateTime.UtcNow < stopAt; i++)
                    {
                        var n = await step();
                        stopped[phase][w] = n < 0;
                        count += Math.Max(0, n);
                    }

                    return count;
                })));
                elapsed[phase] += watch.Elapsed;
                self.Refresh();
                cpu[phase] += self.TotalProcessorTime - cpuBefore;
                done[phase] += counts.Sum();
            }
        }

        return phases.Select((p, i) => (p.Key, Rate: new Rate(done[i] / elapsed[i].TotalSeconds, cpu[i].TotalMicroseconds / Math.Max(1, done[i]))))
            .ToDictionary(x => x.Key, x => x.Rate);
    }

    /// <summary>A bound on any writer's steps in one turn, whatever the clock says.</summary>
    private const int MaxStepsPerTurn = 1_000_000;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>One measured operation: <paramref name="Writers"/> concurrent loops, each calling the step its <paramref name="MakeWriter"/> makes.</summary>
public sealed record Phase(string Key, int Writers, Func<int, Func<Task<int>>> MakeWriter, int WarmupSteps = 30);

/// <summary>Operations per second, and this process's CPU microseconds per operation.</summary>
public sealed record Rate(double PerSecond, double ClientCpuUs)
{
    public string Note => $"client CPU {ClientCpuUs:0} µs/op";
}
