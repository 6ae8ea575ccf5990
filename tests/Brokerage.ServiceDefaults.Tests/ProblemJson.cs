using System.Text.Json;

namespace Brokerage.ServiceDefaults.Tests;

internal static class ProblemJson
{
    /// <summary>Asserts a problem+json answer with <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static string? Text(this JsonElement problem, string property) =>
        problem.TryGetProperty(property, out var value) ? value.GetString() : null;

    /// <summary>The field names under <c>errors</c> of a validation problem.</summary>
    public static string[] ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(field => field.Name).ToArray() : [];
}
