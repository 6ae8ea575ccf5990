namespace Brokerage.Commissioning.Api.Calls;

public sealed record CallContracted(Guid CallId, Guid ContractId, DateTimeOffset ContractedAt);

public sealed record ContractCall(Guid ContractId, DateTimeOffset Now);

public static partial class CallDecisions
{
    public static CallContracted? Handle(CallForOffers call, ContractCall c) =>
        call.Status == CallStatus.Standstill && call.CurrentContractId == c.ContractId && call.StandstillEndedAt is not null
            ? new CallContracted(call.Id, c.ContractId, c.Now)
            : null;
}
