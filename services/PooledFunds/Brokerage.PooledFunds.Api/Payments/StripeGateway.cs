using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Stripe;

namespace Brokerage.PooledFunds.Api.Payments;

/// <summary>
/// Stripe Connect transfers with Stripe.net, one client and one resilience pipeline per council (each council pays
/// from its own Stripe account). Polly retries what Stripe did not answer (timeouts, 429, 5xx) with the same
/// idempotency key, so a retry never moves money twice; Stripe.net's own retries are off so that ours are the only ones.
/// </summary>
public sealed partial class StripeGateway(IOptions<PaymentOptions> configured, IHttpClientFactory http, ILogger<StripeGateway> logger) : IPaymentGateway
{
    private readonly ConcurrentDictionary<string, Council> councils = new(StringComparer.Ordinal);

    private PaymentOptions Options => configured.Value;

    /// <summary>The councils whose circuit is open now: their payments wait until Stripe answers again.</summary>
    public IReadOnlyList<string> OpenCircuits =>
        councils.Where(c => c.Value.Circuit.CircuitState is CircuitState.Open or CircuitState.Isolated).Select(c => c.Key).Order().ToList();

    public async Task<TransferOutcome> TransferAsync(TransferRequest request, CancellationToken ct)
    {
        if (Options.KeysOf(request.CouncilId) is not { } keys)
        {
            return new TransferOutcome.Refused($"Council {request.CouncilId} has no payment-provider keys configured, so it cannot pay yet.");
        }

        var council = councils.GetOrAdd(request.CouncilId, _ => Create(keys.SecretKey!));
        var create = new TransferCreateOptions
        {
            Amount = request.Amount,
            Currency = request.Currency.ToLowerInvariant(),
            Destination = request.DestinationAccount,
            Description = request.Description,
            Metadata = request.Metadata.ToDictionary(m => m.Key, m => m.Value),
        };
        try
        {
            return await council.Pipeline.ExecuteAsync(async token =>
            {
                var transfer = await council.Transfers.CreateAsync(create, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, token);
                return (TransferOutcome)new TransferOutcome.Transferred(transfer.Id, new DateTimeOffset(DateTime.SpecifyKind(transfer.Created, DateTimeKind.Utc)));
            }, ct);
        }
        catch (StripeException e) when (!IsUnanswered(e))
        {
            // Stripe answered and refused: nothing moved. Its message is for the broker (no personal data in it).
            return new TransferOutcome.Refused(e.StripeError?.Message ?? e.Message);
        }
        catch (BrokenCircuitException)
        {
            return new TransferOutcome.Unknown("The payment provider has not been answering, so payments wait (the circuit is open); try again shortly.");
        }
        catch (Exception e) when (e is StripeException or HttpRequestException or TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            LogUnanswered(logger, request.CouncilId, e.GetType().Name);
            return new TransferOutcome.Unknown($"The payment provider did not answer ({Describe(e)}); trying again sends the same request, which cannot pay twice.");
        }
    }

    private Council Create(string secretKey)
    {
        var options = Options;
        var client = new StripeClient(new StripeClientOptions
        {
            ApiKey = secretKey,
            ApiBase = options.StripeApiBase,
            HttpClient = new SystemNetHttpClient(http.CreateClient(nameof(StripeGateway)), maxNetworkRetries: 0, appInfo: null, enableTelemetry: false),
        });
        var circuit = new CircuitBreakerStateProvider();
        var unanswered = new PredicateBuilder<TransferOutcome>()
            .Handle<StripeException>(IsUnanswered).Handle<HttpRequestException>().Handle<TimeoutRejectedException>();
        var pipeline = new ResiliencePipelineBuilder<TransferOutcome>()
            .AddRetry(new RetryStrategyOptions<TransferOutcome>
            {
                ShouldHandle = unanswered,
                MaxRetryAttempts = options.Retries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<TransferOutcome>
            {
                ShouldHandle = unanswered,
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, options.BreakAfterFailures),
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = options.BreakDuration,
                StateProvider = circuit,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
        return new Council(new TransferService(client), pipeline, circuit);
    }

    /// <summary>No answer to rely on: a 429 or 5xx, or a request still running under the same key (409).</summary>
    private static bool IsUnanswered(StripeException e) =>
        e.HttpStatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict || (int)e.HttpStatusCode >= 500 || e.HttpStatusCode == 0;

    private static string Describe(Exception e) => e switch
    {
        StripeException s => $"HTTP {(int)s.HttpStatusCode}",
        TimeoutRejectedException => "timed out",
        _ => "no connection",
    };

    private sealed record Council(TransferService Transfers, ResiliencePipeline<TransferOutcome> Pipeline, CircuitBreakerStateProvider Circuit);

    [LoggerMessage(LogLevel.Warning, "The payment provider did not answer a transfer for council {CouncilId} ({Error}) after every retry")]
    private static partial void LogUnanswered(ILogger logger, string councilId, string error);
}

/// <summary>Degraded while the payment provider's circuit is open for any council: payments wait, everything else works.</summary>
public sealed class PaymentProviderHealthCheck(StripeGateway gateway) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gateway.OpenCircuits is { Count: > 0 } open
            ? HealthCheckResult.Degraded($"The payment provider is not answering for {string.Join(", ", open)}: payments wait.")
            : HealthCheckResult.Healthy("The payment provider answers."));
}
