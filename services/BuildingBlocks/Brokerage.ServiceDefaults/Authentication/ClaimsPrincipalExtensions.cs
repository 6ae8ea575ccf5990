using System.Security.Claims;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Reads a Brokerage token's claims. The bearer handler refuses tokens without a known role, a subject and a council,
/// so on an endpoint that requires authorization <see cref="Role"/>, <see cref="Subject"/> and <see cref="Council"/> are
/// always present; on an anonymous endpoint they throw.
/// </summary>
public static class ClaimsPrincipalExtensions
{
    public static string Role(this ClaimsPrincipal user) => user.Required(BrokerageClaims.Role);

    public static string Subject(this ClaimsPrincipal user) => user.Required(BrokerageClaims.Subject);

    public static string Council(this ClaimsPrincipal user) => user.Required(BrokerageClaims.Council);

    public static string? DisplayName(this ClaimsPrincipal user) => user.FindFirst(BrokerageClaims.Name)?.Value;

    /// <summary>The member ids a representative acts for; empty for every other role.</summary>
    public static IReadOnlyList<string> ActsFor(this ClaimsPrincipal user) =>
        user.Role() == Roles.Representative
            ? user.FindAll(BrokerageClaims.ActsFor).Select(claim => claim.Value).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>True when the user is <paramref name="memberId"/> or a representative acting for that member.</summary>
    public static bool MayActFor(this ClaimsPrincipal user, string memberId) =>
        user.FindFirst(BrokerageClaims.Role)?.Value switch
        {
            Roles.Member => string.Equals(user.FindFirst(BrokerageClaims.Subject)?.Value, memberId, StringComparison.Ordinal),
            Roles.Representative => user.ActsFor().Contains(memberId, StringComparer.Ordinal),
            _ => false,
        };

    private static string Required(this ClaimsPrincipal user, string claim) =>
        user.FindFirst(claim)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The user has no '{claim}' claim: the endpoint must require authorization.");
}
