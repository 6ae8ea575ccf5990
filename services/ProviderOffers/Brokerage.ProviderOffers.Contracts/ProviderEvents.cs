namespace Brokerage.ProviderOffers.Contracts;

// Integration events of the ProviderOffers service. Bids are sealed: no message carries a bid's price, proposal or
// even its existence before the call closes; BidsOpened is the first and only message with bid contents.

/// <summary>An organisation registered. Its name and categories are public; registration numbers stay in ProviderOffers.</summary>
public sealed record ProviderRegistered(
    Guid ProviderId, string LegalName, IReadOnlyList<string> ServiceCategories, IReadOnlyList<string> CouncilIds, DateTimeOffset RegisteredAt);

/// <summary>The organisation changed its details (name, categories, councils it works with).</summary>
public sealed record ProviderDetailsChanged(
    Guid ProviderId, string LegalName, IReadOnlyList<string> ServiceCategories, IReadOnlyList<string> CouncilIds, DateTimeOffset ChangedAt);

/// <summary>The provider recorded its Stripe connected account (acct_…): where PooledFunds pays it.</summary>
public sealed record ProviderPaymentAccountRecorded(Guid ProviderId, string PaymentAccountId, DateTimeOffset RecordedAt);

/// <summary>A broker of <paramref name="CouncilId"/> verified the provider: it may bid on that council's calls.</summary>
public sealed record ProviderVerified(Guid ProviderId, string CouncilId, DateTimeOffset VerifiedAt);

public sealed record ProviderSuspended(Guid ProviderId, string CouncilId, string Reason, DateTimeOffset SuspendedAt);

/// <summary>
/// A bid as it stood at the closing time (its latest revision). Money is integer minor units (pence) per year.
/// <paramref name="SubmittedAt"/> is the first submission; <paramref name="Revision"/> counts from 1 and
/// <paramref name="LastRevisedAt"/> is the time of the latest revision (null when never revised).
/// </summary>
public sealed record OpenedBid(
    Guid BidId,
    Guid ProviderId,
    string ProviderName,
    long AnnualPrice,
    string Currency,
    int Capacity,
    string Proposal,
    IReadOnlyList<string> OutcomeCommitments,
    DateTimeOffset SubmittedAt,
    int Revision = 1,
    DateTimeOffset? LastRevisedAt = null);

/// <summary>
/// The call closed and its bids were unsealed: every bid neither withdrawn nor superseded by a revision, exactly once per
/// call (Commissioning keys on <paramref name="CallId"/>).
/// </summary>
public sealed record BidsOpened(Guid CallId, string CouncilId, IReadOnlyList<OpenedBid> Bids, DateTimeOffset OpenedAt);
