namespace Brokerage.ProviderOffers.Api.ProviderContracts;

public enum ContractStatus
{
    Active,
    Ended,
}

/// <summary>A contract Commissioning made with a provider, kept so the provider can read its own contracts.</summary>
public sealed record ProviderContract(Guid Id, Guid ProviderId, string CouncilId, ContractStatus Status, DateTimeOffset? LastVariedAt)
{
    public static ProviderContract Create(ContractStarted e) => new(e.ContractId, e.ProviderId, e.CouncilId, ContractStatus.Active, null);

    public ProviderContract Apply(ContractVaried e) => this with { LastVariedAt = e.VariedAt };

    public ProviderContract Apply(ContractEnded e) => this with { Status = ContractStatus.Ended };

    public static IReadOnlyList<object> Start(ProviderContract? contract, ContractStarted started) => contract is null ? [started] : [];

    public static IReadOnlyList<object> Vary(ProviderContract contract, ContractVaried varied) =>
        contract.Status == ContractStatus.Ended || varied.VariedAt <= contract.LastVariedAt ? [] : [varied];

    public static IReadOnlyList<object> End(ProviderContract contract, ContractEnded ended) =>
        contract.Status == ContractStatus.Ended ? [] : [ended];
}

public sealed record ContractStarted(
    Guid ContractId, Guid CallId, string CouncilId, Guid PoolId, Guid ProviderId, long AnnualPrice, string Currency,
    DateOnly StartDate, DateOnly EndDate, DateTimeOffset StartedAt);

public sealed record ContractVaried(Guid ContractId, long AnnualPrice, string Currency, DateOnly EndDate, string Reason, DateTimeOffset VariedAt);

public sealed record ContractEnded(Guid ContractId, string Reason, DateTimeOffset EndedAt);
