using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;

namespace Brokerage.ServiceDefaults.Tests;

/// <summary>The development key and token endpoint exist only in Development.</summary>
public sealed class StartupTests(MembersApiFactory members) : IClassFixture<MembersApiFactory>
{
    private static readonly byte[] ProductionKey = Enumerable.Range(100, 48).Select(i => (byte)i).ToArray();

    [Fact]
    public void GivenProductionWithoutSigningKey_WhenStarting_ThenStartupFails()
    {
        using var production = members.In("Production");

        var failure = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("Auth:SigningKey is not configured", Flatten(failure));
    }

    [Fact]
    public void GivenProductionWithTheDevelopmentKey_WhenStarting_ThenStartupFails()
    {
        using var production = members.In("Production", ("Auth:SigningKey", TokenSettings.DevelopmentSigningKey));

        var failure = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("refused outside the Development environment", Flatten(failure));
    }

    [Fact]
    public async Task GivenProductionWithKey_WhenPostingDevToken_ThenNotFoundProblem()
    {
        using var production = members.In("Production", ("Auth:SigningKey", Convert.ToBase64String(ProductionKey)));

        var response = await production.CreateClient().PostAsJsonAsync("/dev/token", new { role = "broker", sub = "b", council = "lambeth" });

        await response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task GivenProductionWithKey_WhenCallingWithTokensSignedByEachKey_ThenOnlyItsOwnKeyIsAccepted()
    {
        using var production = members.In("Production", ("Auth:SigningKey", Convert.ToBase64String(ProductionKey)));
        var client = production.CreateClient();

        var own = await Send(client, DevelopmentTokens.Issue(Roles.Broker, "b", "lambeth", settings: new TokenSettings(ProductionKey)));
        var development = await Send(client, DevelopmentTokens.Issue(Roles.Broker, "b", "lambeth"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await development.AssertProblem(StatusCodes.Status401Unauthorized);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    private static string Flatten(Exception failure) =>
        failure is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : failure.Message + (failure.InnerException is { } inner ? " | " + Flatten(inner) : "");
}
