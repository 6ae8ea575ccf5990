using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Brokerage.Seed;

/// <summary>The four services' base URLs (defaults: what <c>./brokerage up</c> starts).</summary>
public sealed record ServiceUrls(Uri Members, Uri PooledFunds, Uri ProviderOffers, Uri Commissioning)
{
    public static ServiceUrls Local { get; } = new(
        new("http://127.0.0.1:5101/"), new("http://127.0.0.1:5102/"), new("http://127.0.0.1:5103/"), new("http://127.0.0.1:5104/"));

    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>
    {
        ["members"] = Members.ToString(),
        ["pooledFunds"] = PooledFunds.ToString(),
        ["providerOffers"] = ProviderOffers.ToString(),
        ["commissioning"] = Commissioning.ToString(),
    };
}

/// <summary>A step the services refused: the request line, the status and the service's problem+json (which never carries health data).</summary>
public sealed class SeedFailed(string message) : Exception(message);

/// <summary>Calls to the services' public HTTP APIs, each with the caller's own development token.</summary>
internal sealed class ServiceApi(HttpClient http, TimeSpan messageWait)
{
    public async Task<JsonElement> SendAsync(
        Uri service, HttpMethod method, string path, string token, object? body, HttpStatusCode expected, string? idempotencyKey = null)
    {
        var (status, json, text) = await TryAsync(service, method, path, token, body, idempotencyKey);
        return status == expected ? json : throw Failed(method, service, path, status, text);
    }

    /// <summary>
    /// Repeats the request while the service answers one of <paramref name="notYet"/>: it has not heard yet, through
    /// RabbitMQ, what another service did. Fails after the message wait with the last answer.
    /// </summary>
    public async Task<JsonElement> EventuallyAsync(
        Uri service, HttpMethod method, string path, string? token, object? body, HttpStatusCode expected, string waitingFor, params HttpStatusCode[] notYet)
    {
        var deadline = DateTime.UtcNow + messageWait;
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var (status, json, text) = await TryAsync(service, method, path, token, body, null);
            if (status == expected)
            {
                return json;
            }

            if (!notYet.Contains(status) || DateTime.UtcNow > deadline)
            {
                throw Failed(method, service, path, status, text, notYet.Contains(status) ? $" (waited {messageWait.TotalSeconds:0} s for {waitingFor})" : "");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }

    /// <summary>
    /// Waits until the service's <c>/health/ready</c> answers 200, also while it is not listening yet (a container that
    /// has just started); fails after the message wait with the last answer.
    /// </summary>
    public async Task WaitUntilReadyAsync(Uri service)
    {
        var deadline = DateTime.UtcNow + messageWait;
        while (true)
        {
            string last;
            try
            {
                var (status, _, text) = await TryAsync(service, HttpMethod.Get, "/health/ready", null, null);
                if (status == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"answered {(int)status}: {(text.Length > 300 ? text[..300] : text)}";
            }
            catch (SeedFailed notListening)
            {
                last = notListening.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new SeedFailed($"{new Uri(service, "/health/ready")} was not ready within {messageWait.TotalSeconds:0} s; last: {last}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    public async Task<(HttpStatusCode Status, JsonElement Json, string Text)> TryAsync(
        Uri service, HttpMethod method, string path, string? token, object? body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(service, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException error)
        {
            throw new SeedFailed($"{method} {new Uri(service, path)}: {error.Message} (is the service running? ./brokerage status)");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true
                ? JsonDocument.Parse(text).RootElement.Clone()
                : default;
            return (response.StatusCode, json, text);
        }
    }

    private static SeedFailed Failed(HttpMethod method, Uri service, string path, HttpStatusCode status, string text, string waited = "") =>
        new($"{method} {new Uri(service, path)} answered {(int)status}{waited}: {(text.Length > 600 ? text[..600] : text)}");
}
