namespace Brokerage.PooledFunds.Api.Budgets.RecordingBudgets;

// Commands built from the Members service's events. Each decision is idempotent by business key, so a duplicate or
// late delivery (after the inbox has forgotten it) changes nothing, and order does not matter: the latest effective
// allocation and the latest consent win whatever order they arrive in.

public sealed record RecordRegistration(Guid MemberId, string CouncilId, string Pseudonym, DateTimeOffset RegisteredAt);

/// <param name="Kind">"allocated" or "reassessed".</param>
public sealed record RecordAllocation(
    Guid MemberId, string CouncilId, int BudgetYear, string FundingStream, long Amount, string Kind, DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt);

public sealed record RecordPoolingConsent(Guid MemberId, string CouncilId, bool Given, DateTimeOffset At);

public sealed record RecordClosure(Guid MemberId, string CouncilId, DateTimeOffset ClosedAt);

public static class BudgetFacts
{
    public const string Allocated = "allocated";
    public const string Reassessed = "reassessed";

    public static IReadOnlyList<object> Handle(MemberBudget? budget, RecordRegistration command)
    {
        if (budget is not null && budget.CouncilId != command.CouncilId)
        {
            return [];
        }

        return budget?.Pseudonym == command.Pseudonym
            ? []
            : [.. Opening(budget, command.MemberId, command.CouncilId, command.RegisteredAt), new MemberRegistrationRecorded(command.MemberId, command.Pseudonym, command.RegisteredAt)];
    }

    public static IReadOnlyList<object> Handle(MemberBudget? budget, RecordAllocation command)
    {
        if (budget is not null && budget.CouncilId != command.CouncilId)
        {
            return [];
        }

        // Business key: member + year + stream + the Members service's time of the change.
        if (budget is not null && budget.Allocations.Any(a => a.BudgetYear == command.BudgetYear && a.FundingStream == command.FundingStream
                                                              && a.EffectiveAt == command.EffectiveAt && a.Amount == command.Amount))
        {
            return [];
        }

        var events = new List<object>(Opening(budget, command.MemberId, command.CouncilId, command.RecordedAt))
        {
            new AllocationRecorded(command.MemberId, command.BudgetYear, command.FundingStream, command.Amount, command.Kind, command.EffectiveAt),
        };

        var after = Evolve(budget, events);
        if (after.IsFlagged(command.BudgetYear, command.FundingStream))
        {
            events.Add(new PledgesFlagged(
                command.MemberId, command.BudgetYear, command.FundingStream, after.Allocation(command.BudgetYear, command.FundingStream),
                after.Pledged(command.BudgetYear, command.FundingStream), command.RecordedAt));
        }

        return events;
    }

    public static IReadOnlyList<object> Handle(MemberBudget? budget, RecordPoolingConsent command)
    {
        if (budget is not null && (budget.CouncilId != command.CouncilId || budget.ConsentChangedAt >= command.At))
        {
            return []; // another council's member, a duplicate, or older than what we know
        }

        return [.. Opening(budget, command.MemberId, command.CouncilId, command.At), new PoolingConsentRecorded(command.MemberId, command.Given, command.At)];
    }

    public static IReadOnlyList<object> Handle(MemberBudget? budget, RecordClosure command)
    {
        if (budget is not null && (budget.CouncilId != command.CouncilId || budget.Closed))
        {
            return [];
        }

        return [.. Opening(budget, command.MemberId, command.CouncilId, command.ClosedAt), new MemberClosureRecorded(command.MemberId, command.ClosedAt)];
    }

    private static IEnumerable<object> Opening(MemberBudget? budget, Guid memberId, string councilId, DateTimeOffset at) =>
        budget is null ? [new MemberBudgetOpened(memberId, councilId, at)] : [];

    private static MemberBudget Evolve(MemberBudget? budget, IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            budget = budget is null ? MemberBudget.Create((MemberBudgetOpened)e) : budget.Evolve(e);
        }

        return budget!;
    }
}
