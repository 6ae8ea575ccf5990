namespace Brokerage.ProviderOffers.Api.Calls.ClosingCall;

/// <summary>
/// Commissioning closed the call: the bids are opened, exactly once per call. A second close (the same message redelivered
/// after the inbox forgot it, or a second message from another Commissioning instance) finds the call closed and does nothing.
/// A cancelled call's bids are never opened.
/// </summary>
public sealed record CloseCall(Guid CallId, DateTimeOffset ClosedAt, DateTimeOffset OpenedAt)
{
    public static IReadOnlyList<object> Handle(CallForOffers call, CloseCall command) =>
        call.BidsOpened || call.Status == CallStatus.Cancelled
            ? []
            : [new CallClosed(command.CallId, command.ClosedAt, call.LiveBids.Select(bid => bid.BidId).ToList(), command.OpenedAt)];
}

/// <summary>The call closed and the listed bids (each at its latest revision) were opened.</summary>
public sealed record CallClosed(Guid CallId, DateTimeOffset ClosedAt, IReadOnlyList<Guid> OpenedBidIds, DateTimeOffset OpenedAt);
