namespace Brokerage.Portal.Services.Models;

// What the Portal reads from Commissioning (docs/api/commissioning.md).

public sealed record CallReference(Guid Id, string Status);

public sealed record Need(Guid Id, Guid PoolId, string Title, string Description, int Support, bool SupportedByYou, DateTimeOffset RaisedAt, string Status, CallReference? Call);

public sealed record CallWeights(int Price, int Quality, int MemberVote);

public sealed record CallSummary(
    Guid Id, Guid PoolId, Guid NeedId, string Title, string Description, IReadOnlyList<string> Outcomes, IReadOnlyList<string> ServiceCategories,
    long MaximumAnnualAmount, int TermMonths, DateOnly StartDate, CallWeights Weights, DateTimeOffset ClosesAt, string StandstillRule,
    int VotingWindowHours, string Status, DateTimeOffset? PublishedAt, DateTimeOffset? VotingOpensAt, DateTimeOffset? VotingClosesAt,
    DateTimeOffset? StandstillEndsAt, Guid? ContractId);
