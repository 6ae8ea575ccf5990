using Brokerage.Commissioning.Api.Pools;

namespace Brokerage.Commissioning.Api.Calls;

/// <summary>The bids arrived unsealed; the voting window opens and the electorate (the pool's members then) is fixed.</summary>
public sealed record BidsReceived(
    Guid CallId, IReadOnlyList<CallBid> Bids, IReadOnlyList<Guid> Electorate, int QuorumPercent, string VotingMethod,
    DateTimeOffset VotingOpensAt, DateTimeOffset VotingClosesAt, DateTimeOffset ReceivedAt);

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

        events.Add(new BidsReceived(
            call.Id, c.Bids, c.Pool.Members, c.Pool.VoteQuorumPercent, c.Pool.VotingMethod, c.Now, c.Now.AddHours(call.VotingWindowHours), c.Now));
        return [.. events];
    }
}
