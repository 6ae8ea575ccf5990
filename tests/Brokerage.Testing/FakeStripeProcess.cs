using System.Diagnostics;
using System.Net;
using System.Text;

namespace Brokerage.Testing;

/// <summary>
/// The fake Stripe (tools/Brokerage.FakeStripe) running as its own OS process on a free 127.0.0.1 port, started
/// from its built assembly as ServiceProcess starts the services; killed on dispose. A test project that uses it
/// builds it first with <c>&lt;ProjectReference … ReferenceOutputAssembly="false" /&gt;</c>.
/// </summary>
public sealed class FakeStripeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output;

    private FakeStripeProcess(Process process, StringBuilder output, Uri baseUrl)
    {
        this.process = process;
        this.output = output;
        BaseUrl = baseUrl;
        Control = new FakeStripeControl(baseUrl);
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUrl { get; }

    /// <summary>The same without the closing slash, as Stripe.net takes it: <c>new StripeClient(key, apiBase: fake.ApiBase)</c>.</summary>
    public string ApiBase => BaseUrl.ToString().TrimEnd('/');

    public FakeStripeControl Control { get; }

    /// <summary>Where the built fake is: tools/Brokerage.FakeStripe/bin/&lt;the tests' configuration&gt;/net10.0/.</summary>
    public static string AssemblyPath
    {
        get
        {
            var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!); // bin/<Configuration>/net10.0/
            return Path.Combine(TestInfrastructure.Root, "tools", "Brokerage.FakeStripe", "bin", configuration, "net10.0", "Brokerage.FakeStripe.dll");
        }
    }

    /// <summary>The last lines the process wrote, for a failing test's message.</summary>
    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                return output.Length > 4000 ? output.ToString()[^4000..] : output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the fake and returns once it answers. <paramref name="configFile"/> is passed as <c>--config</c>;
    /// <paramref name="settings"/> are environment variables (e.g. <c>FakeStripe__WebhookAttempts</c>).
    /// </summary>
    public static async Task<FakeStripeProcess> StartAsync(string? configFile = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var assembly = AssemblyPath;
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is not built: reference tools/Brokerage.FakeStripe from the test project (ReferenceOutputAssembly=\"false\") or build it.");
        }

        // A port can still be taken between choosing and binding it; then the fake exits and another port is tried.
        for (var tries = 1; ; tries++)
        {
            var baseUrl = new Uri($"http://127.0.0.1:{FreePort.Below32768()}/");
            var (process, output) = Launch(assembly, baseUrl, configFile, settings);
            var started = new FakeStripeProcess(process, output, baseUrl);
            try
            {
                await started.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60));
                return started;
            }
            catch (InvalidOperationException) when (tries < 5 && started.RecentOutput.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await started.DisposeAsync();
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        Control.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static (Process, StringBuilder) Launch(string assembly, Uri baseUrl, string? configFile, IReadOnlyDictionary<string, string>? settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var argument in (string[])[assembly, "--urls", baseUrl.ToString().TrimEnd('/'), .. configFile is null ? [] : (string[])["--config", Path.GetFullPath(configFile)]])
        {
            start.ArgumentList.Add(argument);
        }

        // Not Development: the demo's platform account (appsettings.Development.json) stays out of tests.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__Console__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the fake Stripe.");
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // the output is read to its end
                throw new InvalidOperationException($"The fake Stripe exited with {process.ExitCode} while starting:\n{RecentOutput}");
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
                // Listening but still starting.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The fake Stripe did not answer within {timeout.TotalSeconds:0} s:\n{RecentOutput}");
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void Append(StringBuilder output, string? line)
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
