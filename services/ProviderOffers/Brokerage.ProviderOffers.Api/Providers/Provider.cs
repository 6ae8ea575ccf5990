using Brokerage.ProviderOffers.Api.Providers.RecordingPaymentAccount;
using Brokerage.ProviderOffers.Api.Providers.RegisteringProvider;
using Brokerage.ProviderOffers.Api.Providers.SuspendingProvider;
using Brokerage.ProviderOffers.Api.Providers.UpdatingDetails;
using Brokerage.ProviderOffers.Api.Providers.VerifyingProvider;

namespace Brokerage.ProviderOffers.Api.Providers;

/// <summary>Companies House, Charity Commission (or OSCR / CCNI) and CQC numbers; each optional, each format-checked.</summary>
public sealed record RegistrationNumbers(string? CqcProviderId, string? CharityNumber, string? CompanyNumber);

/// <summary>A provider's standing with one council. Only <see cref="Verified"/> may bid on that council's calls.</summary>
public enum Standing
{
    Unverified,
    Verified,
    Suspended,
}

/// <summary>A provider organisation; its id is the provider token's subject.</summary>
public sealed record Provider(
    Guid Id,
    string LegalName,
    RegistrationNumbers RegistrationNumbers,
    IReadOnlyList<string> ServiceCategories,
    IReadOnlyList<string> AreasServed,
    IReadOnlyList<string> CouncilIds,
    string? PaymentAccountId,
    IReadOnlyDictionary<string, Standing> Standings)
{
    public static Provider Create(ProviderRegistered e) =>
        new(e.ProviderId, e.LegalName, e.RegistrationNumbers, e.ServiceCategories, e.AreasServed, e.CouncilIds, null, new Dictionary<string, Standing>());

    public Provider Apply(ProviderDetailsUpdated e) => this with
    {
        LegalName = e.LegalName,
        RegistrationNumbers = e.RegistrationNumbers,
        ServiceCategories = e.ServiceCategories,
        AreasServed = e.AreasServed,
        CouncilIds = e.CouncilIds,
    };

    public Provider Apply(PaymentAccountRecorded e) => this with { PaymentAccountId = e.PaymentAccountId };

    public Provider Apply(ProviderVerified e) => this with { Standings = With(e.CouncilId, Standing.Verified) };

    public Provider Apply(ProviderSuspended e) => this with { Standings = With(e.CouncilId, Standing.Suspended) };

    public bool WorksWith(string councilId) => CouncilIds.Contains(councilId, StringComparer.Ordinal);

    public Standing StandingWith(string councilId) => Standings.GetValueOrDefault(councilId, Standing.Unverified);

    /// <summary>Verified by the council (and working with it), not suspended, and offering one of the categories sought.</summary>
    public bool MayBid(string councilId, IEnumerable<string> categoriesSought) =>
        WorksWith(councilId)
        && StandingWith(councilId) == Standing.Verified
        && categoriesSought.Intersect(ServiceCategories, StringComparer.Ordinal).Any();

    private Dictionary<string, Standing> With(string councilId, Standing standing) =>
        new(Standings, StringComparer.Ordinal) { [councilId] = standing };
}
