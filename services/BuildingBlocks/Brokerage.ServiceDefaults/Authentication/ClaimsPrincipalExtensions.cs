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

    /// <summary>A broker or council admin (what <see cref="Policies.CouncilStaff"/> admits); check their council separately.</summary>
    public static bool IsCouncilStaff(this ClaimsPrincipal user) =>
        user.FindFirst(BrokerageClaims.Role)?.Value is Roles.Broker or Roles.CouncilAdmin;

    /// <summary>The member ids a representative acts for; empty for every other role.</summary>
    public static IReadOnlyList<string> ActsFor(this ClaimsPrincipal user) =>
        user.Role() == Roles.Representative
            ? user.FindAll(BrokerageClaims.ActsFor).Select(claim => claim.Value).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>
    /// The member ids the user speaks for, as GUIDs: a member's own id, or the members in a representative's acts_for;
    /// empty for every other role (acts_for entries that are not GUIDs are left out).
    /// </summary>
    public static IReadOnlyList<Guid> MemberIdsActedFor(this ClaimsPrincipal user) =>
        user.FindFirst(BrokerageClaims.Role)?.Value switch
        {
            Roles.Member => Guid.TryParse(user.FindFirst(BrokerageClaims.Subject)?.Value, out var id) ? [id] : [],
            Roles.Representative => user.ActsFor().Select(a => Guid.TryParse(a, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToArray(),
            _ => [],
        };

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
