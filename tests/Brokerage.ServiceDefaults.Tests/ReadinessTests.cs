using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Brokerage.ServiceDefaults.Tests;

public sealed class ReadinessTests
{
    [Fact]
    public async Task GivenUnreachableDatabase_WhenAskingIfReady_ThenUnavailableWithPostgresUnhealthy()
    {
        await using var probe = await ProbeHost.StartAsync(eventStore: "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2");

        var ready = await probe.Client.GetAsync("/health/ready");
        var live = await probe.Client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>();
        var postgres = Assert.Single(report.GetProperty("checks").EnumerateArray());
        Assert.Equal(("postgres", "Unhealthy", "PostgreSQL does not answer."), (postgres.GetProperty("name").GetString(), postgres.GetProperty("status").GetString(), postgres.GetProperty("description").GetString()));
        Assert.DoesNotContain("Username", report.GetRawText());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
