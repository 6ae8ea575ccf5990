using System.Net;
using Brokerage.Testing;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>Assertions over the official OCDS 1.1 schema (<see cref="Brokerage.Testing.OcdsSchema"/>).</summary>
public static class Ocds
{
    /// <summary>Fails the test with every schema error when <paramref name="json"/> is not a valid release package.</summary>
    public static async Task AssertValidAsync(string json)
    {
        var errors = await OcdsSchema.ErrorsAsync(json);
        Assert.True(errors.Count == 0, "OCDS release package is invalid:\n" + string.Join("\n", errors));
    }

    /// <summary>Fetches a release package anonymously and validates it.</summary>
    public static async Task<string> FetchValidAsync(HttpClient anonymous, string path)
    {
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        await AssertValidAsync(json);
        return json;
    }
}
