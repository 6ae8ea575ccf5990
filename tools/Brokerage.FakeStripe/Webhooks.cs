using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Brokerage.FakeStripe;

/// <summary>
/// Events, and their delivery as Stripe delivers them: the event JSON POSTed to the platform account's webhook
/// endpoint with <c>Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")</c>, signed afresh for each attempt,
/// retried with doubling waits while the endpoint answers other than 2xx.
/// </summary>
public sealed class Webhooks(
    PlatformAccounts accounts, IHttpClientFactory httpClients, IOptions<FakeStripeOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<Webhooks> logger)
{
    public const string HttpClientName = "webhooks";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly ConcurrentDictionary<string, StripeEvent> byId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<StripeEvent> inOrder = new();

    public IEnumerable<StripeEvent> All => inOrder;

    public StripeEvent? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>Records an event about <paramref name="data"/> (rendered now) and starts delivering it.</summary>
    public StripeEvent Publish(PlatformAccount account, string type, JsonObject data, JsonObject? previousAttributes = null)
    {
        var created = clock.GetUtcNow().ToUnixTimeSeconds();
        var id = Ids.New("evt");
        var eventData = new JsonObject { ["object"] = data };
        if (previousAttributes is not null)
        {
            eventData["previous_attributes"] = previousAttributes;
        }

        var payload = new JsonObject
        {
            ["id"] = id,
            ["object"] = "event",
            // The version Stripe.net 53.1.0 is pinned to: EventUtility.ConstructEvent refuses events of any other.
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = created,
            ["data"] = eventData,
            ["livemode"] = false,
            ["pending_webhooks"] = account.WebhookUrl is null ? 0 : 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        };
        var stripeEvent = new StripeEvent(id, account.SecretKey, type, created, payload.ToJsonString(Indented));
        byId[id] = stripeEvent;
        inOrder.Enqueue(stripeEvent);
        Deliver(stripeEvent);
        return stripeEvent;
    }

    /// <summary>Delivers the event (again), in the background, to the account's endpoint as it is now.</summary>
    public void Deliver(StripeEvent stripeEvent) => _ = Task.Run(() => DeliverAsync(stripeEvent, lifetime.ApplicationStopping));

    public static string Signature(string secret, long timestamp, string payload)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    private async Task DeliverAsync(StripeEvent stripeEvent, CancellationToken stopping)
    {
        var settings = options.Value;
        var wait = TimeSpan.FromMilliseconds(settings.WebhookFirstBackoffMs);
        for (var attempt = 1; attempt <= settings.WebhookAttempts && !stopping.IsCancellationRequested; attempt++)
        {
            if (accounts.Find(stripeEvent.AccountKey) is not { } account)
            {
                return;
            }

            string? url;
            string secret;
            lock (account.Gate)
            {
                (url, secret) = (account.WebhookUrl, account.WebhookSecret);
            }

            if (url is null)
            {
                return;
            }

            using var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(stripeEvent.Payload, Encoding.UTF8, "application/json") };
            post.Headers.TryAddWithoutValidation("Stripe-Signature", Signature(secret, clock.GetUtcNow().ToUnixTimeSeconds(), stripeEvent.Payload));
            post.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
            try
            {
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(post, stopping);
                stripeEvent.Record(new Delivery(attempt, clock.GetUtcNow(), url, (int)response.StatusCode, null));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                stripeEvent.Record(new Delivery(attempt, clock.GetUtcNow(), url, null, e.Message));
            }

            logger.LogWarning("Webhook {EventId} ({Type}) to {Url}: attempt {Attempt} of {Attempts} failed", stripeEvent.Id, stripeEvent.Type, url, attempt, settings.WebhookAttempts);
            if (attempt < settings.WebhookAttempts)
            {
                await Task.Delay(wait, stopping);
                wait *= 2;
            }
        }
    }
}

/// <summary>An event and every delivery of it so far.</summary>
public sealed class StripeEvent(string id, string accountKey, string type, long created, string payload)
{
    private readonly List<Delivery> deliveries = [];

    public string Id { get; } = id;

    public string AccountKey { get; } = accountKey;

    public string Type { get; } = type;

    public long Created { get; } = created;

    /// <summary>The JSON sent, the same bytes on every delivery.</summary>
    public string Payload { get; } = payload;

    public IReadOnlyList<Delivery> Deliveries
    {
        get
        {
            lock (deliveries)
            {
                return [.. deliveries];
            }
        }
    }

    public void Record(Delivery delivery)
    {
        lock (deliveries)
        {
            deliveries.Add(delivery);
        }
    }
}

/// <summary>One attempt: the endpoint's status, or why nothing answered.</summary>
public sealed record Delivery(int Attempt, DateTimeOffset At, string Url, int? Status, string? Error);
