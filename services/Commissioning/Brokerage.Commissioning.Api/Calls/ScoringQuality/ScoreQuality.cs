using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.Calls;

public sealed record QualityScored(Guid CallId, Guid BidId, int Score, string Reason, string ScoredBy, DateTimeOffset ScoredAt);

public sealed record ScoreQuality(Guid BidId, int Score, string Reason, string Broker, DateTimeOffset Now);

public static partial class CallDecisions
{
    public static QualityScored Handle(CallForOffers call, ScoreQuality c)
    {
        Require(call, "scored", CallStatus.Evaluating);
        if (call.Bids.All(b => b.BidId != c.BidId))
        {
            throw new UnknownBid();
        }

        return new QualityScored(call.Id, c.BidId, c.Score, c.Reason, c.Broker, c.Now);
    }
}
