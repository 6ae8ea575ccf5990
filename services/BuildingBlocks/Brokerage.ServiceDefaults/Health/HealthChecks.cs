using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Health endpoints: <c>/health/live</c> runs only checks tagged <see cref="Live"/> (the process answers; no
/// dependencies), <c>/health/ready</c> runs every check tagged <see cref="Ready"/> (PostgreSQL here; the messaging
/// library adds the broker). Add a readiness check with
/// <code>builder.Services.AddHealthChecks().AddReadyCheck&lt;RabbitMqHealthCheck&gt;("rabbitmq");</code>
/// or, equally, <c>.AddCheck&lt;T&gt;(name, tags: [HealthTags.Ready])</c>.
/// </summary>
public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}

public static class HealthChecksBuilderExtensions
{
    /// <summary>Adds a check that <c>/health/ready</c> runs; it fails readiness (503) when unhealthy.</summary>
    public static IHealthChecksBuilder AddReadyCheck<T>(this IHealthChecksBuilder builder, string name, TimeSpan? timeout = null)
        where T : class, IHealthCheck =>
        builder.AddCheck<T>(name, HealthStatus.Unhealthy, [HealthTags.Ready], timeout ?? TimeSpan.FromSeconds(5));
}

/// <summary>Writes a health report as JSON: overall status and, per check, its status and description.</summary>
internal static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
                durationMs = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                tags = entry.Value.Tags,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Json), http.RequestAborted);
    }
}
