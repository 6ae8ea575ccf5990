using Npgsql;

namespace Brokerage.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ that <c>./brokerage test</c> starts for the suite. Tests never mock them;
/// without them a test fails with a message saying how to run it.
/// </summary>
public static class TestInfrastructure
{
    public static string PostgresAdmin => Require("BROKERAGE_TEST_PG");

    public static string RabbitMq => Require("BROKERAGE_TEST_RABBITMQ");

    public static string Root => Environment.GetEnvironmentVariable("BROKERAGE_ROOT") ?? FindRoot();

    /// <summary>Creates a fresh, uniquely named database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>
    /// Creates a fresh RabbitMQ virtual host and returns the broker address for it. Services under test that share the
    /// suite's broker each get one, so their queues and exchanges never see another test's messages.
    /// Vhosts are created one at a time across every test process: RabbitMQ 3.10 can hang for good when two are
    /// created at the same moment (seen here with two created 50 ms apart).
    /// </summary>
    public static async Task<string> CreateVirtualHostAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];
        await using (await CrossProcessLock.TakeAsync("brokerage-test-vhosts", TimeSpan.FromMinutes(3)))
        {
            await RabbitMqCtlAsync("add_vhost", name);
            await RabbitMqCtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        }

        var broker = new UriBuilder(RabbitMq) { Path = "/" + Uri.EscapeDataString(name) };
        return broker.Uri.ToString();
    }

    /// <summary>Runs rabbitmqctl against the suite's broker (through deploy/local/rabbitmq.sh, as the rabbitmq user); gives up after a minute.</summary>
    public static Task RabbitMqCtlAsync(params string[] arguments)
    {
        var instance = Environment.GetEnvironmentVariable("BROKERAGE_TEST_RABBITMQ_INSTANCE") ?? "test";
        var port = Environment.GetEnvironmentVariable("BROKERAGE_TEST_RABBITMQ_PORT") ?? new Uri(RabbitMq).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RabbitMqScriptAsync(TimeSpan.FromMinutes(1), ["ctl", instance, port, .. arguments]);
    }

    /// <summary>
    /// Runs deploy/local/rabbitmq.sh (or BROKERAGE_TEST_RABBITMQ_CTL) with <paramref name="arguments"/>, e.g.
    /// <c>start chaos 19674</c>; fails with its output when it exits non-zero or outlasts <paramref name="timeout"/>.
    /// </summary>
    public static async Task RabbitMqScriptAsync(TimeSpan timeout, params string[] arguments)
    {
        var script = Environment.GetEnvironmentVariable("BROKERAGE_TEST_RABBITMQ_CTL") ?? Path.Combine(Root, "deploy", "local", "rabbitmq.sh");
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[script, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rabbitmq.sh {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0}s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmq.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    /// <summary>A schema name unique to one test, for tests that share a database.</summary>
    public static string UniqueSchema(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the suite with ./brokerage test, which starts PostgreSQL and RabbitMQ for it.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Brokerage.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (Brokerage.sln).");
    }
}

/// <summary>A lock shared by every process on the machine: an exclusively opened file in the temp folder.</summary>
internal sealed class CrossProcessLock : IAsyncDisposable
{
    private readonly FileStream file;

    private CrossProcessLock(FileStream file) => this.file = file;

    public static async Task<CrossProcessLock> TakeAsync(string name, TimeSpan timeout)
    {
        var path = Path.Combine(Path.GetTempPath(), name + ".lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new CrossProcessLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();
}
