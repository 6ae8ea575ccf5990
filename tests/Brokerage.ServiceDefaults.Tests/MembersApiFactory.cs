using System.Net.Http.Headers;
using Brokerage.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Brokerage.ServiceDefaults.Tests;

/// <summary>The real Members API (Development environment) on a fresh database of its own.</summary>
public sealed class MembersApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public string RabbitMq { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestInfrastructure.CreateDatabaseAsync("sd_members");
        RabbitMq = await TestInfrastructure.CreateVirtualHostAsync("sd-members");
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseEnvironment("Development")
            .UseSetting("ConnectionStrings:EventStore", ConnectionString)
            .UseSetting("ConnectionStrings:RabbitMq", RabbitMq)
            .UseSetting("Logging:Console:LogLevel:Default", "Warning"); // keeps test output readable

    /// <summary>A client that sends <paramref name="token"/> as its bearer token.</summary>
    public HttpClient ClientWith(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The Members API in another environment, with extra settings (e.g. Auth:SigningKey).</summary>
    public WebApplicationFactory<Program> In(string environment, params (string Key, string Value)[] settings) =>
        WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
}
