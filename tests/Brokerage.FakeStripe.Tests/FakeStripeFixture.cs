using Brokerage.Testing;
using Stripe;

namespace Brokerage.FakeStripe.Tests;

/// <summary>One fake Stripe process for the whole assembly; each test makes its own platform account.</summary>
public sealed class FakeStripeFixture : IAsyncLifetime
{
    private FakeStripeProcess? fake;

    public FakeStripeProcess Fake => fake ?? throw new InvalidOperationException("The fake Stripe has not started.");

    public FakeStripeControl Control => Fake.Control;

    public async Task InitializeAsync() => fake = await FakeStripeProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (fake is not null)
        {
            await fake.DisposeAsync();
        }
    }

    /// <summary>A new platform account (a council's secret key) holding <paramref name="balance"/> pence.</summary>
    public async Task<string> NewAccountAsync(long balance, string? webhookUrl = null, string? webhookSecret = null)
    {
        var secretKey = $"sk_test_{Guid.NewGuid():N}";
        await Control.AddAccountAsync(secretKey, balance, webhookUrl, webhookSecret);
        return secretKey;
    }

    /// <summary>Stripe.net's own client against the fake, with its automatic retries off so each call is one request.</summary>
    public StripeClient Client(string secretKey, TimeSpan? timeout = null) =>
        new(secretKey, httpClient: new SystemNetHttpClient(new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(30) }, maxNetworkRetries: 0), apiBase: Fake.ApiBase);
}

[CollectionDefinition(Name)]
public sealed class FakeStripeCollection : ICollectionFixture<FakeStripeFixture>
{
    public const string Name = "fake stripe";
}
