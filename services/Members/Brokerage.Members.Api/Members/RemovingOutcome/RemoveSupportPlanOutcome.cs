namespace Brokerage.Members.Api.Members.RemovingOutcome;

public sealed record RemoveSupportPlanOutcome(Guid MemberId, Guid OutcomeId, DateTimeOffset RemovedAt)
{
    public static SupportPlanOutcomeRemoved Handle(Member member, RemoveSupportPlanOutcome command)
    {
        member.EnsureOpen();
        if (!member.Outcomes.ContainsKey(command.OutcomeId))
        {
            throw new OutcomeNotFound();
        }

        return new(command.MemberId, command.OutcomeId, command.RemovedAt);
    }
}

public sealed record SupportPlanOutcomeRemoved(Guid MemberId, Guid OutcomeId, DateTimeOffset RemovedAt);
