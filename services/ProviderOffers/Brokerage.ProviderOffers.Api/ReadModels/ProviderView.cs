using Brokerage.ProviderOffers.Api.Providers;
using Brokerage.ProviderOffers.Api.Providers.RecordingPaymentAccount;
using Brokerage.ProviderOffers.Api.Providers.RegisteringProvider;
using Brokerage.ProviderOffers.Api.Providers.SuspendingProvider;
using Brokerage.ProviderOffers.Api.Providers.UpdatingDetails;
using Brokerage.ProviderOffers.Api.Providers.VerifyingProvider;

namespace Brokerage.ProviderOffers.Api.ReadModels;

/// <summary>One verification or suspension, kept for the record.</summary>
public sealed record StandingChange(string CouncilId, Standing Standing, string? Reason, string BrokerId, DateTimeOffset At);

/// <summary>
/// A provider's details and its standing with each council it works with, with the history of changes. Marten sets
/// <see cref="Version"/> to the stream version (its convention for a snapshot's Version member): the provider's ETag.
/// </summary>
public sealed record ProviderView(
    Guid Id,
    string LegalName,
    RegistrationNumbers RegistrationNumbers,
    IReadOnlyList<string> ServiceCategories,
    IReadOnlyList<string> AreasServed,
    IReadOnlyList<string> CouncilIds,
    string? PaymentAccountId,
    IReadOnlyList<StandingChange> History,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public static ProviderView Create(ProviderRegistered e) =>
        new(e.ProviderId, e.LegalName, e.RegistrationNumbers, e.ServiceCategories, e.AreasServed, e.CouncilIds, null, [], e.RegisteredAt, e.RegisteredAt, 0);

    public ProviderView Apply(ProviderDetailsUpdated e) => this with
    {
        LegalName = e.LegalName,
        RegistrationNumbers = e.RegistrationNumbers,
        ServiceCategories = e.ServiceCategories,
        AreasServed = e.AreasServed,
        CouncilIds = e.CouncilIds,
        UpdatedAt = e.UpdatedAt,
    };

    public ProviderView Apply(PaymentAccountRecorded e) =>
        this with { PaymentAccountId = e.PaymentAccountId, UpdatedAt = e.RecordedAt };

    public ProviderView Apply(ProviderVerified e) => this with
    {
        History = [.. History, new StandingChange(e.CouncilId, Standing.Verified, e.Reason, e.BrokerId, e.VerifiedAt)],
    };

    public ProviderView Apply(ProviderSuspended e) => this with
    {
        History = [.. History, new StandingChange(e.CouncilId, Standing.Suspended, e.Reason, e.BrokerId, e.SuspendedAt)],
    };

    /// <summary>The latest change for <paramref name="councilId"/>, or null while the council has not verified it yet.</summary>
    public StandingChange? LatestWith(string councilId) => History.LastOrDefault(change => change.CouncilId == councilId);

    public Standing StandingWith(string councilId) => LatestWith(councilId)?.Standing ?? Standing.Unverified;

    public bool WorksWith(string councilId) => CouncilIds.Contains(councilId, StringComparer.Ordinal);
}
