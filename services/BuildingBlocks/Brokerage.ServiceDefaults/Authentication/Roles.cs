namespace Brokerage.ServiceDefaults;

/// <summary>The roles a token's <c>role</c> claim may carry (DESIGN.md §2, "Councils and access").</summary>
public static class Roles
{
    public const string Member = "member";

    /// <summary>A nominated (Care Act s31) or authorised (s32) person acting for the members in <c>acts_for</c>.</summary>
    public const string Representative = "representative";

    public const string Provider = "provider";

    /// <summary>Council staff who run pools and calls for offers.</summary>
    public const string Broker = "broker";

    public const string CouncilAdmin = "council-admin";

    public static IReadOnlyList<string> All { get; } = [Member, Representative, Provider, Broker, CouncilAdmin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}

/// <summary>
/// Authorization policy names. A policy per role carries the role's name; the combinations name who they admit.
/// Use them as <c>group.RequireAuthorization(Policies.Broker)</c>.
/// </summary>
public static class Policies
{
    public const string Member = Roles.Member;
    public const string Representative = Roles.Representative;
    public const string Provider = Roles.Provider;
    public const string Broker = Roles.Broker;
    public const string CouncilAdmin = Roles.CouncilAdmin;

    /// <summary>A member, or a representative acting for one: check the member id with <c>user.MayActFor(id)</c>.</summary>
    public const string MemberOrRepresentative = "member-or-representative";

    /// <summary>Council staff: brokers and council admins.</summary>
    public const string CouncilStaff = "council-staff";

    /// <summary>Any signed-in user with a known role.</summary>
    public const string SignedIn = "signed-in";
}

/// <summary>The claim names of a Brokerage token, as they appear in the JWT and on the <see cref="System.Security.Claims.ClaimsPrincipal"/>.</summary>
public static class BrokerageClaims
{
    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public const string Role = "role";

    /// <summary>The member, provider or staff id the token was issued to.</summary>
    public const string Subject = "sub";

    /// <summary>The council the token is for, e.g. <c>lambeth</c>.</summary>
    public const string Council = "council";

    /// <summary>Member id(s) a representative acts for; one claim per member.</summary>
    public const string ActsFor = "acts_for";

    /// <summary>Display name; optional.</summary>
    public const string Name = "name";
}
