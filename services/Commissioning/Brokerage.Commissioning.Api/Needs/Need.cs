using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Pools;

namespace Brokerage.Commissioning.Api.Needs;

// Needs are special-category data: their title and description stay in this service's database and its API
// answers to the pool's members and council staff; they never go into a message, a log line or an error text.

/// <param name="RaisedBy">Who acted: the member, or the representative acting for them.</param>
public sealed record NeedRaised(
    Guid NeedId, Guid PoolId, string CouncilId, Guid MemberId, string Title, string Description, string RaisedBy, DateTimeOffset RaisedAt);

public sealed record NeedSupported(Guid NeedId, Guid MemberId, string SupportedBy, DateTimeOffset SupportedAt);

public sealed record RaiseNeed(Guid NeedId, Guid MemberId, string Title, string Description, string ActingUser, DateTimeOffset Now);

public sealed record SupportNeed(Guid NeedId, Guid MemberId, string ActingUser, DateTimeOffset Now);

/// <summary>A member's need in a pool; the member who raised it is its first supporter.</summary>
public sealed record Need(
    Guid Id, Guid PoolId, string CouncilId, Guid RaisedByMember, string Title, string Description, IReadOnlyList<Guid> Supporters, DateTimeOffset RaisedAt)
{
    public static Need Create(NeedRaised e) => new(e.NeedId, e.PoolId, e.CouncilId, e.MemberId, e.Title, e.Description, [e.MemberId], e.RaisedAt);

    public Need Apply(NeedSupported e) => this with { Supporters = [.. Supporters, e.MemberId] };

    public static NeedRaised Handle(Pool pool, RaiseNeed command)
    {
        if (pool.Status is not (Pool.Open or Pool.Active))
        {
            throw new PoolNotOpenForNeeds(pool.Status);
        }

        if (!pool.IsMember(command.MemberId))
        {
            throw new NotAPoolMember();
        }

        return new NeedRaised(command.NeedId, pool.Id, pool.CouncilId, command.MemberId, command.Title, command.Description, command.ActingUser, command.Now);
    }

    public static NeedSupported Handle(Need need, Pool pool, SupportNeed command)
    {
        if (!pool.IsMember(command.MemberId))
        {
            throw new NotAPoolMember();
        }

        if (need.Supporters.Contains(command.MemberId))
        {
            throw new AlreadySupported();
        }

        return new NeedSupported(need.Id, command.MemberId, command.ActingUser, command.Now);
    }
}
