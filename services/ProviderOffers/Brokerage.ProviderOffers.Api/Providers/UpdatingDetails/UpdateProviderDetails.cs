namespace Brokerage.ProviderOffers.Api.Providers.UpdatingDetails;

/// <summary>Replaces the organisation's details. Standings stay; a council dropped from the list no longer sees the provider.</summary>
public sealed record UpdateProviderDetails(
    Guid ProviderId,
    string LegalName,
    RegistrationNumbers RegistrationNumbers,
    IReadOnlyList<string> ServiceCategories,
    IReadOnlyList<string> AreasServed,
    IReadOnlyList<string> CouncilIds,
    DateTimeOffset UpdatedAt)
{
    public static ProviderDetailsUpdated Handle(Provider? provider, UpdateProviderDetails command) =>
        provider is null
            ? throw new ProviderNotRegistered()
            : new ProviderDetailsUpdated(
                command.ProviderId, command.LegalName, command.RegistrationNumbers, command.ServiceCategories, command.AreasServed,
                command.CouncilIds, command.UpdatedAt);
}

public sealed record ProviderDetailsUpdated(
    Guid ProviderId,
    string LegalName,
    RegistrationNumbers RegistrationNumbers,
    IReadOnlyList<string> ServiceCategories,
    IReadOnlyList<string> AreasServed,
    IReadOnlyList<string> CouncilIds,
    DateTimeOffset UpdatedAt);
