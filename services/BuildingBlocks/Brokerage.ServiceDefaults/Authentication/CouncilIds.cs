using System.Text.RegularExpressions;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// One rule for a council id everywhere (tokens, routes, request bodies, messages): it is normalised by trimming and
/// lower-casing, and the normal form is 1–63 lower-case ASCII letters, digits and hyphens, starting with a letter or a
/// digit (<c>lambeth</c>, <c>city-of-london</c>). Only the normal form is stored and compared, so <c>LAMBETH</c> in a
/// token or a provider's <c>councilIds</c> is <c>lambeth</c>.
/// </summary>
public static partial class CouncilIds
{
    public const string Rule = "Must be a council id: letters, digits and hyphens (1–63), starting with a letter or a digit.";

    /// <summary>The normal form of <paramref name="councilId"/>; check it with <see cref="IsValid"/>.</summary>
    public static string Normalise(string councilId) => councilId.Trim().ToLowerInvariant();

    /// <summary>True when <paramref name="normalised"/> is a council id in its normal form.</summary>
    public static bool IsValid(string normalised) => Pattern().IsMatch(normalised);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
