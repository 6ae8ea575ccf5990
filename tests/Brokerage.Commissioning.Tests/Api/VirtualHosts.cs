using Brokerage.Testing;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>
/// RabbitMQ vhosts for this project's fixtures: created one at a time (the shared broker once stopped completing
/// add_vhost after two were created at the same moment) and with a deadline, so a stuck broker fails the run with a
/// message instead of hanging it. BROKERAGE_TEST_REUSE_VHOSTS (comma-separated existing vhost names) lets the suite run
/// against vhosts that already exist when the broker cannot create new ones.
/// </summary>
public static class VirtualHosts
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private static int reused = -1;

    public static async Task<string> CreateAsync(string prefix)
    {
        if (Environment.GetEnvironmentVariable("BROKERAGE_TEST_REUSE_VHOSTS") is { Length: > 0 } names)
        {
            var list = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var name = list[Interlocked.Increment(ref reused) % list.Length];
            return new UriBuilder(TestInfrastructure.RabbitMq) { Path = "/" + Uri.EscapeDataString(name) }.Uri.ToString();
        }

        await OneAtATime.WaitAsync();
        try
        {
            return await TestInfrastructure.CreateVirtualHostAsync(prefix).WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(
                "rabbitmqctl add_vhost did not finish within 90 s: the shared RabbitMQ is not creating vhosts (see its log).");
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}
