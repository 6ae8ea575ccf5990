namespace Brokerage.Members.Api.Members.EditingOutcome;

public sealed record EditSupportPlanOutcome(Guid MemberId, Guid OutcomeId, string Description, DateTimeOffset EditedAt)
{
    public static SupportPlanOutcomeEdited Handle(Member member, EditSupportPlanOutcome command)
    {
        member.EnsureOpen();
        if (!member.Outcomes.ContainsKey(command.OutcomeId))
        {
            throw new OutcomeNotFound();
        }

        return new(command.MemberId, command.OutcomeId, command.Description, command.EditedAt);
    }
}

public sealed record SupportPlanOutcomeEdited(Guid MemberId, Guid OutcomeId, string Description, DateTimeOffset EditedAt);
