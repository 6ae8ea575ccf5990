using Brokerage.ProviderOffers.Api.Calls;
using Brokerage.ProviderOffers.Api.Calls.CancellingCall;
using Brokerage.ProviderOffers.Api.Calls.ClosingCall;
using Brokerage.ProviderOffers.Api.Calls.RecordingAward;
using Brokerage.ProviderOffers.Api.Calls.RecordingCall;

namespace Brokerage.ProviderOffers.Api.ReadModels;

/// <summary>
/// A call for offers as providers and brokers read it. Built from the call's own events only, never from bid events,
/// so nothing here (not even a count or a version) moves when someone bids.
/// </summary>
public sealed record CallView(
    Guid Id,
    string CouncilId,
    Guid PoolId,
    string Title,
    string Description,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> ServiceCategories,
    long MaximumAnnualPrice,
    string Currency,
    int TermMonths,
    DateOnly StartDate,
    DateTimeOffset ClosesAt,
    DateTimeOffset PublishedAt,
    CallStatus Status,
    DateTimeOffset? BidsOpenedAt,
    DateTimeOffset? CancelledAt)
{
    public static CallView Create(CallForOffersRecorded e) =>
        new(e.CallId, e.CouncilId, e.PoolId, e.Title, e.Description, e.Outcomes, e.ServiceCategories, e.MaximumAnnualPrice, e.Currency,
            e.TermMonths, e.StartDate, e.ClosesAt, e.PublishedAt, CallStatus.Open, null, null);

    public CallView Apply(CallClosed e) => this with { Status = CallStatus.Closed, BidsOpenedAt = e.OpenedAt };

    public CallView Apply(CallCancelled e) => this with { Status = CallStatus.Cancelled, CancelledAt = e.CancelledAt };

    public CallView Apply(CallAwarded e) => this with { Status = CallStatus.Awarded };

    public CallView Apply(AwardReverted e) => this with { Status = CallStatus.Closed };

    public bool BidsAreOpen => BidsOpenedAt is not null;
}
