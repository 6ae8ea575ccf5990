namespace Brokerage.ProviderOffers.Api.Providers.VerifyingProvider;

/// <summary>A broker of <paramref name="CouncilId"/> verifies the provider (first time, or reinstating it after a suspension).</summary>
public sealed record VerifyProvider(Guid ProviderId, string CouncilId, string BrokerId, string? Reason, DateTimeOffset VerifiedAt)
{
    public static ProviderVerified Handle(Provider? provider, VerifyProvider command)
    {
        if (provider is null)
        {
            throw new ProviderNotRegistered();
        }

        if (!provider.WorksWith(command.CouncilId))
        {
            throw new ProviderDoesNotWorkWithCouncil();
        }

        return provider.StandingWith(command.CouncilId) == Standing.Verified
            ? throw new ProviderAlreadyVerified()
            : new ProviderVerified(command.ProviderId, command.CouncilId, command.BrokerId, command.Reason, command.VerifiedAt);
    }
}

public sealed record ProviderVerified(Guid ProviderId, string CouncilId, string BrokerId, string? Reason, DateTimeOffset VerifiedAt);
