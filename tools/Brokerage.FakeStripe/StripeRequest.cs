using System.Globalization;

namespace Brokerage.FakeStripe;

/// <summary>
/// A call's parameters as Stripe reads them: the form body of a POST or the query of a GET, with Stripe's bracket
/// syntax kept in the names (<c>metadata[payment_id]</c>).
/// </summary>
public sealed class StripeRequest(string method, string path, IReadOnlyList<KeyValuePair<string, string>> parameters)
{
    public string Method { get; } = method;

    public string Path { get; } = path;

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; } = parameters;

    public static async Task<StripeRequest> ReadAsync(HttpRequest request)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var source = request.HasFormContentType ? (IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>)await request.ReadFormAsync() : request.Query;
        foreach (var (name, values) in source)
        {
            pairs.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v ?? "")));
        }

        return new StripeRequest(request.Method, request.Path.Value ?? "", pairs);
    }

    /// <summary>What a reused idempotency key is compared on: the endpoint and every parameter, in any order.</summary>
    public string Fingerprint =>
        $"{Method} {Path}?" + string.Join('&', Parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}").Order(StringComparer.Ordinal));

    public string? this[string name] => Parameters.LastOrDefault(p => p.Key == name).Value;

    /// <summary>The <c>metadata[key]</c> parameters.</summary>
    public IReadOnlyDictionary<string, string> Metadata() =>
        Parameters.Where(p => p.Key.StartsWith("metadata[", StringComparison.Ordinal) && p.Key.EndsWith(']'))
            .GroupBy(p => p.Key["metadata[".Length..^1])
            .ToDictionary(g => g.Key, g => g.Last().Value);

    /// <summary>The first parameter the endpoint does not know (<c>expand</c> is always allowed).</summary>
    public string? UnknownParameter(params string[] known) =>
        Parameters.Select(p => p.Key).FirstOrDefault(name =>
        {
            var root = name.Split('[')[0];
            return root != "expand" && !known.Contains(root == "metadata" ? "metadata" : name);
        });

    /// <summary>An integer parameter: absent, a number, or an error naming it.</summary>
    public (long? Value, StripeResult? Error) Integer(string name, long minimum)
    {
        if (this[name] is not { } text)
        {
            return (null, null);
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return (null, StripeErrors.InvalidRequest($"Invalid integer: {text}", name, "parameter_invalid_integer"));
        }

        return value < minimum
            ? (null, StripeErrors.InvalidRequest($"This value must be greater than or equal to {minimum}.", name, "parameter_invalid_integer"))
            : (value, null);
    }
}
