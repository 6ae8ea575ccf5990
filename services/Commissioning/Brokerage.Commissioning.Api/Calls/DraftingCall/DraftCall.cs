using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Needs;
using Brokerage.Commissioning.Api.Pools;

namespace Brokerage.Commissioning.Api.Calls;

public sealed record CallDrafted(
    Guid CallId,
    string CouncilId,
    Guid PoolId,
    Guid NeedId,
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
    int VotingWindowHours,
    string DraftedBy,
    DateTimeOffset DraftedAt);

public sealed record DraftCall(
    Guid CallId,
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
    int VotingWindowHours,
    string Broker,
    DateTimeOffset Now);

public static partial class CallDecisions
{
    public static CallDrafted Handle(Pool pool, Need need, DraftCall c)
    {
        if (pool.Status != Pool.Active)
        {
            throw new PoolNotActive(pool.Status);
        }

        if (c.ClosesAt <= c.Now)
        {
            throw new ClosingTimeNotInFuture();
        }

        return new CallDrafted(
            c.CallId, pool.CouncilId, pool.Id, need.Id, c.Title, c.Description, c.Outcomes, c.ServiceCategories, c.MaximumAnnualPrice,
            c.Currency, c.TermMonths, c.StartDate, c.Weights, c.ClosesAt, c.StandstillRule, c.VotingWindowHours, c.Broker, c.Now);
    }
}
