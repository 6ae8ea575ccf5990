using Brokerage.ServiceDefaults;
using Microsoft.AspNetCore.Authorization;

namespace Brokerage.Members.Api.Apis;

/// <summary>Role combinations the Members endpoints need beyond ServiceDefaults' <see cref="Policies"/>.</summary>
public static class MembersPolicies
{
    /// <summary>The member, their representative, or council staff (broker, council admin): reads of a member's own records.</summary>
    public const string MemberSideOrCouncilStaff = "member-side-or-council-staff";

    /// <summary>The member, their representative, or a broker: corrections and representation changes.</summary>
    public const string MemberSideOrBroker = "member-side-or-broker";

    public static AuthorizationBuilder AddMembersPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(MemberSideOrCouncilStaff, policy => policy.RequireRole(Roles.Member, Roles.Representative, Roles.Broker, Roles.CouncilAdmin))
        .AddPolicy(MemberSideOrBroker, policy => policy.RequireRole(Roles.Member, Roles.Representative, Roles.Broker));
}
