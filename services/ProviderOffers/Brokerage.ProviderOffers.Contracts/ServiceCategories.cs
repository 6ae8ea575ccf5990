namespace Brokerage.ProviderOffers.Contracts;

/// <summary>The fixed list of service categories providers offer and calls for offers seek (docs/api/provider-offers.md). Providers offer them; Commissioning checks calls against them, so a call can always meet a provider..</summary>
public static class ServiceCategories
{
    public static IReadOnlyList<string> All { get; } =
    [
        "home-care",
        "day-opportunities",
        "personal-assistance",
        "respite",
        "community-activities",
        "transport",
        "advocacy",
        "mental-health-support",
        "employment-support",
        "housing-support",
    ];
}
