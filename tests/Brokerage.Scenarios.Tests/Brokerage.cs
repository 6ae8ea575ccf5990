using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;

namespace Brokerage.Scenarios.Tests;

/// <summary>
/// The four services as OS processes, each on its own database, all on one fresh RabbitMQ vhost: the product as
/// <c>./brokerage up</c> runs it. Started once for the scenarios that share it.
/// </summary>
public sealed class Brokerage : IAsyncLifetime
{
    public const string Council = "lambeth";

    public ServiceProcess Members { get; private set; } = null!;

    public ServiceProcess PooledFunds { get; private set; } = null!;

    public ServiceProcess ProviderOffers { get; private set; } = null!;

    public ServiceProcess Commissioning { get; private set; } = null!;

    public string RabbitMq { get; private set; } = "";

    /// <summary>The council's payment provider: our fake Stripe, a process too; its webhooks go to PooledFunds.</summary>
    public FakeStripeProcess Stripe { get; private set; } = null!;

    public const string StripeSecretKey = "sk_test_scenario_lambeth", StripeWebhookSecret = "whsec_scenario_lambeth";

    public async Task InitializeAsync()
    {
        RabbitMq = await TestInfrastructure.CreateVirtualHostAsync("scenario");
        Stripe = await FakeStripeProcess.StartAsync();
        await Stripe.Control.AddAccountAsync(StripeSecretKey, 100_000_000, webhookSecret: StripeWebhookSecret);
        var started = await Task.WhenAll(
            ServiceProcess.StartAsync("Members", RabbitMq),
            ServiceProcess.StartAsync("PooledFunds", RabbitMq,
                ("Payments__StripeApiBase", Stripe.ApiBase),
                ("Payments__Councils__lambeth__SecretKey", StripeSecretKey),
                ("Payments__Councils__lambeth__WebhookSecret", StripeWebhookSecret),
                ("Payments__AttemptTimeout", "00:00:02"),
                ("Payments__RetryDelay", "00:00:00.100")),
            ServiceProcess.StartAsync("ProviderOffers", RabbitMq),
            ServiceProcess.StartAsync("Commissioning", RabbitMq));
        (Members, PooledFunds, ProviderOffers, Commissioning) = (started[0], started[1], started[2], started[3]);
        await Stripe.Control.AddAccountAsync(StripeSecretKey, 100_000_000, new Uri(PooledFunds.BaseAddress, "webhooks/stripe/lambeth").ToString(), StripeWebhookSecret);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in new[] { Members, PooledFunds, ProviderOffers, Commissioning })
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }

        if (Stripe is not null)
        {
            await Stripe.DisposeAsync();
        }
    }

    public static string BrokerToken(string council = Council) => DevelopmentTokens.Issue(Roles.Broker, "broker-" + council, council, name: "Broker");

    public static string MemberToken(Guid memberId, string council = Council) => DevelopmentTokens.Issue(Roles.Member, memberId.ToString(), council);

    public static string ProviderToken(Guid providerId, string council = Council) => DevelopmentTokens.Issue(Roles.Provider, providerId.ToString(), council);

    public static string RepresentativeToken(Guid representativeId, Guid memberId, string council = Council) =>
        DevelopmentTokens.Issue(Roles.Representative, representativeId.ToString(), council, actsFor: [memberId.ToString()]);
}

[CollectionDefinition(Name)]
public sealed class BrokerageCollection : ICollectionFixture<Brokerage>
{
    public const string Name = "brokerage";
}

public static class Http
{
    /// <summary>Sends and asserts the status, with the body in the failure message.</summary>
    public static async Task<JsonElement> ExpectAsync(this Task<HttpResponseMessage> sending, HttpStatusCode status)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)status}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PostEmpty(this HttpClient client, string url) => client.PostAsync(url, null);

    /// <summary>Repeats <paramref name="attempt"/> until it returns a value or the deadline passes (messages are on their way).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt, TimeSpan within, string what)
        where T : struct
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await attempt() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {within.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(50);
        }
    }
}
