using System.Net;
using Brokerage.Testing;
using NJsonSchema;
using NJsonSchema.References;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>
/// The official OCDS 1.1 release package schema (draft-04), with its reference to release-schema.json resolved from the
/// same local folder instead of the web.
/// </summary>
public static class OcdsSchema
{
    private static readonly Lazy<Task<JsonSchema>> Package = new(LoadAsync);

    public static string Folder =>
        Environment.GetEnvironmentVariable("BROKERAGE_OCDS_SCHEMA_DIR")
        ?? new[] { Path.Combine(TestInfrastructure.Root, "..", "shared", "ocds-1.1"), Path.Combine(TestInfrastructure.Root, "..", "..", "shared", "ocds-1.1"), "/work/shared/ocds-1.1" }
            .First(dir => File.Exists(Path.Combine(dir, "release-package-schema.json")));

    private static Task<JsonSchema> LoadAsync() =>
        JsonSchema.FromFileAsync(Path.Combine(Folder, "release-package-schema.json"), schema => new LocalResolver(schema, Folder));

    /// <summary>Fails the test with every schema error when <paramref name="json"/> is not a valid release package.</summary>
    public static async Task AssertValidAsync(string json)
    {
        var schema = await Package.Value;
        var errors = schema.Validate(json);
        Assert.True(errors.Count == 0, "OCDS release package is invalid:\n" + string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind} {e}")));
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

    private sealed class LocalResolver(JsonSchema root, string folder)
        : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken) =>
            url.EndsWith("release-schema.json", StringComparison.Ordinal)
                ? await JsonSchema.FromFileAsync(Path.Combine(folder, "release-schema.json"), cancellationToken)
                : throw new InvalidOperationException($"The OCDS schema refers to {url}, which is not in the local folder.");
    }
}
