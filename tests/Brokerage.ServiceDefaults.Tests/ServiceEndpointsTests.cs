using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Brokerage.ServiceDefaults.Tests;

/// <summary>What every service gets from ServiceDefaults, checked on the real Members API.</summary>
public sealed class ServiceEndpointsTests(MembersApiFactory members) : IClassFixture<MembersApiFactory>
{
    [Fact]
    public async Task GivenRunningService_WhenAskingIfLive_ThenHealthy()
    {
        var response = await members.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.DoesNotContain(report.GetProperty("checks").EnumerateArray(), check => check.GetProperty("name").GetString() == "postgres");
    }

    [Fact]
    public async Task GivenReachableDatabase_WhenAskingIfReady_ThenPostgresHealthy()
    {
        var response = await members.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var postgres = Assert.Single(report.GetProperty("checks").EnumerateArray(), check => check.GetProperty("name").GetString() == "postgres");
        Assert.Equal("Healthy", postgres.GetProperty("status").GetString());
        Assert.Equal("PostgreSQL answers.", postgres.GetProperty("description").GetString());
    }

    [Fact]
    public async Task GivenService_WhenReadingOpenApi_ThenValidDocumentListsEndpointsAndBearerScheme()
    {
        await using var stream = await members.CreateClient().GetStreamAsync("/openapi/v1.json");

        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, "json");

        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        Assert.Contains("/api/whoami", document.Paths.Keys);
        Assert.Contains("/api/councils/{council}/ping", document.Paths.Keys);
        Assert.Contains("/dev/token", document.Paths.Keys);
        var bearer = document.Components!.SecuritySchemes!["Bearer"];
        Assert.Equal((SecuritySchemeType.Http, "bearer", "JWT"), (bearer.Type!.Value, bearer.Scheme, bearer.BearerFormat));
        var whoami = document.Paths["/api/whoami"].Operations![HttpMethod.Get];
        Assert.Contains(whoami.Security!, requirement => requirement.Keys.Any(scheme => scheme.Reference.Id == "Bearer"));
        Assert.Empty(document.Validate(Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public async Task GivenUnknownRoute_WhenCalled_ThenNotFoundProblem()
    {
        var response = await members.CreateClient().GetAsync("/api/no-such-thing");

        await response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task GivenWrongMethod_WhenCalled_ThenMethodNotAllowedProblem()
    {
        var response = await members.CreateClient().DeleteAsync("/api/whoami");

        await response.AssertProblem(StatusCodes.Status405MethodNotAllowed);
    }

    [Fact]
    public async Task GivenMalformedJsonBody_WhenPosting_ThenBadRequestProblemNamesTheField()
    {
        var body = new StringContent("""{"role": "broker", "sub": """, Encoding.UTF8, "application/json");

        var response = await members.CreateClient().PostAsync("/dev/token", body);

        var problem = await response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(["sub"], problem.ErrorFields());
    }

    [Fact]
    public async Task GivenCorrelationIdHeader_WhenCalling_ThenItIsEchoed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/whoami");
        request.Headers.Add("X-Correlation-Id", "pledge-2026-04-01.42");

        var response = await members.CreateClient().SendAsync(request);

        Assert.Equal("pledge-2026-04-01.42", response.Headers.GetValues("X-Correlation-Id").Single());
        var problem = await response.AssertProblem(StatusCodes.Status401Unauthorized);
        Assert.Equal("pledge-2026-04-01.42", problem.Text("correlationId"));
    }

    [Fact]
    public async Task GivenNoCorrelationId_WhenCalling_ThenOneIsMade()
    {
        var first = await members.CreateClient().GetAsync("/health/live");
        var second = await members.CreateClient().GetAsync("/health/live");

        var made = first.Headers.GetValues("X-Correlation-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", made);
        Assert.NotEqual(made, second.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task GivenCorrelationIdThatIsNotAnId_WhenCalling_ThenItIsReplaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "<script>alert(1)</script>");

        var response = await members.CreateClient().SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Correlation-Id").Single());
    }
}
