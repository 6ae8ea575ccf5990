namespace Brokerage.Commissioning.Api.Calls;

public sealed record StandstillBegan(Guid CallId, Guid ContractId, DateTimeOffset FundsReservedAt, DateTimeOffset StandstillEndsAt);

public sealed record StandstillEnded(Guid CallId, Guid ContractId, DateTimeOffset EndedAt);

public sealed record BeginStandstill(Guid ContractId, DateTimeOffset FundsReservedAt);

public sealed record EndStandstill(DateTimeOffset Now);

public static partial class CallDecisions
{
    public static StandstillBegan? Handle(CallForOffers call, BeginStandstill c) =>
        call.Status == CallStatus.Awarded && call.CurrentContractId == c.ContractId
            ? new StandstillBegan(call.Id, c.ContractId, c.FundsReservedAt, call.StandstillEndsAt!.Value)
            : null;

    /// <summary>The standstill's end, once: the watcher of every instance may ask, the first append wins.</summary>
    public static StandstillEnded? Handle(CallForOffers call, EndStandstill c) =>
        call.Status == CallStatus.Standstill && call.StandstillEndedAt is null && call.StandstillEndsAt <= c.Now
            ? new StandstillEnded(call.Id, call.CurrentContractId!.Value, c.Now)
            : null;
}
