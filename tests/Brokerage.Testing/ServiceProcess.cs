using System.Diagnostics;
using System.Net;
using System.Text;
namespace Brokerage.Testing;

/// <summary>
/// One Brokerage service running as its own OS process, as <c>./brokerage up</c> runs it: the built assembly, its own
/// database, the scenario's RabbitMQ vhost, a free port on 127.0.0.1. It can be killed (no graceful shutdown) and
/// started again on the same database and port.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string assembly;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly StringBuilder output = new();
    private Process? process;

    private ServiceProcess(string name, string assembly, int port, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        this.assembly = assembly;
        this.settings = settings;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the process wrote, for a failing test's message.</summary>
    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                var text = output.ToString();
                return text.Length > 4000 ? text[^4000..] : text;
            }
        }
    }

    /// <summary>Starts <paramref name="service"/> (e.g. "Members") on a fresh database and waits until /health/ready answers 200.</summary>
    public static Task<ServiceProcess> StartAsync(string service, string rabbitMq, params (string Key, string Value)[] extra) =>
        StartProjectAsync(service, Path.Combine("services", service, $"Brokerage.{service}.Api"), [("ConnectionStrings__RabbitMq", rabbitMq), .. extra]);

    /// <summary>
    /// Starts the built project in <paramref name="projectFolder"/> (relative to the checkout; its folder is the content
    /// root, as with <c>./brokerage up</c>) on a fresh database, and waits until /health/ready answers 200.
    /// </summary>
    public static async Task<ServiceProcess> StartProjectAsync(string name, string projectFolder, params (string Key, string Value)[] extra)
    {
        var database = await TestInfrastructure.CreateDatabaseAsync($"sc_{name.ToLowerInvariant()}");
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!); // bin/<Configuration>/net10.0/
        var project = Path.GetFileName(projectFolder);
        var assembly = Path.Combine(TestInfrastructure.Root, projectFolder, "bin", configuration, "net10.0", $"{project}.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is not built: build the solution first.");
        }

        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__EventStore"] = database,
            ["Logging__Console__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var started = new ServiceProcess(name, assembly, FreePort.Below32768(), settings);
        await started.StartAsync();
        return started;
    }

    /// <summary>Starts the process (again) and waits for readiness.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(assembly))))!,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Name}.");
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting:\n{RecentOutput}");
            }

            try
            {
                using var ready = await http.GetAsync("health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not ready within 90 s:\n{RecentOutput}");
    }

    /// <summary>Kills the process at once (SIGKILL): nothing in flight is finished or flushed.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
            if (output.Length > 64_000)
            {
                output.Remove(0, output.Length - 32_000);
            }
        }
    }
}
