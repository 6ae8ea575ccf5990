namespace Brokerage.ProviderOffers.Api.Calls.RecordingCall;

/// <summary>Commissioning published a call for offers; recorded once per call (a repeated message changes nothing).</summary>
public sealed record RecordCall(
    Guid CallId,
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
    DateTimeOffset PublishedAt)
{
    public static IReadOnlyList<object> Handle(CallForOffers? call, RecordCall c) =>
        call is not null
            ? []
            : [new CallForOffersRecorded(
                c.CallId, c.CouncilId, c.PoolId, c.Title, c.Description, c.Outcomes, c.ServiceCategories, c.MaximumAnnualPrice,
                c.Currency, c.TermMonths, c.StartDate, c.ClosesAt, c.PublishedAt)];
}

public sealed record CallForOffersRecorded(
    Guid CallId,
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
    DateTimeOffset PublishedAt);
