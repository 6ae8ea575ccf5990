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
    IReadOnlyList<Guid> Members)
{
    public const string Unknown = "unknown";
    public const string Open = "open";
    public const string Active = "active";
    public const string WindingDown = "winding-down";
    public const string Closed = "closed";
    public const string OneMemberOneVote = "one-member-one-vote";
    public const string WeightedByPledge = "weighted-by-pledge";

    public bool IsMember(Guid memberId) => Members.Contains(memberId);

    private static Pool Empty(Guid id, string council) => new(id, council, null, Unknown, 0, OneMemberOneVote, []);

    public static Pool Create(PoolOpened e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolActivated e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolWindingDown e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolClosed e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolMemberJoined e) => Empty(e.PoolId, e.CouncilId).Apply(e);

    public static Pool Create(PoolMemberLeft e) => Empty(e.PoolId, e.CouncilId).Apply(e);

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

    public Pool Apply(PoolMemberJoined e) => IsMember(e.MemberId) ? this : this with { Members = [.. Members, e.MemberId] };

    public Pool Apply(PoolMemberLeft e) => this with { Members = Members.Where(m => m != e.MemberId).ToArray() };
}
