namespace Brokerage.Commissioning.Api.Calls;

public sealed record CallCancelled(Guid CallId, string Reason, string CancelledBy, DateTimeOffset CancelledAt);

public sealed record CancelCall(string Reason, string Broker, DateTimeOffset Now);

public static partial class CallDecisions
{
    public static CallCancelled Handle(CallForOffers call, CancelCall c)
    {
        Require(call, "cancelled", CallStatus.Draft, CallStatus.Published, CallStatus.Closed, CallStatus.Evaluating, CallStatus.Awarded, CallStatus.Standstill);
        return new CallCancelled(call.Id, c.Reason, c.Broker, c.Now);
    }
}
