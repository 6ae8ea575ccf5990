namespace Brokerage.ProviderOffers.Api.Calls.CancellingCall;

/// <summary>Commissioning cancelled the call: bids can no longer change, and bids not yet opened stay sealed for good.</summary>
public sealed record CancelCall(Guid CallId, string Reason, DateTimeOffset CancelledAt)
{
    public static IReadOnlyList<object> Handle(CallForOffers call, CancelCall command) =>
        call.Status == CallStatus.Cancelled ? [] : [new CallCancelled(command.CallId, command.Reason, command.CancelledAt)];
}

public sealed record CallCancelled(Guid CallId, string Reason, DateTimeOffset CancelledAt);
