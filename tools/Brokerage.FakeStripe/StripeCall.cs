using System.Text.Json;

namespace Brokerage.FakeStripe;

/// <summary>What an endpoint of Stripe's API is given: the calling platform account and its parameters.</summary>
public sealed record StripeCallContext(PlatformAccount Account, StripeRequest Request, string? IdempotencyKey, string RequestId);

/// <summary>
/// One call to Stripe's API, handled as Stripe does: the secret key names the platform account (401 otherwise);
/// a POST's <c>Idempotency-Key</c> is claimed, replayed or refused; the endpoint runs under the account's lock; the
/// answer is saved under the key when the endpoint started executing. Injected faults wrap all of it.
/// </summary>
public sealed class StripeCall(PlatformAccounts accounts, Faults faults, IHostApplicationLifetime lifetime, ILogger<StripeCall> logger)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task RunAsync(HttpContext http, Func<StripeCallContext, StripeResult> endpoint)
    {
        var requestId = Ids.New("req");
        http.Response.Headers["Request-Id"] = requestId;
        var secretKey = ApiKeys.From(http.Request);
        if (secretKey is null || accounts.Find(secretKey) is not { } account)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Stripe\"";
            await WriteAsync(http, Render(StripeErrors.InvalidApiKey(secretKey), requestId));
            return;
        }

        var request = await StripeRequest.ReadAsync(http.Request);
        var idempotencyKey = HttpMethods.IsPost(request.Method) && http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : null;
        var fault = faults.Take(account.SecretKey);
        var claim = idempotencyKey is null ? IdempotencyClaim.None : account.IdempotencyKeys.Claim(idempotencyKey, request.Fingerprint);
        var claimed = claim as IdempotencyClaim.Claimed;
        try
        {
            if (fault is { When: FaultWhen.Before })
            {
                await DelayAsync(fault);
                if (fault.Status is { } status)
                {
                    logger.LogInformation("{Method} {Path} by {Account}: injected {Status} {When}", request.Method, request.Path, ApiKeys.Mask(account.SecretKey), status, fault.When);
                    await WriteAsync(http, Render(StripeErrors.Injected(status), requestId));
                    return;
                }
            }

            var response = claim switch
            {
                IdempotencyClaim.Replay replay => replay.Response,
                IdempotencyClaim.Refused refused => Render(refused.Error, requestId),
                _ => Execute(new StripeCallContext(account, request, idempotencyKey, requestId), endpoint),
            };
            if (claim is IdempotencyClaim.Replay)
            {
                http.Response.Headers["Idempotent-Replayed"] = "true";
                http.Response.Headers["Original-Request"] = response.RequestId;
            }

            if (fault is { When: FaultWhen.After })
            {
                await DelayAsync(fault);
                if (fault.Status is { } status)
                {
                    logger.LogInformation("{Method} {Path} by {Account}: injected {Status} {When}", request.Method, request.Path, ApiKeys.Mask(account.SecretKey), status, fault.When);
                    await WriteAsync(http, Render(StripeErrors.Injected(status), requestId));
                    return;
                }
            }

            await WriteAsync(http, response);
            logger.LogInformation(
                "{Method} {Path} by {Account} (Idempotency-Key {IdempotencyKey}): {Status}{Replayed}",
                request.Method, request.Path, ApiKeys.Mask(account.SecretKey), idempotencyKey ?? "none", response.Status, claim is IdempotencyClaim.Replay ? ", replayed" : "");
        }
        finally
        {
            // Saved by Execute when the endpoint ran; otherwise (validation error, injected error first) the key is free again.
            if (claimed is not null)
            {
                account.IdempotencyKeys.Release(claimed.Key);
            }
        }
    }

    private static SavedResponse Execute(StripeCallContext call, Func<StripeCallContext, StripeResult> endpoint)
    {
        StripeResult result;
        lock (call.Account.Gate)
        {
            result = endpoint(call);
        }

        var response = Render(result, call.RequestId);
        if (call.IdempotencyKey is not null && result.Executed)
        {
            call.Account.IdempotencyKeys.Save(call.IdempotencyKey, response);
        }

        return response;
    }

    public static SavedResponse Render(StripeResult result, string requestId) => new(result.Status, result.Body.ToJsonString(Indented), requestId);

    public static async Task WriteAsync(HttpContext http, SavedResponse response)
    {
        http.Response.StatusCode = response.Status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(response.Body);
    }

    // Not cancelled by the client giving up: as at Stripe, a request that arrived carries on.
    private Task DelayAsync(Fault fault) => fault.DelayMs > 0 ? Task.Delay(fault.DelayMs, lifetime.ApplicationStopping) : Task.CompletedTask;
}
