using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Brokerage.Testing;

/// <summary>
/// The fake Stripe's control API (<c>/_fake/…</c>, not Stripe's): platform accounts, balances, faults, transfers,
/// reversals and webhook events. Works against any running fake, e.g. the demo's on http://127.0.0.1:5199/.
/// </summary>
public sealed class FakeStripeControl(Uri baseUrl) : IDisposable
{
    private static readonly JsonSerializerOptions StripeJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Creates the platform account, or updates it (a webhook URL or secret left null keeps the one it has).</summary>
    public async Task<FakeStripeAccount> AddAccountAsync(string secretKey, long balance, string? webhookUrl = null, string? webhookSecret = null) =>
        await ReadAsync<FakeStripeAccount>(await http.PostAsJsonAsync("_fake/accounts", new { secretKey, balance, webhookUrl, webhookSecret }));

    public async Task<FakeStripeAccount> SetBalanceAsync(string secretKey, long balance) =>
        await ReadAsync<FakeStripeAccount>(await http.PutAsJsonAsync($"_fake/accounts/{Uri.EscapeDataString(secretKey)}/balance", new { balance }));

    public async Task<IReadOnlyList<FakeStripeAccount>> AccountsAsync() =>
        await ReadAsync<List<FakeStripeAccount>>(await http.GetAsync("_fake/accounts"));

    /// <summary>Queues faults for the next Stripe API calls of the account with <paramref name="secretKey"/>, or of any account when null.</summary>
    public async Task InjectFaultsAsync(string? secretKey, params FakeStripeFault[] faults) =>
        await ReadAsync<JsonElement>(await http.PostAsJsonAsync("_fake/faults", new { account = secretKey, faults }));

    public async Task ClearFaultsAsync() => (await http.DeleteAsync("_fake/faults")).EnsureSuccessStatusCode();

    /// <summary>Every transfer (of one account when <paramref name="secretKey"/> is given), oldest first, with its idempotency key and parameters.</summary>
    public async Task<IReadOnlyList<FakeStripeTransfer>> TransfersAsync(string? secretKey = null) =>
        await ReadAsync<List<FakeStripeTransfer>>(await http.GetAsync(secretKey is null ? "_fake/transfers" : $"_fake/transfers?account={Uri.EscapeDataString(secretKey)}"));

    /// <summary>Reverses <paramref name="amount"/> pence of a transfer (what is left when null), as its platform would; sends <c>transfer.reversed</c>.</summary>
    public async Task<FakeStripeReversal> ReverseAsync(string transferId, long? amount = null) =>
        await ReadAsync<FakeStripeReversal>(await http.PostAsJsonAsync($"_fake/transfers/{Uri.EscapeDataString(transferId)}/reversals", new { amount }), StripeJson);

    public async Task<IReadOnlyList<FakeStripeEvent>> EventsAsync(string? secretKey = null) =>
        await ReadAsync<List<FakeStripeEvent>>(await http.GetAsync(secretKey is null ? "_fake/events" : $"_fake/events?account={Uri.EscapeDataString(secretKey)}"));

    /// <summary>Delivers an event again (the same payload, signed afresh) to its account's webhook endpoint as it is now.</summary>
    public async Task ResendEventAsync(string eventId)
    {
        using var response = await http.PostAsync($"_fake/events/{Uri.EscapeDataString(eventId)}/resend", null);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Resending {eventId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => http.Dispose();

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonSerializerOptions? options = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
            }

            return JsonSerializer.Deserialize<T>(body, options ?? JsonSerializerOptions.Web)!;
        }
    }
}

public sealed record FakeStripeAccount(string SecretKey, long Balance, string? WebhookUrl, string WebhookSecret, int Transfers, IReadOnlyList<string> ExecutingIdempotencyKeys);

/// <summary>
/// An injected fault. <c>before</c>: waits <see cref="DelayMs"/>, then answers <see cref="Status"/> without doing
/// anything (or carries on when there is no status). <c>after</c>: the call takes effect, then the wait, then
/// <see cref="Status"/> instead of the real answer: the answer is lost after the effect.
/// </summary>
public sealed record FakeStripeFault(int? Status, int DelayMs, string When)
{
    public static FakeStripeFault Before(int status) => new(status, 0, "before");

    public static FakeStripeFault After(int status) => new(status, 0, "after");

    /// <summary>Holds the call (and its idempotency key) before it executes; it then carries on, or answers <paramref name="status"/>.</summary>
    public static FakeStripeFault DelayBefore(TimeSpan delay, int? status = null) => new(status, (int)delay.TotalMilliseconds, "before");

    /// <summary>The call takes effect at once; its answer comes after <paramref name="delay"/> (a client timeout, when longer than the client waits).</summary>
    public static FakeStripeFault DelayAfter(TimeSpan delay, int? status = null) => new(status, (int)delay.TotalMilliseconds, "after");
}

public sealed record FakeStripeTransfer(
    string Id, string Account, string? IdempotencyKey, IReadOnlyDictionary<string, string> Parameters, long Amount, long AmountReversed, bool Reversed,
    string Currency, string Destination, string? Description, string? TransferGroup, IReadOnlyDictionary<string, string> Metadata, long Created);

/// <summary>Stripe's transfer_reversal object, as far as tests read it.</summary>
public sealed record FakeStripeReversal(string Id, string Object, long Amount, string Currency, string Transfer);

public sealed record FakeStripeEvent(string Id, string Account, string Type, long Created, bool Delivered, IReadOnlyList<FakeStripeDelivery> Deliveries, string Payload);

public sealed record FakeStripeDelivery(int Attempt, DateTimeOffset At, string Url, int? Status, string? Error);
