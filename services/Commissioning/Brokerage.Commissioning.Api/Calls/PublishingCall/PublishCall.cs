using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.Calls;

public sealed record CallPublished(Guid CallId, DateTimeOffset PublishedAt);

public sealed record PublishCall(DateTimeOffset Now);

public static partial class CallDecisions
{
    public static CallPublished Handle(CallForOffers call, PublishCall c)
    {
        Require(call, "published", CallStatus.Draft);
        if (call.ClosesAt <= c.Now)
        {
            throw new ClosingTimeNotInFuture();
        }

        return new CallPublished(call.Id, c.Now);
    }
}
