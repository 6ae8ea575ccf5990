namespace Brokerage.ProviderOffers.Contracts;

// Integration events of the ProviderOffers service. Bids are sealed: no message carries a bid's price, proposal or
// even its existence before the call closes; BidsOpened is the first and only message with bid contents.

/// <summary>An organisation registered. Its name and categories are public; registration numbers stay in ProviderOffers.</summary>
public sealed record ProviderRegistered(
    Guid ProviderId, string LegalName, IReadOnlyList<string> ServiceCategories, IReadOnlyList<string> CouncilIds, DateTimeOffset RegisteredAt);

/// <summary>A broker of <paramref name="CouncilId"/> verified the provider: it may bid on that council's calls.</summary>
public sealed record ProviderVerified(Guid ProviderId, string CouncilId, DateTimeOffset VerifiedAt);

public sealed record ProviderSuspended(Guid ProviderId, string CouncilId, string Reason, DateTimeOffset SuspendedAt);

/// <summary>A bid as it stood at the closing time. Money is integer minor units (pence) per year.</summary>
public sealed record OpenedBid(
    Guid BidId,
    Guid ProviderId,
    string ProviderName,
    long AnnualPrice,
    string Currency,
    int Capacity,
    string Proposal,
    IReadOnlyList<string> OutcomeCommitments,
    DateTimeOffset SubmittedAt);

/// <summary>
/// The call closed and its bids were unsealed: every bid neither withdrawn nor superseded by a revision, exactly once per
/// call (Commissioning keys on <paramref name="CallId"/>).
/// </summary>
public sealed record BidsOpened(Guid CallId, string CouncilId, IReadOnlyList<OpenedBid> Bids, DateTimeOffset OpenedAt);
