using System.Collections.Concurrent;
using JasperFx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Brokerage.ServiceDefaults.Tests;

/// <summary>
/// A bare service built on ServiceDefaults alone, with probe endpoints that fail in the ways real endpoints will
/// (a bug, a domain error, a concurrency conflict, a body that does not bind), and a log sink the tests can read.
/// </summary>
public sealed class ProbeHost : IAsyncDisposable
{
    /// <summary>Stands in for health data that must never reach a response or a log line.</summary>
    public const string Secret = "SUPPORT-PLAN-OUTCOME-7f3a";

    private readonly WebApplication app;

    private ProbeHost(WebApplication app, CapturedLogs logs)
    {
        this.app = app;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public static async Task<ProbeHost> StartAsync(string environment = "Development", string? eventStore = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = typeof(ProbeHost).Assembly.GetName().Name,
        });
        builder.WebHost.UseTestServer();
        builder.Configuration["Logging:Console:LogLevel:Default"] = "Warning";
        builder.Configuration["ConnectionStrings:EventStore"] = eventStore ?? "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2";
        if (environment != Environments.Development)
        {
            builder.Configuration["Auth:SigningKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        }

        builder.AddServiceDefaults();
        builder.Services.AddExceptionProblems(problems => problems
            .Map<PledgeRefused>(StatusCodes.Status422UnprocessableEntity, "The pledge exceeds the member's headroom"));
        var logs = new CapturedLogs();
        builder.Logging.AddProvider(logs);

        var web = builder.Build();
        web.MapDefaultEndpoints();
        var probe = web.MapGroup("/probe");
        probe.MapPost("/pledges", (PledgeRequest pledge) => TypedResults.Ok(pledge));
        probe.MapGet("/years", (int year) => TypedResults.Ok(year));
        probe.MapGet("/bug", string () => throw new InvalidOperationException($"Lost the plot while reading {Secret}"));
        probe.MapGet("/refused", string () => throw new RefusedForHeadroom());
        probe.MapPut("/concurrent", string () => throw new ConcurrencyException($"Stream {Guid.NewGuid()} was expected at version 3 but is at 4.", typeof(object), Guid.NewGuid()));
        probe.MapGet("/validation", () => Problems.Validation(
            ("amount", "must be a positive whole number of pence"),
            ("currency", "must be GBP"),
            ("amount", "must be at most 1000000")));
        probe.MapGet("/correlation", (ICorrelationContext correlation, ILogger<ProbeHost> logger) =>
        {
            logger.LogInformation("Probe answered");
            return TypedResults.Ok(correlation.CorrelationId);
        });

        probe.MapGet("/metadata", (IEventMetadataSource metadata) => TypedResults.Ok(metadata.Current)).RequireAuthorization(Policies.SignedIn);
        probe.MapGet("/if-match", (HttpRequest request) => TypedResults.Ok(StreamVersions.IfMatch(request)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"));
        probe.MapPost("/money", Results<Ok<long>, ValidationProblem> (MoneyRequest request) =>
        {
            var errors = new RequestErrors();
            var amount = errors.Amount("amount", request.Amount);
            errors.Currency("currency", request.Currency);
            errors.OneOf("stream", request.Stream, ["social-care", "health", "mental-health"]);
            return errors.Any ? errors.ToProblem() : TypedResults.Ok(amount);
        });

        probe.MapPost("/texts", Results<Ok<string>, ValidationProblem> (TextsRequest request) =>
        {
            var errors = new RequestErrors();
            var name = errors.Text("name", request.Name);
            errors.Texts("outcomes", request.Outcomes ?? ["an outcome"]);
            errors.OptionalText("contact.email", request.Contact?.Email);
            return errors.Any ? errors.ToProblem() : TypedResults.Ok(name);
        });

        await web.StartAsync();
        return new ProbeHost(web, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public sealed record MoneyRequest(long? Amount, string? Currency, string? Stream);

    public sealed record TextsRequest(string? Name, IReadOnlyList<string?>? Outcomes, ContactRequest? Contact);

    public sealed record ContactRequest(string? Email);

    public sealed record PledgeRequest(long Amount, string Currency, DateOnly BudgetYearStart);

    public class PledgeRefused(string message) : Exception(message);

    // Mapped through its base type.
    public sealed class RefusedForHeadroom() : PledgeRefused($"Headroom exceeded for {Secret}");
}

/// <summary>Keeps every log entry with the values of the scopes it was written in.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Scope);

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => sink.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            sink.scopes.ForEachScope(
                (value, values) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, item) in pairs)
                        {
                            values[key] = item;
                        }
                    }
                },
                scope);
            sink.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception, scope));
        }
    }
}
