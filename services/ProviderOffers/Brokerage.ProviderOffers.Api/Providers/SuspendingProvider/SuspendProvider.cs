namespace Brokerage.ProviderOffers.Api.Providers.SuspendingProvider;

/// <summary>A broker of <paramref name="CouncilId"/> suspends the provider there, with a reason: it may no longer bid there.</summary>
public sealed record SuspendProvider(Guid ProviderId, string CouncilId, string BrokerId, string Reason, DateTimeOffset SuspendedAt)
{
    public static ProviderSuspended Handle(Provider? provider, SuspendProvider command)
    {
        if (provider is null)
        {
            throw new ProviderNotRegistered();
        }

        if (!provider.WorksWith(command.CouncilId))
        {
            throw new ProviderDoesNotWorkWithCouncil();
        }

        if (string.IsNullOrWhiteSpace(command.Reason))
        {
            throw new SuspensionReasonRequired();
        }

        return provider.StandingWith(command.CouncilId) == Standing.Suspended
            ? throw new ProviderAlreadySuspended()
            : new ProviderSuspended(command.ProviderId, command.CouncilId, command.BrokerId, command.Reason, command.SuspendedAt);
    }
}

public sealed record ProviderSuspended(Guid ProviderId, string CouncilId, string BrokerId, string Reason, DateTimeOffset SuspendedAt);
