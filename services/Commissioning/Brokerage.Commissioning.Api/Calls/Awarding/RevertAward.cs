namespace Brokerage.Commissioning.Api.Calls;

public sealed record CallAwardReverted(Guid CallId, Guid ContractId, Guid BidId, string Reason, DateTimeOffset RevertedAt);

public sealed record RevertAward(Guid ContractId, string Reason, DateTimeOffset Now);

public static partial class CallDecisions
{
    /// <summary>The pool could not cover the award: back to evaluating. Nothing to do unless that award is the current one.</summary>
    public static CallAwardReverted? Handle(CallForOffers call, RevertAward c) =>
        call.Status == CallStatus.Awarded && call.CurrentContractId == c.ContractId
            ? new CallAwardReverted(call.Id, c.ContractId, call.CurrentAward!.BidId, c.Reason, c.Now)
            : null;
}
