using System.Text.Json.Nodes;

namespace Brokerage.FakeStripe;

/// <summary>
/// What an endpoint answers. <see cref="Executed"/> says whether the endpoint started executing: only such results are
/// saved under an idempotency key (Stripe saves no result for a request whose parameters failed validation).
/// </summary>
public sealed record StripeResult(int Status, JsonObject Body, bool Executed)
{
    public static StripeResult Ok(JsonObject body) => new(StatusCodes.Status200OK, body, Executed: true);
}

/// <summary>Stripe's error objects: <c>{"error":{"type","code","message","param"}}</c>.</summary>
public static class StripeErrors
{
    public const string InsufficientFundsMessage =
        "You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance";

    /// <summary>A request the endpoint refused before doing anything: not saved under its idempotency key.</summary>
    public static StripeResult InvalidRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, Error("invalid_request_error", message, code, param), Executed: false);

    public static StripeResult MissingParameter(string param) => InvalidRequest($"Missing required param: {param}.", param, "parameter_missing");

    public static StripeResult UnknownParameter(string param) => InvalidRequest($"Received unknown parameter: {param}", param, "parameter_unknown");

    public static StripeResult NoSuchTransfer(string id) =>
        new(StatusCodes.Status404NotFound, Error("invalid_request_error", $"No such transfer: '{id}'", "resource_missing", "id"), Executed: false);

    /// <summary>A decision of the endpoint, so it is saved and replayed like a success.</summary>
    public static StripeResult BalanceInsufficient() =>
        new(StatusCodes.Status400BadRequest, Error("invalid_request_error", InsufficientFundsMessage, "balance_insufficient", null), Executed: true);

    public static StripeResult InvalidApiKey(string? key) => new(
        StatusCodes.Status401Unauthorized,
        Error("invalid_request_error", key is null
            ? "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
            : $"Invalid API Key provided: {ApiKeys.Mask(key)}", null, null),
        Executed: false);

    public static StripeResult IdempotencyMismatch() => new(
        StatusCodes.Status400BadRequest,
        Error("idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than the one used in the original request.", null, null),
        Executed: false);

    public static StripeResult IdempotencyInProgress() => new(
        StatusCodes.Status409Conflict,
        Error("idempotency_error", "There is currently another in-progress request using this Stripe-Idempotency-Key (that probably means you submitted twice, and the other request is still going through). Please try again later.", null, null),
        Executed: false);

    /// <summary>The error an injected fault answers with: what Stripe answers with that status.</summary>
    public static StripeResult Injected(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => new(status, Error("invalid_request_error", "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits. (injected by the fake Stripe)", "rate_limit", null), false),
        StatusCodes.Status409Conflict => new(status, Error("invalid_request_error", "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. (injected by the fake Stripe)", "lock_timeout", null), false),
        >= 500 => new(status, Error("api_error", "An unknown error occurred (injected by the fake Stripe).", null, null), false),
        _ => new(status, Error("invalid_request_error", $"HTTP {status} injected by the fake Stripe.", null, null), false),
    };

    public static StripeResult UnrecognizedUrl(string method, string path) =>
        new(StatusCodes.Status404NotFound, Error("invalid_request_error", $"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", null, null), false);

    private static JsonObject Error(string type, string message, string? code, string? param)
    {
        var error = new JsonObject { ["type"] = type };
        if (code is not null)
        {
            error["code"] = code;
        }

        error["message"] = message;
        if (param is not null)
        {
            error["param"] = param;
        }

        return new JsonObject { ["error"] = error };
    }
}
