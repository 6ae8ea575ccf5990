using System.Text.Json.Serialization;
using Brokerage.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// In Microsoft.Extensions.Hosting, as in eShop, so a service's Program.cs needs no using for it.
namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Brokerage service shares. <c>builder.AddServiceDefaults()</c> registers it; <c>app.MapDefaultEndpoints()</c>
/// puts the middleware in order and maps the health, OpenAPI and (in Development) token endpoints.
/// </summary>
/// <remarks>
/// Logging hygiene: health-related data (needs, support-plan outcomes, funding-stream decisions about a person's
/// health) is special-category data and is never logged, put in a message header or in an error text. Request and
/// response bodies are never logged (no HTTP body logging is registered; do not add it), bad-request exception
/// messages (which can quote the offending value) are neither logged nor returned, and exception messages of
/// domain errors must not carry such data either. See docs/operations.md.
/// </remarks>
public static class Extensions
{
    /// <summary>The largest request body a service accepts (1 MB); larger ones get 413 problem+json.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    private static readonly HttpMethodMetadata HealthMethods = new([HttpMethods.Get, HttpMethods.Head]);

    private static readonly string[] ActivitySources = ["Brokerage.*", "MassTransit", "Npgsql"];

    /// <summary>
    /// Registers JSON console logs with a correlation id scope, OpenTelemetry, health checks (PostgreSQL readiness),
    /// problem+json for every error with the exception mapping registry, OpenAPI with the bearer scheme, JWT bearer
    /// authentication with the role policies, and the 1 MB body limit. Fails when no signing key is configured
    /// outside Development.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddProblemResponses();
        builder.AddBrokerageAuthentication();

        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<BearerSecurityTransformer>();
        });
        builder.Services.AddScoped<ICorrelationContext, CorrelationContext>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<IEventMetadataSource, RequestEventMetadata>();
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.Configure<JsonOptions>(json =>
        {
            // Money and counts are JSON numbers: "amount": "12" is a type error, not a number.
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
        });
        return builder;
    }

    /// <summary>Registers the domain exception → problem+json mappings of a service (see <see cref="ExceptionProblemOptions"/>).</summary>
    public static IServiceCollection AddExceptionProblems(this IServiceCollection services, Action<ExceptionProblemOptions> configure) =>
        services.Configure(configure);

    /// <summary>
    /// Puts the shared middleware in order (correlation id, exception handler, status code pages, body limit, routing,
    /// authentication, authorization) and maps <c>/health/live</c>, <c>/health/ready</c>, <c>/openapi/v1.json</c>
    /// and, in Development only, <c>POST /dev/token</c>. Call it before mapping the service's own APIs.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RejectOversizedBodies);
        app.Use(JsonBodyGuard.Guard);
        app.UseRouting();
        app.UseAuthentication();
        app.Use(WithCallersCouncil);
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Live),
            ResponseWriter = HealthReportWriter.Write,
        }).WithMetadata(HealthMethods).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthReportWriter.Write,
        }).WithMetadata(HealthMethods).AllowAnonymous();
        app.MapOpenApi("/openapi/v1.json").AllowAnonymous();

        if (app.Environment.IsDevelopment())
        {
            app.MapDevelopmentTokenApi();
        }

        return app;
    }

    private static void ConfigureLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(console =>
        {
            console.IncludeScopes = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ActivitySources))
            .WithTracing(tracing => tracing
                .AddSource(ActivitySources)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation());

        // No exporter unless one is configured: telemetry is collected in-process and dropped.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    private static void AddDefaultHealthChecks(this IHostApplicationBuilder builder) =>
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy("The process answers."), [HealthTags.Live])
            .AddReadyCheck<PostgresHealthCheck>(PostgresHealthCheck.Name);

    private static void AddProblemResponses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.HttpContext.RequestServices.GetService<ICorrelationContext>() is { } correlation)
            {
                context.ProblemDetails.Extensions["correlationId"] = correlation.CorrelationId;
            }
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOptions<ExceptionProblemOptions>();

        // Binding failures throw, in every environment, so the handler can name the field; otherwise minimal APIs
        // answer a bare 400 outside Development.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
    }

    // Kestrel enforces MaxRequestBodySize too, but answers with an empty 413; this answers problem+json up front.
    // The request runs in its caller's council (CurrentCouncil), so a Development clock moved for one council applies to it.
    private static async Task WithCallersCouncil(HttpContext http, RequestDelegate next)
    {
        using (CurrentCouncil.Use(http.User.FindFirst(BrokerageClaims.Council)?.Value))
        {
            await next(http);
        }
    }

    private static async Task RejectOversizedBodies(HttpContext http, RequestDelegate next)
    {
        if (http.Request.ContentLength > MaxRequestBodyBytes)
        {
            await TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The request body is too large",
                detail: $"A request body may be at most {MaxRequestBodyBytes} bytes.").ExecuteAsync(http);
            return;
        }

        await next(http);
    }
}
