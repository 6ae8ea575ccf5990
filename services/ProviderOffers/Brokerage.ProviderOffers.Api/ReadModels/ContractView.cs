using Brokerage.ProviderOffers.Api.ProviderContracts;

namespace Brokerage.ProviderOffers.Api.ReadModels;

public sealed record ContractVariation(long AnnualPrice, string Currency, DateOnly EndDate, string Reason, DateTimeOffset VariedAt);

/// <summary>A provider's contract: its current terms and every variation.</summary>
public sealed record ContractView(
    Guid Id,
    Guid CallId,
    string CouncilId,
    Guid PoolId,
    Guid ProviderId,
    long AnnualPrice,
    string Currency,
    DateOnly StartDate,
    DateOnly EndDate,
    ContractStatus Status,
    DateTimeOffset StartedAt,
    IReadOnlyList<ContractVariation> Variations,
    string? EndReason,
    DateTimeOffset? EndedAt)
{
    public static ContractView Create(ContractStarted e) =>
        new(e.ContractId, e.CallId, e.CouncilId, e.PoolId, e.ProviderId, e.AnnualPrice, e.Currency, e.StartDate, e.EndDate, ContractStatus.Active,
            e.StartedAt, [], null, null);

    public ContractView Apply(ContractVaried e) => this with
    {
        AnnualPrice = e.AnnualPrice,
        Currency = e.Currency,
        EndDate = e.EndDate,
        Variations = [.. Variations, new ContractVariation(e.AnnualPrice, e.Currency, e.EndDate, e.Reason, e.VariedAt)],
    };

    public ContractView Apply(ContractEnded e) => this with { Status = ContractStatus.Ended, EndReason = e.Reason, EndedAt = e.EndedAt };
}
