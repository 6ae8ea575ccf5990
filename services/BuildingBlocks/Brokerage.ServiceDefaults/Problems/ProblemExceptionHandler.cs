using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Turns every exception that escapes an endpoint into problem+json: bad requests (malformed JSON, wrong types,
/// missing parameters, wrong content type, oversized bodies) keep their 4xx status and name the field; mapped domain
/// exceptions get their status and title from <see cref="ExceptionProblemOptions"/>; anything else is a 500 whose
/// body carries no exception message or detail (the log has it, with the correlation id).
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IOptions<ExceptionProblemOptions> options,
    ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            return true; // The caller has gone; there is no one to answer.
        }

        var result = exception switch
        {
            BadHttpRequestException bad => BadRequest(bad),
            _ when options.Value.Find(exception, http) is { } problem => Mapped(exception, problem),
            _ => Unhandled(exception),
        };

        await result.ExecuteAsync(http);
        return true;
    }

    private IResult BadRequest(BadHttpRequestException exception)
    {
        // The exception's message may quote the offending value, so it is neither logged nor returned.
        LogBadRequest(logger, exception.StatusCode, exception.InnerException?.GetType().Name);
        return exception.StatusCode switch
        {
            StatusCodes.Status400BadRequest => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [FieldOf(exception)] = [MessageFor(exception)] },
                title: "The request is not valid"),
            StatusCodes.Status413PayloadTooLarge => TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large"),
            StatusCodes.Status415UnsupportedMediaType => TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the body as application/json."),
            var status => TypedResults.Problem(statusCode: status, title: "The request could not be read"),
        };
    }

    private IResult Mapped(Exception exception, ExceptionProblem problem)
    {
        LogMapped(logger, exception.GetType().Name, problem.Status);
        // "code" lets clients tell errors apart without matching on the (human, changeable) title: HeadroomExceeded → headroom-exceeded.
        return TypedResults.Problem(
            statusCode: problem.Status,
            title: problem.Title,
            detail: problem.Detail,
            extensions: new Dictionary<string, object?> { ["code"] = problem.Code ?? System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(exception.GetType().Name) });
    }

    private IResult Unhandled(Exception exception)
    {
        LogUnhandled(logger, exception);
        return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "An unexpected error occurred");
    }

    // The field a client must fix: the JSON path within the body ("amount", "pledge.stream", "[2].amount"); the
    // body as a whole when it is not JSON at all; otherwise the route, query or header parameter named in the message.
    private static string FieldOf(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return json.Path switch
            {
                { Length: > 2 } path when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
                { Length: > 1 } path when path.StartsWith("$[", StringComparison.Ordinal) => path[1..],
                _ => "body",
            };
        }

        // A missing body is the body's problem, whatever the handler calls its parameter.
        if (exception.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
            || exception.Message.EndsWith("from body.", StringComparison.Ordinal))
        {
            return "body";
        }

        var parameter = ParameterName().Match(exception.Message);
        return parameter.Success ? parameter.Groups["name"].Value : "body";
    }

    private static string MessageFor(BadHttpRequestException exception) => exception.InnerException switch
    {
        JsonException { Path: { Length: > 1 } } => "The value is missing, malformed or of the wrong type.",
        JsonException => "The body is not valid JSON.",
        _ when exception.Message.StartsWith("Required parameter", StringComparison.Ordinal) => "A value is required.",
        _ when exception.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) => "A JSON body is required.",
        _ => "The value is not valid.",
    };

    // Minimal APIs name the parameter in their messages: Failed to bind parameter "int id" from "abc".
    [GeneratedRegex(@"parameter ""[^""]*?(?<name>[A-Za-z_][A-Za-z0-9_-]*)""")]
    private static partial Regex ParameterName();

    [LoggerMessage(LogLevel.Information, "Bad request answered {Status} ({Reason})")]
    private static partial void LogBadRequest(ILogger logger, int status, string? reason);

    [LoggerMessage(LogLevel.Information, "{ExceptionType} answered {Status}")]
    private static partial void LogMapped(ILogger logger, string exceptionType, int status);

    [LoggerMessage(LogLevel.Error, "Unhandled exception; answered 500")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
