using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.ServiceDefaults;

/// <summary>Small helpers for the problem+json answers endpoints return themselves.</summary>
public static class Problems
{
    /// <summary>
    /// A 400 validation problem naming each field and what is wrong with it:
    /// <c>Problems.Validation(("amount", "must be a positive whole number of pence"))</c>.
    /// Messages go to the caller: say what is expected, never echo a value that may be personal or health data.
    /// </summary>
    public static ValidationProblem Validation(params (string Field, string Message)[] errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(error => error.Field, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Select(error => error.Message).ToArray(), StringComparer.Ordinal),
            title: "The request is not valid");

    /// <summary>A 404 problem, for a resource that does not exist or that the caller may not know exists.</summary>
    public static ProblemHttpResult NotFound(string title = "Not found") =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title);
}
