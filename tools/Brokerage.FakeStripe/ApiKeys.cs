using System.Net.Http.Headers;
using System.Text;

namespace Brokerage.FakeStripe;

/// <summary>The secret key of a call, as Stripe takes it: <c>Authorization: Bearer sk_…</c> or HTTP Basic with the key as user.</summary>
public static class ApiKeys
{
    public static string? From(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) || header.Parameter is not { Length: > 0 } value)
        {
            return null;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            return decoded.Split(':', 2)[0] is { Length: > 0 } user ? user : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool LooksLikeSecretKey(string key) =>
        key.StartsWith("sk_", StringComparison.Ordinal) && key.Length > 3 && !key.Any(char.IsWhiteSpace);

    /// <summary>As Stripe echoes a wrong key: its mode prefix and last four characters, the rest starred.</summary>
    public static string Mask(string key)
    {
        var prefix = key.StartsWith("sk_test_", StringComparison.Ordinal) ? "sk_test_" : key.StartsWith("sk_live_", StringComparison.Ordinal) ? "sk_live_" : key[..Math.Min(3, key.Length)];
        var tail = key.Length - prefix.Length > 4 ? key[^4..] : "";
        return prefix + new string('*', Math.Max(key.Length - prefix.Length - tail.Length, 0)) + tail;
    }
}
