using Brokerage.ServiceDefaults;

namespace Brokerage.PooledFunds.Api.Payments;

/// <summary>
/// <c>Payments</c> configuration: where Stripe's API is (our fake Stripe in Development and tests), each council's own
/// keys (<c>Payments:Councils:lambeth:SecretKey</c>, <c>…:WebhookSecret</c>), and the resilience settings.
/// </summary>
public sealed class PaymentOptions
{
    public string StripeApiBase { get; set; } = "https://api.stripe.com";

    public Dictionary<string, CouncilPaymentKeys> Councils { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long one request to the payment provider may take before it counts as unanswered.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a timeout, 429 or 5xx, each with the same idempotency key.</summary>
    public int Retries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>After this many unanswered requests in a row the circuit opens for <see cref="BreakDuration"/> (health: Degraded).</summary>
    public int BreakAfterFailures { get; set; } = 5;

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Development only (set in appsettings.Development.json): keys for a council that has none configured, made from
    /// its id (<c>sk_test_{council}</c>), so a walkthrough in a council of its own can open that council's account at the
    /// fake Stripe. Each council still pays from its own account.
    /// </summary>
    public CouncilPaymentKeys? DevelopmentKeyPattern { get; set; }

    /// <summary>The council's keys; null when it cannot pay (the broker is told why).</summary>
    public CouncilPaymentKeys? KeysOf(string councilId)
    {
        var council = CouncilIds.Normalise(councilId);
        if (Councils.TryGetValue(council, out var keys) && !string.IsNullOrWhiteSpace(keys.SecretKey))
        {
            return keys;
        }

        return DevelopmentKeyPattern is { SecretKey: { Length: > 0 } secret } pattern
            ? new CouncilPaymentKeys { SecretKey = secret.Replace("{council}", council, StringComparison.Ordinal), WebhookSecret = pattern.WebhookSecret?.Replace("{council}", council, StringComparison.Ordinal) }
            : null;
    }
}

public sealed class CouncilPaymentKeys
{
    public string? SecretKey { get; set; }

    public string? WebhookSecret { get; set; }
}
