using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// The correlation id of the work in hand (scoped: one per request, or per consumed message once messaging sets it).
/// Messaging copies it into message headers so one id follows a request across services.
/// </summary>
public interface ICorrelationContext
{
    /// <summary>The <c>X-Correlation-Id</c> header name, used on HTTP requests, responses and message headers.</summary>
    const string HeaderName = "X-Correlation-Id";

    string CorrelationId { get; }

    /// <summary>Adopts <paramref name="correlationId"/> (from an incoming request or message).</summary>
    void Set(string correlationId);
}

internal sealed class CorrelationContext : ICorrelationContext
{
    private string? correlationId;

    public string CorrelationId => correlationId ??= NewId();

    public void Set(string correlationId) => this.correlationId = correlationId;

    internal static string NewId() => Guid.NewGuid().ToString("N");
}

/// <summary>
/// Reads <c>X-Correlation-Id</c> (or makes one), keeps it in <see cref="ICorrelationContext"/> and a
/// <c>CorrelationId</c> logging scope property for the whole request, and returns it on the response.
/// </summary>
internal sealed partial class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http, ICorrelationContext correlation)
    {
        // A caller's id is adopted only when it looks like an id, so a header cannot smuggle text into every log line.
        var incoming = http.Request.Headers[ICorrelationContext.HeaderName].ToString();
        correlation.Set(SafeId().IsMatch(incoming) ? incoming : CorrelationContext.NewId());
        var id = correlation.CorrelationId;

        http.Response.OnStarting(() =>
        {
            http.Response.Headers[ICorrelationContext.HeaderName] = id;
            return Task.CompletedTask;
        });
        Activity.Current?.SetTag("brokerage.correlation_id", id);

        using (logger.BeginScope("CorrelationId:{CorrelationId}", id))
        {
            await next(http);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
    private static partial Regex SafeId();
}
