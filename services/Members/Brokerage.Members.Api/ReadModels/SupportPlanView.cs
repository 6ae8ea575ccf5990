using Brokerage.Members.Api.Members.AchievingOutcome;
using Brokerage.Members.Api.Members.AddingOutcome;
using Brokerage.Members.Api.Members.EditingOutcome;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.Members.Api.Members.RemovingOutcome;
using JasperFx;

namespace Brokerage.Members.Api.ReadModels;

/// <summary>The outcomes a member wants to achieve: special-category data, read only by the member's side and council staff.</summary>
public sealed record SupportPlanView([property: Identity] Guid MemberId, IReadOnlyList<OutcomeEntry> Outcomes)
{
    public static SupportPlanView Create(MemberRegistered e) => new(e.MemberId, []);

    public SupportPlanView Apply(SupportPlanOutcomeAdded e) =>
        this with { Outcomes = [.. Outcomes, new OutcomeEntry(e.OutcomeId, e.Description, e.AddedAt, null, null)] };

    public SupportPlanView Apply(SupportPlanOutcomeEdited e) =>
        With(e.OutcomeId, o => o with { Description = e.Description, EditedAt = e.EditedAt });

    public SupportPlanView Apply(SupportPlanOutcomeAchieved e) => With(e.OutcomeId, o => o with { AchievedAt = e.AchievedAt });

    public SupportPlanView Apply(SupportPlanOutcomeRemoved e) => this with { Outcomes = Outcomes.Where(o => o.OutcomeId != e.OutcomeId).ToArray() };

    private SupportPlanView With(Guid outcomeId, Func<OutcomeEntry, OutcomeEntry> change) =>
        this with { Outcomes = Outcomes.Select(o => o.OutcomeId == outcomeId ? change(o) : o).ToArray() };
}

public sealed record OutcomeEntry(Guid OutcomeId, string Description, DateTimeOffset AddedAt, DateTimeOffset? EditedAt, DateTimeOffset? AchievedAt)
{
    public bool Achieved => AchievedAt is not null;
}
