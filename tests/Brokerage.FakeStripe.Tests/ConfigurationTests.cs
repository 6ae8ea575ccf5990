using Brokerage.Testing;
using Stripe;
using File = System.IO.File;

namespace Brokerage.FakeStripe.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task GivenConfigFile_WhenFakeStarts_ThenItsPlatformAccountsExist()
    {
        var file = Path.Combine(Path.GetTempPath(), $"fake-stripe-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            { "FakeStripe": { "Accounts": [
              { "SecretKey": "sk_test_configured", "Balance": 123456, "WebhookUrl": "http://127.0.0.1:9/hook", "WebhookSecret": "whsec_configured" }
            ] } }
            """);
        try
        {
            await using var fake = await FakeStripeProcess.StartAsync(configFile: file);
            var client = new StripeClient("sk_test_configured", httpClient: new SystemNetHttpClient(maxNetworkRetries: 0), apiBase: fake.ApiBase);

            var balance = await new BalanceService(client).GetAsync();
            var account = Assert.Single(await fake.Control.AccountsAsync());

            Assert.Equal(123_456, balance.Available[0].Amount);
            Assert.Equal("whsec_configured", account.WebhookSecret);
            Assert.Equal("http://127.0.0.1:9/hook", account.WebhookUrl);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void DemoSettings_HoldTheLambethPlatformAccount()
    {
        var settings = Path.Combine(TestInfrastructure.Root, "tools", "Brokerage.FakeStripe", "appsettings.Development.json");
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(settings)).RootElement.GetProperty("FakeStripe").GetProperty("Accounts")[0];

        Assert.Equal("sk_test_lambeth_demo", json.GetProperty("SecretKey").GetString());
        Assert.Equal(100_000_000, json.GetProperty("Balance").GetInt64());
        Assert.Equal("http://127.0.0.1:5102/webhooks/stripe/lambeth", json.GetProperty("WebhookUrl").GetString());
        Assert.Equal("whsec_lambeth_demo", json.GetProperty("WebhookSecret").GetString());
    }
}
