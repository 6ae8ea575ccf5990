using System.Net;
using System.Text.Json;
using Brokerage.Testing;

namespace Brokerage.FakeStripe.Tests;

/// <summary>A webhook endpoint on 127.0.0.1 that keeps what arrives; it can answer 500 to the next deliveries.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly List<ReceivedWebhook> received = [];
    private int failuresLeft;

    private WebhookReceiver(int port)
    {
        Url = $"http://127.0.0.1:{port}/webhooks/stripe/test";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public static WebhookReceiver Start() => new(FreePort.Below32768());

    public void FailNext(int deliveries) => Interlocked.Exchange(ref failuresLeft, deliveries);

    /// <summary>Waits until <paramref name="count"/> deliveries match, and returns them in order of arrival.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<ReceivedWebhook, bool> match, int count = 1)
    {
        IReadOnlyList<ReceivedWebhook> found = [];
        await Eventually.HoldsAsync(() =>
        {
            lock (received)
            {
                found = received.Where(match).ToList();
            }

            return Task.FromResult(found.Count >= count);
        }, $"{count} webhook deliveries", TimeSpan.FromSeconds(20));
        return found;
    }

    public void Dispose() => listener.Close();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var payload = await reader.ReadToEndAsync();
            var status = Interlocked.Decrement(ref failuresLeft) >= 0 ? 500 : 200;
            lock (received)
            {
                received.Add(new ReceivedWebhook(payload, context.Request.Headers["Stripe-Signature"] ?? "", status));
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }
}

/// <summary>One delivery: the raw body, its Stripe-Signature header, and what the endpoint answered.</summary>
public sealed record ReceivedWebhook(string Payload, string Signature, int AnsweredWith)
{
    public string EventId => Field("id");

    public string Type => Field("type");

    private string Field(string name) => JsonDocument.Parse(Payload).RootElement.GetProperty(name).GetString()!;
}
