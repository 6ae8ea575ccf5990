using System.Security.Claims;
using Brokerage.ServiceDefaults;

namespace Brokerage.Portal.Services;

/// <summary>The signed-in person as the Portal knows them: who, which council, and (for a representative) for whom they act now.</summary>
public sealed class PortalUser(IHttpContextAccessor http)
{
    /// <summary>The person's access token, kept in the server-side session and never sent to the browser.</summary>
    public const string AccessTokenClaim = "portal:access_token";

    /// <summary>The member a representative has chosen to act for (one of their <c>acts_for</c>).</summary>
    public const string ActingForClaim = "portal:acting_for";

    public const string ActingForNameClaim = "portal:acting_for_name";

    /// <summary>A random id of this signed-in session: the key of its journeys' answers.</summary>
    public const string SessionClaim = "portal:session";

    private ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsSignedIn => Principal.Identity?.IsAuthenticated == true;

    public string Role => Principal.FindFirstValue(BrokerageClaims.Role) ?? "";

    public string Subject => Principal.FindFirstValue(BrokerageClaims.Subject) ?? "";

    public string Council => Principal.FindFirstValue(BrokerageClaims.Council) ?? "";

    public string Name => Principal.FindFirstValue(BrokerageClaims.Name) ?? Subject;

    public string? AccessToken => Principal.FindFirstValue(AccessTokenClaim);

    public string SessionId => Principal.FindFirstValue(SessionClaim) ?? throw new InvalidOperationException("Not signed in.");

    public IReadOnlyList<string> ActsFor => Principal.FindAll(BrokerageClaims.ActsFor).Select(c => c.Value).ToList();

    public bool IsMember => Role == Roles.Member;

    public bool IsRepresentative => Role == Roles.Representative;

    public bool IsProvider => Role == Roles.Provider;

    public bool IsBroker => Role == Roles.Broker;

    public bool IsStaff => Role is Roles.Broker or Roles.CouncilAdmin;

    /// <summary>The member whose budget and pools the member-side pages show: the member, or whom the representative acts for now.</summary>
    public Guid? MemberId => IsMember && Guid.TryParse(Subject, out var self) ? self
        : IsRepresentative && Guid.TryParse(Principal.FindFirstValue(ActingForClaim), out var chosen) ? chosen
        : null;

    public string? ActingForName => IsRepresentative ? Principal.FindFirstValue(ActingForNameClaim) : null;

    public string RoleName => Role switch
    {
        Roles.Member => "Budget holder",
        Roles.Representative => "Representative",
        Roles.Provider => "Provider",
        Roles.Broker => "Broker",
        Roles.CouncilAdmin => "Council admin",
        _ => Role,
    };
}

/// <summary>Who may open which folder of pages.</summary>
public static class PortalPolicies
{
    public const string MemberSide = "member-side";
    public const string Provider = "provider";
    public const string Staff = "staff";
    public const string Broker = "broker";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(MemberSide, p => p.RequireClaim(BrokerageClaims.Role, Roles.Member, Roles.Representative));
        options.AddPolicy(Provider, p => p.RequireClaim(BrokerageClaims.Role, Roles.Provider));
        options.AddPolicy(Staff, p => p.RequireClaim(BrokerageClaims.Role, Roles.Broker, Roles.CouncilAdmin));
        options.AddPolicy(Broker, p => p.RequireClaim(BrokerageClaims.Role, Roles.Broker));
    }
}
