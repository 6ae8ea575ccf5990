namespace Brokerage.FakeStripe;

/// <summary>The <c>FakeStripe</c> configuration section: platform accounts that exist from the start, and webhook delivery.</summary>
public sealed class FakeStripeOptions
{
    public const string Section = "FakeStripe";

    public List<AccountSettings> Accounts { get; init; } = [];

    /// <summary>Deliveries of one event before giving up (Stripe retries for days; tests need a bound).</summary>
    public int WebhookAttempts { get; init; } = 5;

    /// <summary>Wait before the second delivery; it doubles for each later one.</summary>
    public int WebhookFirstBackoffMs { get; init; } = 200;
}

/// <summary>A platform account: one council's Stripe secret key, its GBP balance in pence and its webhook endpoint.</summary>
public sealed class AccountSettings
{
    public string SecretKey { get; init; } = "";

    public long Balance { get; init; }

    public string? WebhookUrl { get; init; }

    public string? WebhookSecret { get; init; }
}
