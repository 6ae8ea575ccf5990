namespace Brokerage.Commissioning.Api.Calls;

/// <summary>
/// What a call asks for and how its bids will be judged, carried whole from the request to the decision and into an
/// edit, so the twelve fields are not spelled out again in each record.
/// </summary>
public sealed record CallTerms(
    string Title,
    string Description,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> ServiceCategories,
    long MaximumAnnualPrice,
    string Currency,
    int TermMonths,
    DateOnly StartDate,
    EvaluationWeights Weights,
    DateTimeOffset ClosesAt,
    string StandstillRule,
    int VotingWindowHours)
{
    private static readonly IReadOnlyList<string> NoList = [];

    /// <summary>Equal field by field, the lists item by item (a record compares lists by reference).</summary>
    public bool SameAs(CallTerms other) =>
        this with { Outcomes = NoList, ServiceCategories = NoList } == other with { Outcomes = NoList, ServiceCategories = NoList }
        && Outcomes.SequenceEqual(other.Outcomes, StringComparer.Ordinal)
        && ServiceCategories.SequenceEqual(other.ServiceCategories, StringComparer.Ordinal);
}
