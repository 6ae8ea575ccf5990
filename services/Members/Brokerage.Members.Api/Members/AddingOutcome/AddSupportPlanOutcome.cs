namespace Brokerage.Members.Api.Members.AddingOutcome;

/// <summary>An outcome the member wants to achieve (special-category data: it never leaves the Members service).</summary>
public sealed record AddSupportPlanOutcome(Guid MemberId, Guid OutcomeId, string Description, DateTimeOffset AddedAt)
{
    /// <summary>Enough for any real support plan, and a bound on one stream's size.</summary>
    public const int MaximumOutcomes = 50;

    public static SupportPlanOutcomeAdded Handle(Member member, AddSupportPlanOutcome command)
    {
        member.EnsureOpen();
        if (member.Outcomes.ContainsKey(command.OutcomeId))
        {
            throw new OutcomeAlreadyRecorded();
        }

        if (member.Outcomes.Count >= MaximumOutcomes)
        {
            throw new TooManyOutcomes();
        }

        return new(command.MemberId, command.OutcomeId, command.Description, command.AddedAt);
    }
}

public sealed record SupportPlanOutcomeAdded(Guid MemberId, Guid OutcomeId, string Description, DateTimeOffset AddedAt);

public sealed class OutcomeAlreadyRecorded() : MemberRuleBroken("A support-plan outcome with this id already exists");

public sealed class TooManyOutcomes() : MemberRuleBroken($"A support plan holds at most {AddSupportPlanOutcome.MaximumOutcomes} outcomes");
