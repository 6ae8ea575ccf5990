using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Brokerage.Benchmarks;

/// <summary>
/// The PooledFunds service as `./brokerage up` runs it: its built assembly started with <c>dotnet</c>, Development
/// settings (development tokens), Kestrel on a free 127.0.0.1 port, its own database and broker vhost. Killed, with
/// anything it started, when disposed or when the benchmark exits.
/// </summary>
public sealed class PooledFundsProcess : IAsyncDisposable
{
    private const string ProjectDir = "services/PooledFunds/Brokerage.PooledFunds.Api";
    private const string AssemblyName = "Brokerage.PooledFunds.Api.dll";

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly string logPath;
    private readonly Lock gate = new();
    private bool closed;

    private PooledFundsProcess(Process process, StreamWriter log, string logPath, Uri address)
    {
        this.process = process;
        this.log = log;
        this.logPath = logPath;
        Address = address;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
    }

    public Uri Address { get; }

    /// <summary>CPU time the service has used so far, on every core.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public sealed record Build(string? Dll, string? Problem);

    /// <summary>
    /// Builds the service into a folder of its own (.local/bench/pooledfunds), never over the bin/ of a service that
    /// `./brokerage up` may be running. BENCH_POOLEDFUNDS_DLL names an assembly built elsewhere instead.
    /// </summary>
    public static async Task<Build> BuildAsync(string root)
    {
        if (Environment.GetEnvironmentVariable("BENCH_POOLEDFUNDS_DLL") is { Length: > 0 } given)
        {
            return File.Exists(given) ? new(given, null) : new(null, $"BENCH_POOLEDFUNDS_DLL {given} does not exist");
        }

        var output = Path.Combine(root, ".local", "bench", "pooledfunds");
        Console.WriteLine($"building PooledFunds into {Path.GetRelativePath(root, output)}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var argument in (string[])["build", Path.Combine(root, ProjectDir), "-c", "Release", "-nologo", "-v", "q", "-nodeReuse:false", "-o", output])
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start)!;
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await build.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            build.Kill(entireProcessTree: true);
            return new(null, "building PooledFunds took more than 10 minutes");
        }

        if (build.ExitCode != 0)
        {
            var lines = (await stdout + await stderr).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var first = lines.FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "no output";
            Console.WriteLine($"PooledFunds does not build: {first}");
            return new(null, $"PooledFunds does not build on this branch ({first})");
        }

        var dll = Path.Combine(output, AssemblyName);
        return File.Exists(dll) ? new(dll, null) : new(null, $"the PooledFunds build left no {AssemblyName} in {output}");
    }

    /// <summary>Starts the service and returns once GET /health/ready answers 200 (its schema applied, its queues bound).</summary>
    public static async Task<PooledFundsProcess> StartAsync(
        string root, string dll, string connectionString, string rabbitMq, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var logPath = Path.Combine(root, "artifacts", "bench", "pooledfunds.log");
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var start = new ProcessStartInfo("dotnet")
        {
            // The project folder is the content root, as with `dotnet run` and `./brokerage up`.
            WorkingDirectory = Path.Combine(root, ProjectDir),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__EventStore"] = connectionString;
        start.Environment["ConnectionStrings__RabbitMq"] = rabbitMq;
        // Request and retry logs would cost the service CPU the benchmark wants to measure.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        start.Environment["Logging__LogLevel__MassTransit"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var service = new PooledFundsProcess(process, log, logPath, address);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => service.Kill();
        Console.CancelKeyPress += (_, _) => service.Kill();

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (process.HasExited)
            {
                var exited = $"PooledFunds exited during start-up ({process.ExitCode}): {service.LastLogLines()}";
                await service.DisposeAsync();
                throw new InvalidOperationException(exited);
            }

            try
            {
                if ((await http.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }

            if (DateTime.UtcNow > deadline)
            {
                var late = $"PooledFunds did not answer GET /health/ready with 200 within 120 s: {service.LastLogLines()}";
                await service.DisposeAsync();
                throw new InvalidOperationException(late);
            }

            await Task.Delay(250);
        }
    }

    public string LastLogLines()
    {
        try
        {
            using var reader = new StreamReader(new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            // JSON log lines with stack traces run to kilobytes: the start of each of the last few says what happened.
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "(its log is empty)" : string.Join('\n', lines.TakeLast(5).Select(l => l.Length <= 400 ? l : l[..400] + "…"));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"PooledFunds (pid {process.Id}) did not exit within 15 s of being killed");
        }

        lock (gate)
        {
            closed = true;
            log.Dispose();
        }

        process.Dispose();
    }

    private void Write(string? line)
    {
        lock (gate)
        {
            if (line is not null && !closed)
            {
                log.WriteLine(line);
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
