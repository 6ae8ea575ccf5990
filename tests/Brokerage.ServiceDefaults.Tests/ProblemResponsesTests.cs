using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Brokerage.ServiceDefaults.Tests;

/// <summary>Errors become problem+json in one place; nothing of an exception's message or the body leaks.</summary>
public sealed class ProblemResponsesTests : IAsyncLifetime
{
    private ProbeHost probe = null!;

    public async Task InitializeAsync() => probe = await ProbeHost.StartAsync();

    public async Task DisposeAsync() => await probe.DisposeAsync();

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task GivenEndpointWithABug_WhenCalled_ThenServerErrorProblemWithoutTheExceptionMessage(string environment)
    {
        await using var host = environment == "Development" ? null : await ProbeHost.StartAsync(environment);
        var client = (host ?? probe).Client;

        var response = await client.GetAsync("/probe/bug");

        var problem = await response.AssertProblem(StatusCodes.Status500InternalServerError);
        var body = problem.GetRawText();
        Assert.Equal("An unexpected error occurred", problem.Text("title"));
        Assert.DoesNotContain(ProbeHost.Secret, body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain("Lost the plot", body);
        Assert.Null(problem.Text("detail"));
    }

    [Fact]
    public async Task GivenEndpointWithABug_WhenCalled_ThenTheErrorIsLoggedWithItsCorrelationId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/probe/bug");
        request.Headers.Add("X-Correlation-Id", "bug-hunt-1");

        await probe.Client.SendAsync(request);

        var error = Assert.Single(probe.Logs.Entries, entry => entry.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Equal("bug-hunt-1", error.Scope["CorrelationId"]);
    }

    [Fact]
    public async Task GivenMappedDomainException_WhenThrown_ThenItsStatusAndTitleWithoutItsMessage()
    {
        var response = await probe.Client.GetAsync("/probe/refused");

        var problem = await response.AssertProblem(StatusCodes.Status422UnprocessableEntity);
        Assert.Equal("The pledge exceeds the member's headroom", problem.Text("title"));
        Assert.Equal("refused-for-headroom", problem.Text("code"));
        Assert.DoesNotContain(ProbeHost.Secret, problem.GetRawText());
    }

    [Fact]
    public async Task GivenConcurrencyConflict_WhenRequestHadNoIfMatch_ThenConflictProblem()
    {
        var response = await probe.Client.PutAsync("/probe/concurrent", null);

        var problem = await response.AssertProblem(StatusCodes.Status409Conflict);
        Assert.Equal("The resource changed since you read it", problem.Text("title"));
    }

    [Fact]
    public async Task GivenConcurrencyConflict_WhenRequestCarriedIfMatch_ThenPreconditionFailedProblem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/probe/concurrent");
        request.Headers.TryAddWithoutValidation("If-Match", "\"3\"");

        var response = await probe.Client.SendAsync(request);

        await response.AssertProblem(StatusCodes.Status412PreconditionFailed);
    }

    [Theory]
    [InlineData("""{"amount": 1200, "currency": """, "currency")]
    [InlineData("""{"amount": 1200, "currency": "GBP", "budgetYearStart": "2026-04-01" """, "body")]
    [InlineData("""{"amount": "twelve pounds", "currency": "GBP", "budgetYearStart": "2026-04-01"}""", "amount")]
    [InlineData("""{"amount": "1200", "currency": "GBP", "budgetYearStart": "2026-04-01"}""", "amount")]
    [InlineData("""{"amount": 12.5, "currency": "GBP", "budgetYearStart": "2026-04-01"}""", "amount")]
    [InlineData("""{"amount": 1200, "currency": "GBP", "budgetYearStart": "1st April"}""", "budgetYearStart")]
    [InlineData("""not json""", "body")]
    public async Task GivenBodyThatDoesNotBind_WhenPosting_ThenBadRequestProblemNamesTheField(string json, string field)
    {
        var response = await probe.Client.PostAsync("/probe/pledges", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal([field], problem.ErrorFields());
    }

    [Fact]
    public async Task GivenNoBody_WhenPostingToAnEndpointThatNeedsOne_ThenTheProblemNamesTheBody()
    {
        var response = await probe.Client.PostAsync("/probe/pledges", new StringContent("", Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(["body"], problem.ErrorFields());
    }

    [Fact]
    public async Task GivenValidBody_WhenPosting_ThenItBinds()
    {
        var response = await probe.Client.PostAsJsonAsync("/probe/pledges", new { amount = 1200, currency = "GBP", budgetYearStart = "2026-04-01" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new ProbeHost.PledgeRequest(1200, "GBP", new DateOnly(2026, 4, 1)), await response.Content.ReadFromJsonAsync<ProbeHost.PledgeRequest>());
    }

    [Fact]
    public async Task GivenBodyWithHealthData_WhenItDoesNotBind_ThenNeitherTheAnswerNorTheLogsRepeatIt()
    {
        var json = $$"""{"amount": "{{ProbeHost.Secret}}", "currency": "GBP", "budgetYearStart": "2026-04-01"}""";

        var response = await probe.Client.PostAsync("/probe/pledges", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.DoesNotContain(ProbeHost.Secret, await response.Content.ReadAsStringAsync());
        Assert.NotEmpty(probe.Logs.Entries);
        Assert.DoesNotContain(probe.Logs.Entries, entry =>
            entry.Message.Contains(ProbeHost.Secret, StringComparison.Ordinal)
            || (entry.Exception?.ToString().Contains(ProbeHost.Secret, StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task GivenQueryValueOfWrongType_WhenCalled_ThenBadRequestProblemNamesTheParameterWithoutTheValue()
    {
        var response = await probe.Client.GetAsync("/probe/years?year=next-year");

        var problem = await response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(["year"], problem.ErrorFields());
        Assert.DoesNotContain("next-year", problem.GetRawText());
    }

    [Fact]
    public async Task GivenBodyOverOneMegabyte_WhenPosting_ThenPayloadTooLargeProblem()
    {
        var json = $$"""{"amount": 1, "currency": "{{new string('x', 1024 * 1024)}}", "budgetYearStart": "2026-04-01"}""";

        var response = await probe.Client.PostAsync("/probe/pledges", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertProblem(StatusCodes.Status413PayloadTooLarge);
    }

    [Fact]
    public async Task GivenTextBody_WhenPostingToJsonEndpoint_ThenUnsupportedMediaTypeProblem()
    {
        var response = await probe.Client.PostAsync("/probe/pledges", new StringContent("amount=1", Encoding.UTF8, "text/plain"));

        await response.AssertProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    [Fact]
    public async Task GivenValidationHelper_WhenEndpointReturnsIt_ThenErrorsAreGroupedByField()
    {
        var response = await probe.Client.GetAsync("/probe/validation");

        var problem = await response.AssertProblem(StatusCodes.Status400BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["must be a positive whole number of pence", "must be at most 1000000"], errors.GetProperty("amount").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["must be GBP"], errors.GetProperty("currency").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task GivenCorrelationId_WhenEndpointLogs_ThenTheLogScopeAndContextCarryIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/probe/correlation");
        request.Headers.Add("X-Correlation-Id", "call-for-offers-17");

        var response = await probe.Client.SendAsync(request);

        Assert.Equal("call-for-offers-17", await response.Content.ReadFromJsonAsync<string>());
        var entry = Assert.Single(probe.Logs.Entries, entry => entry.Message == "Probe answered");
        Assert.Equal("call-for-offers-17", entry.Scope["CorrelationId"]);
    }
}
