using Brokerage.Commissioning.Api.Pools;

namespace Brokerage.Commissioning.Api.Calls;

/// <summary>The bids arrived unsealed; the voting window opens and the electorate (the pool's members then) is fixed.</summary>
/// <param name="Weights">
/// In a "weighted-by-pledge" pool, each elector's vote weight fixed at this moment: their live pledged pence in the pool
/// (0 when none is known). Null for one member, one vote, and in events recorded before weighted voting existed (every
/// weight then counts 0, so the vote cannot carry weight and is redistributed).
/// </param>
public sealed record BidsReceived(
    Guid CallId, IReadOnlyList<CallBid> Bids, IReadOnlyList<Guid> Electorate, int QuorumPercent, string VotingMethod,
    DateTimeOffset VotingOpensAt, DateTimeOffset VotingClosesAt, DateTimeOffset ReceivedAt,
    IReadOnlyDictionary<Guid, long>? Weights = null);

public sealed record OpenBids(IReadOnlyList<CallBid> Bids, Pool Pool, DateTimeOffset Now);

public static partial class CallDecisions
{
    /// <summary>
    /// The bids arrive unsealed. A published call is closed first (the bids can only be opened after closing); a call that
    /// already has its bids, or was cancelled, takes nothing from a repeat.
    /// </summary>
    public static object[] Handle(CallForOffers call, OpenBids c)
    {
        if (call.Status is not (CallStatus.Published or CallStatus.Closed))
        {
            return [];
        }

        var events = new List<object>();
        if (call.Status == CallStatus.Published)
        {
            events.Add(new CallClosed(call.Id, c.Now));
        }

        var weights = c.Pool.VotingMethod == Pool.WeightedByPledge ? c.Pool.Members.ToDictionary(m => m, c.Pool.LivePledged) : null;
        events.Add(new BidsReceived(
            call.Id, c.Bids, c.Pool.Members, c.Pool.VoteQuorumPercent, c.Pool.VotingMethod, c.Now, c.Now.AddHours(call.VotingWindowHours), c.Now,
            weights));
        return [.. events];
    }
}
