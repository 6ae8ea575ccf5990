using System.Net;

namespace Brokerage.Members.Tests.Api;

[Collection(MembersApiCollection.Name)]
public sealed class OpenApiTests(MembersFixture api)
{
    [Fact]
    public async Task GivenTheOpenApiDocument_WhenReadingEveryMembersOperation_ThenEachStatesItsRoles()
    {
        var document = await (await api.CreateClient().GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);

        var operations = document.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.StartsWith("/api/members", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Route: $"{operation.Name.ToUpperInvariant()} {path.Name}", Operation: operation.Value)))
            .ToArray();

        Assert.Equal(23, operations.Length); // with GET /api/members/{memberId}/history
        Assert.All(operations, o => Assert.True(
            o.Operation.TryGetProperty("description", out var description) && description.GetString()!.StartsWith("Roles: ", StringComparison.Ordinal),
            $"{o.Route} does not state its roles"));
    }
}
