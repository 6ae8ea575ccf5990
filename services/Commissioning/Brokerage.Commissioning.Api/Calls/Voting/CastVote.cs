using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.Calls;

public sealed record VoteCast(Guid CallId, Guid MemberId, Guid BidId, string? CastBy, DateTimeOffset CastAt);

/// <param name="CastBy">The representative acting for the member, or null.</param>
public sealed record CastVote(Guid MemberId, Guid BidId, string? CastBy, DateTimeOffset Now);

public static partial class CallDecisions
{
    /// <summary>One vote per elector, whatever the voting method; in a weighted pool an elector with no pledge votes too (weight 0).</summary>
    public static VoteCast Handle(CallForOffers call, CastVote c)
    {
        if (call.Status != CallStatus.Evaluating || call.VotingOpensAt is not { } opens || call.VotingClosesAt is not { } closes
            || c.Now < opens || c.Now >= closes)
        {
            throw new VotingNotOpen();
        }

        if (!call.Electorate.Contains(c.MemberId))
        {
            throw new NotAPoolMember();
        }

        if (call.Votes.Any(v => v.MemberId == c.MemberId))
        {
            throw new AlreadyVoted();
        }

        if (call.Bids.All(b => b.BidId != c.BidId))
        {
            throw new UnknownBid();
        }

        return new VoteCast(call.Id, c.MemberId, c.BidId, c.CastBy, c.Now);
    }
}
