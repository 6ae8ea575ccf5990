namespace Brokerage.Members.Api.Members.AchievingOutcome;

public sealed record MarkOutcomeAchieved(Guid MemberId, Guid OutcomeId, DateTimeOffset AchievedAt)
{
    public static SupportPlanOutcomeAchieved Handle(Member member, MarkOutcomeAchieved command)
    {
        member.EnsureOpen();
        if (!member.Outcomes.TryGetValue(command.OutcomeId, out var achieved))
        {
            throw new OutcomeNotFound();
        }

        if (achieved)
        {
            throw new OutcomeAlreadyAchieved();
        }

        return new(command.MemberId, command.OutcomeId, command.AchievedAt);
    }
}

public sealed record SupportPlanOutcomeAchieved(Guid MemberId, Guid OutcomeId, DateTimeOffset AchievedAt);
