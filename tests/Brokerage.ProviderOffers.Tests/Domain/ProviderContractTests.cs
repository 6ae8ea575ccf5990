using Brokerage.ProviderOffers.Api.ProviderContracts;
using static Brokerage.ProviderOffers.Tests.Domain.Spec;

namespace Brokerage.ProviderOffers.Tests.Domain;

public sealed class ProviderContractTests
{
    private static readonly Guid ContractId = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2027, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ContractStarted Started = new(
        ContractId, Guid.NewGuid(), "lambeth", Guid.NewGuid(), Guid.NewGuid(), 4_000_000, "GBP", new DateOnly(2027, 1, 1), new DateOnly(2028, 12, 31), Now);
    private static readonly ContractVaried Varied = new(ContractId, 4_400_000, "GBP", new DateOnly(2029, 6, 30), "More people", Now.AddMonths(3));
    private static readonly ContractEnded Ended = new(ContractId, "Term completed", Now.AddYears(2));

    [Fact]
    public void GivenNoContract_WhenStarted_ThenContractStarted() => Then(ProviderContract.Start(null, Started), Started);

    [Fact]
    public void GivenStartedContract_WhenStartedAgain_ThenNothingHappens() => ThenNothing(ProviderContract.Start(Given<ProviderContract>(Started), Started));

    [Fact]
    public void GivenActiveContract_WhenVaried_ThenContractVaried() => Then(ProviderContract.Vary(Given<ProviderContract>(Started), Varied), Varied);

    [Fact]
    public void GivenVariedContract_WhenTheSameVariationArrivesAgain_ThenNothingHappens() =>
        ThenNothing(ProviderContract.Vary(Given<ProviderContract>(Started, Varied), Varied));

    [Fact]
    public void GivenEndedContract_WhenVaried_ThenNothingHappens() => ThenNothing(ProviderContract.Vary(Given<ProviderContract>(Started, Ended), Varied with { VariedAt = Now.AddYears(3) }));

    [Fact]
    public void GivenActiveContract_WhenEnded_ThenContractEnded() => Then(ProviderContract.End(Given<ProviderContract>(Started, Varied), Ended), Ended);

    [Fact]
    public void GivenEndedContract_WhenEndedAgain_ThenNothingHappens() => ThenNothing(ProviderContract.End(Given<ProviderContract>(Started, Ended), Ended));
}
