using Brokerage.PooledFunds.Contracts;

namespace Brokerage.Commissioning.Api.Pools;

/// <summary>
/// What Commissioning knows of a pool, from PooledFunds' events (the events themselves are appended to the pool's stream
/// here, so the read model is rebuildable). Any event may arrive first: each one can start the record.
/// </summary>
public sealed record Pool(
    Guid Id,
    string CouncilId,
    string? Name,
    string Status,
    int VoteQuorumPercent,
    string VotingMethod,
    IReadOnlyList<Guid> Members,
    IReadOnlyList<Membership>? Memberships = null,
    IReadOnlyList<PledgeWeight>? Pledges = null)
{
    public const string Unknown = "unknown";
    public const string Open = "open";
    public const string Active = "active";
    public const string WindingDown = "winding-down";
    public const string Closed = "closed";
    public const string OneMemberOneVote = "one-member-one-vote";
    public const string WeightedByPledge = "weighted-by-pledge";

    public bool IsMember(Guid memberId) => Members.Contains(memberId);

    /// <summary>The member's live pledged pence in the pool as last heard (0 when nothing was heard): their vote's weight.</summary>
    public long LivePledged(Guid memberId) => Pledges?.FirstOrDefault(p => p.MemberId == memberId)?.LivePledged ?? 0;

    private static Pool Empty(Guid id, string council) => new(id, council, null, Unknown, 0, OneMemberOneVote, []);

    public static Pool Create(PoolOpened e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolActivated e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolWindingDown e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolClosed e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolMemberJoined e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolMemberLeft e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolPledgeChanged e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    // A late PoolOpened never moves a pool back from a later status.
    public Pool Apply(PoolOpened e) => this with
    {
        Name = e.Name,
        Status = Status == Unknown ? Open : Status,
        VoteQuorumPercent = e.Governance.VoteQuorumPercent,
        VotingMethod = e.Governance.VotingMethod,
    };

    public Pool Apply(PoolActivated e) => this with { Status = Status is Unknown or Open ? Active : Status };

    public Pool Apply(PoolWindingDown e) => this with { Status = Status == Closed ? Closed : WindingDown };

    public Pool Apply(PoolClosed e) => this with { Status = Closed };

    // Joins and leaves may arrive out of order: the latest of a member's join and leave times decides.
    public Pool Apply(PoolMemberJoined e) => WithMembership(e.MemberId, m => m with { JoinedAt = Max(m.JoinedAt, e.JoinedAt) });

    public Pool Apply(PoolMemberLeft e) => WithMembership(e.MemberId, m => m with { LeftAt = Max(m.LeftAt, e.LeftAt) });

    // Pledge changes may arrive out of order or twice: the highest version of each member's figure wins.
    public Pool Apply(PoolPledgeChanged e)
    {
        var all = Pledges ?? [];
        if (all.FirstOrDefault(p => p.MemberId == e.MemberId) is { } known && known.Version >= e.Version)
        {
            return this;
        }

        return this with { Pledges = [.. all.Where(p => p.MemberId != e.MemberId), new PledgeWeight(e.MemberId, e.LivePledged, e.Version)] };
    }

    private Pool WithMembership(Guid memberId, Func<Membership, Membership> change)
    {
        var all = Memberships ?? Members.Select(m => new Membership(m, DateTimeOffset.MinValue, null)).ToArray();
        var current = all.FirstOrDefault(m => m.MemberId == memberId) ?? new Membership(memberId, null, null);
        var updated = all.Where(m => m.MemberId != memberId).Append(change(current)).ToArray();
        return this with { Memberships = updated, Members = updated.Where(m => m.IsMember).Select(m => m.MemberId).ToArray() };
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

/// <summary>A member's latest join and leave; a member when they joined after they last left.</summary>
public sealed record Membership(Guid MemberId, DateTimeOffset? JoinedAt, DateTimeOffset? LeftAt)
{
    public bool IsMember => JoinedAt is { } joined && (LeftAt is not { } left || joined > left);
}

/// <summary>A member's live pledged amount in the pool (pence) at the pool stream's <paramref name="Version"/> in PooledFunds.</summary>
public sealed record PledgeWeight(Guid MemberId, long LivePledged, long Version);
