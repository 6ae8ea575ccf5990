using System.Security.Claims;
using Brokerage.Commissioning.Api.Pools;
using Brokerage.ServiceDefaults;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Commissioning.Api.Apis;

/// <summary>Who may act for which member, and who may read a pool's things.</summary>
public static class Access
{
    /// <summary>
    /// The member a write is for: a member acts for themselves (memberId may be left out); a representative names a
    /// member in their acts_for (or has only one). Null with a problem when the caller may not act for that member.
    /// </summary>
    public static (Guid MemberId, ProblemHttpResult? Problem) ActingMember(ClaimsPrincipal user, Guid? requested)
    {
        var mine = user.MemberIdsActedFor();
        if (requested is { } id)
        {
            return mine.Contains(id) ? (id, null) : (Guid.Empty, Forbidden("You may act only for yourself or the members you represent."));
        }

        return mine.Count == 1 ? (mine[0], null) : (Guid.Empty, Forbidden("Say which member you act for (memberId)."));
    }

    /// <summary>A member of the pool, a representative of one, or council staff of the pool's council.</summary>
    public static bool MayReadPool(ClaimsPrincipal user, Pool pool) =>
        CouncilAccess.IsSameCouncil(user, pool.CouncilId) && (user.IsCouncilStaff() || user.MemberIdsActedFor().Any(pool.IsMember));

    /// <summary>
    /// Who may read a contract and its invoices: council staff of its council, the contracted provider (token subject =
    /// provider id), and the pool's members and their representatives. Anyone else is told it does not exist (404).
    /// </summary>
    public static async Task<bool> MayReadContract(IQuerySession query, ClaimsPrincipal user, string councilId, Guid providerId, Guid poolId)
    {
        if (!CouncilAccess.IsSameCouncil(user, councilId))
        {
            return false;
        }

        return user.Role() switch
        {
            Roles.Broker or Roles.CouncilAdmin => true,
            Roles.Provider => user.Subject() == providerId.ToString(),
            _ => await query.LoadAsync<Pool>(poolId) is { } pool && MayReadPool(user, pool),
        };
    }

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);
}
