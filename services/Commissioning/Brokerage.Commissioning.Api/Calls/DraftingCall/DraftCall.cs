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

public sealed record DraftCall(Guid CallId, CallTerms Terms, string Broker, DateTimeOffset Now);

public static partial class CallDecisions
{
    public static CallDrafted Handle(Pool pool, Need need, DraftCall c)
    {
        if (pool.Status != Pool.Active)
        {
            throw new PoolNotActive(pool.Status);
        }

        var t = c.Terms;
        if (t.ClosesAt <= c.Now)
        {
            throw new ClosingTimeNotInFuture();
        }

        return new CallDrafted(
            c.CallId, pool.CouncilId, pool.Id, need.Id, t.Title, t.Description, t.Outcomes, t.ServiceCategories, t.MaximumAnnualPrice,
            t.Currency, t.TermMonths, t.StartDate, t.Weights, t.ClosesAt, t.StandstillRule, t.VotingWindowHours, c.Broker, c.Now);
    }
}
