using System.Security.Claims;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.ServiceDefaults;

namespace Brokerage.PooledFunds.Api.Apis;

/// <summary>
/// Who may see and do what with a pool. Another council's pool is invisible (404, exactly like an unknown id). Members and
/// representatives see open and active pools of their council, and any pool they (or the members they act for) pledged to
/// or proposed; council staff see every pool of their council.
/// </summary>
public static class Access
{
    public static bool IsBroker(ClaimsPrincipal user) => user.Role() == Roles.Broker;

    public static bool MayActFor(ClaimsPrincipal user, Guid memberId) => user.MayActFor(memberId.ToString());

    public static bool MayView(ClaimsPrincipal user, Pool pool)
    {
        if (!CouncilAccess.IsSameCouncil(user, pool.CouncilId))
        {
            return false;
        }

        if (user.IsCouncilStaff())
        {
            return true;
        }

        if (user.Role() is not (Roles.Member or Roles.Representative))
        {
            return false;
        }

        return pool.Status is PoolStatus.Open or PoolStatus.Active || IsInvolved(user, pool);
    }

    /// <summary>Has (or had) a pledge in the pool, or proposed it, for themselves or a member they represent.</summary>
    public static bool IsInvolved(ClaimsPrincipal user, Pool pool) =>
        IsPoolMember(user, pool)
        || pool.ProposedBy == user.Subject()
        || (pool.ProposedForMember is { } member && user.MemberIdsActedFor().Contains(member));

    /// <summary>Has or had a pledge in the pool (for themselves or a member they represent): may read its ledger.</summary>
    public static bool IsPoolMember(ClaimsPrincipal user, Pool pool) => user.MemberIdsActedFor().Any(pool.Pledges.ContainsKey);

    public static bool MayReadLedger(ClaimsPrincipal user, Pool pool) =>
        CouncilAccess.IsSameCouncil(user, pool.CouncilId) && (user.IsCouncilStaff() || IsPoolMember(user, pool));
}
