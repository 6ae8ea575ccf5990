using System.Net;
using System.Net.Http.Json;

namespace Brokerage.ServiceDefaults.Tests;

/// <summary>What every service's endpoints lean on: field-by-field validation, If-Match versions, and who did what.</summary>
public sealed class RequestHelpersTests : IAsyncLifetime
{
    private ProbeHost probe = null!;

    public async Task InitializeAsync() => probe = await ProbeHost.StartAsync();

    public async Task DisposeAsync() => await probe.DisposeAsync();

    [Theory]
    [InlineData("""{"currency":"GBP","stream":"health"}""", "amount", "A value is required.")]
    [InlineData("""{"amount":-5,"currency":"GBP","stream":"health"}""", "amount", "Must be a positive whole number of pence.")]
    [InlineData("""{"amount":0,"currency":"GBP","stream":"health"}""", "amount", "Must be a positive whole number of pence.")]
    [InlineData("""{"amount":10000000001,"currency":"GBP","stream":"health"}""", "amount", "Must be at most 10000000000 pence.")]
    [InlineData("""{"amount":500,"currency":"EUR","stream":"health"}""", "currency", "Must be GBP.")]
    [InlineData("""{"amount":500,"currency":"GBP","stream":"dental"}""", "stream", "Must be one of: social-care, health, mental-health.")]
    public async Task GivenBadMoney_WhenPosted_ThenTheProblemNamesTheField(string body, string field, string message)
    {
        var response = await probe.Client.PostAsync("/probe/money", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblem(400);
        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task GivenAnAmountBeyond64Bits_WhenPosted_ThenTheReaderRefusesItNamingTheField()
    {
        var response = await probe.Client.PostAsync("/probe/money",
            new StringContent("""{"amount":92233720368547758070,"currency":"GBP","stream":"health"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(["amount"], (await response.AssertProblem(400)).ErrorFields());
    }

    [Fact]
    public async Task GivenGoodMoney_WhenPosted_ThenItIsAccepted()
    {
        var response = await probe.Client.PostAsJsonAsync("/probe/money", new { amount = 12_345, currency = "GBP", stream = "social-care" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(12_345, await response.Content.ReadFromJsonAsync<long>());
    }

    [Theory]
    [InlineData("\"7\"", "7")]
    [InlineData("W/\"12\"", "12")]
    [InlineData("*", "none")]
    public async Task GivenIfMatch_WhenRead_ThenItIsTheExpectedVersion(string header, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/probe/if-match");
        request.Headers.TryAddWithoutValidation("If-Match", header);

        var response = await probe.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadFromJsonAsync<string>());
    }

    [Fact]
    public async Task GivenAMalformedIfMatch_WhenRead_ThenTheProblemNamesTheHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/probe/if-match");
        request.Headers.TryAddWithoutValidation("If-Match", "yesterday");

        var response = await probe.Client.SendAsync(request);

        Assert.Equal(["If-Match"], (await response.AssertProblem(400)).ErrorFields());
    }

    [Fact]
    public async Task GivenASignedInBroker_WhenARequestWritesEvents_ThenTheyRecordTheUserCouncilAndCorrelationId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/probe/metadata");
        request.Headers.Authorization = new("Bearer", DevelopmentTokens.Issue(Roles.Broker, "staff-17", "lambeth"));
        request.Headers.Add(ICorrelationContext.HeaderName, "req-42");

        var response = await probe.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metadata = await response.Content.ReadFromJsonAsync<EventMetadata>();
        Assert.Equal(new EventMetadata(CorrelationId: "req-42", UserId: "staff-17", TenantId: "lambeth"), metadata);
    }
}
