using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Brokerage.ServiceDefaults.Tests;

/// <summary>
/// Text that cannot break a service: control characters PostgreSQL would refuse in jsonb, fields sent twice, bytes that are
/// not UTF-8, and text that only looks filled in. Every service runs this edge (MapDefaultEndpoints).
/// </summary>
public sealed class TextAtTheEdgeTests : IAsyncLifetime
{
    private ProbeHost probe = null!;

    public async Task InitializeAsync() => probe = await ProbeHost.StartAsync();

    public async Task DisposeAsync() => await probe.DisposeAsync();

    [Theory]
    [InlineData("{\"name\":\"Sky\\u0000lark\"}", "name")]
    [InlineData("{\"name\":\"Skylark\",\"outcomes\":[\"Time out\",\"Friends\\u0001\"]}", "outcomes[1]")]
    [InlineData("{\"name\":\"Skylark\",\"contact\":{\"email\":\"a@b.org\\u001f\"}}", "contact.email")]
    [InlineData("{\"name\":\"Skylark\",\"outcomes\":[\"One\"],\"name\":\"Heron\"}", "name")]
    [InlineData("{\"name\":\"Skylark\",\"contact\":{\"email\":\"a@b.org\",\"email\":\"c@d.org\"}}", "contact.email")]
    public async Task GivenControlCharactersOrARepeatedField_WhenPosted_ThenBadRequestNamesTheField(string json, string field)
    {
        var response = await probe.Client.PostAsync("/probe/texts", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal([field], problem.ErrorFields());
    }

    [Fact]
    public async Task GivenBytesThatAreNotUtf8_WhenPosted_ThenBadRequestNamesTheBody()
    {
        byte[] body = [.. "{\"name\":\"Sky"u8, 0xC3, 0x28, .. "lark\"}"u8];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };

        var response = await probe.Client.PostAsync("/probe/texts", content);

        var problem = await response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(["body"], problem.ErrorFields());
    }

    [Fact]
    public async Task GivenTabsAndLineBreaks_WhenPosted_ThenTheyAreKept()
    {
        var response = await probe.Client.PostAsJsonAsync("/probe/texts", new { name = "Sky\tlark", outcomes = new[] { "First line\r\nSecond line" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Sky\tlark", await response.Content.ReadFromJsonAsync<string>());
    }

    [Theory]
    [InlineData("\u200b\u200b")]
    [InlineData(" \u2060\ufeff ")]
    [InlineData("\u00ad")]
    public async Task GivenARequiredTextOfInvisibleCharactersOnly_WhenPosted_ThenItIsRequiredAsIfBlank(string name)
    {
        var response = await probe.Client.PostAsJsonAsync("/probe/texts", new { name });

        var problem = await response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(["name"], problem.ErrorFields());
    }

    [Fact]
    public async Task GivenTextWrappedInInvisibleCharacters_WhenPosted_ThenTheyAreTrimmedLikeSpaces()
    {
        var response = await probe.Client.PostAsJsonAsync("/probe/texts", new { name = "\u200b Skylark\u2060" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Skylark", await response.Content.ReadFromJsonAsync<string>());
    }
}
