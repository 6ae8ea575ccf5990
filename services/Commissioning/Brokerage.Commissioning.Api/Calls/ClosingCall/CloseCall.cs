namespace Brokerage.Commissioning.Api.Calls;

public sealed record CallClosed(Guid CallId, DateTimeOffset ClosedAt);

public sealed record CloseCall(DateTimeOffset Now);

public static partial class CallDecisions
{
    /// <summary>Closes a published call whose closing time has come; nothing to do otherwise (another instance closed it).</summary>
    public static CallClosed? Handle(CallForOffers call, CloseCall c) =>
        call.Status == CallStatus.Published && call.ClosesAt <= c.Now ? new CallClosed(call.Id, c.Now) : null;
}
