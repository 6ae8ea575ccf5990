using NJsonSchema;
using NJsonSchema.References;

namespace Brokerage.Testing;

/// <summary>
/// The official OCDS 1.1 release package schema (draft-04, copied into ocds-1.1/ beside this file), with its reference
/// to release-schema.json resolved from the same folder instead of the web.
/// </summary>
public static class OcdsSchema
{
    private static readonly Lazy<Task<JsonSchema>> Package = new(LoadAsync);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "ocds-1.1");

    /// <summary>Every way <paramref name="json"/> breaks the release package schema; empty when it is valid.</summary>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(string json)
    {
        var schema = await Package.Value;
        return schema.Validate(json).Select(e => $"{e.Path}: {e.Kind} {e}").ToArray();
    }

    private static Task<JsonSchema> LoadAsync() =>
        JsonSchema.FromFileAsync(Path.Combine(Folder, "release-package-schema.json"), schema => new LocalResolver(schema, Folder));

    private sealed class LocalResolver(JsonSchema root, string folder)
        : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken) =>
            url.EndsWith("release-schema.json", StringComparison.Ordinal)
                ? await JsonSchema.FromFileAsync(Path.Combine(folder, "release-schema.json"), cancellationToken)
                : throw new InvalidOperationException($"The OCDS schema refers to {url}, which is not in the local folder.");
    }
}
