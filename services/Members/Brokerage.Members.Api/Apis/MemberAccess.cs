using System.Security.Claims;
using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.ReadModels;
using Brokerage.ServiceDefaults;
using Marten;

namespace Brokerage.Members.Api.Apis;

/// <summary>
/// Who may reach a member's resources, checked once per request against the read model:
/// the member themselves; a representative whose token names the member and whose appointment is still active here
/// (tokens are stateless, so an ended appointment is caught on every request); council staff of the member's council.
/// Anyone else (another member, another council, a representative not for this member) gets 404, as for an unknown id.
/// </summary>
public sealed class MemberAccess(IQuerySession query)
{
    /// <summary>The member's details if <paramref name="user"/> may act for or read them; otherwise throws.</summary>
    public async Task<MemberDetailsView> EnsureAsync(ClaimsPrincipal user, Guid memberId, CancellationToken ct)
    {
        var member = await query.LoadAsync<MemberDetailsView>(memberId, ct);
        if (member is null || !CouncilAccess.IsSameCouncil(user, member.CouncilId))
        {
            throw new MemberNotFound();
        }

        switch (user.Role())
        {
            case Roles.Broker or Roles.CouncilAdmin:
                return member;
            case Roles.Member when user.MayActFor(memberId.ToString()):
                return member;
            case Roles.Representative when user.MayActFor(memberId.ToString()):
                var representatives = await query.LoadAsync<RepresentativesView>(memberId, ct);
                if (!Guid.TryParse(user.Subject(), out var representativeId) || representatives?.IsActive(representativeId) != true)
                {
                    throw new RepresentationNotActive();
                }

                return member;
            default:
                throw new MemberNotFound();
        }
    }

    /// <summary>The domain's view of the caller (the member, one of their representatives, or the council).</summary>
    public static Actor ActorOf(ClaimsPrincipal user) => user.Role() switch
    {
        Roles.Member => Actor.Member,
        Roles.Representative => Actor.Representative(Guid.Parse(user.Subject())),
        _ => Actor.Council,
    };
}
