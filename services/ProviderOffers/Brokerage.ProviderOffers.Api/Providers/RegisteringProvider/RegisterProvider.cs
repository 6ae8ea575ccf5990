namespace Brokerage.ProviderOffers.Api.Providers.RegisteringProvider;

public sealed record RegisterProvider(
    Guid ProviderId,
    string LegalName,
    RegistrationNumbers RegistrationNumbers,
    IReadOnlyList<string> ServiceCategories,
    IReadOnlyList<string> AreasServed,
    IReadOnlyList<string> CouncilIds,
    DateTimeOffset RegisteredAt)
{
    public static ProviderRegistered Handle(Provider? provider, RegisterProvider command) =>
        provider is not null
            ? throw new ProviderAlreadyRegistered()
            : new ProviderRegistered(
                command.ProviderId, command.LegalName, command.RegistrationNumbers, command.ServiceCategories, command.AreasServed,
                command.CouncilIds, command.RegisteredAt);
}

public sealed record ProviderRegistered(
    Guid ProviderId,
    string LegalName,
    RegistrationNumbers RegistrationNumbers,
    IReadOnlyList<string> ServiceCategories,
    IReadOnlyList<string> AreasServed,
    IReadOnlyList<string> CouncilIds,
    DateTimeOffset RegisteredAt);
