using System.Collections.Immutable;
using Brokerage.Members.Api.Members.AchievingOutcome;
using Brokerage.Members.Api.Members.AddingOutcome;
using Brokerage.Members.Api.Members.AllocatingBudget;
using Brokerage.Members.Api.Members.AppointingRepresentative;
using Brokerage.Members.Api.Members.ClosingMembership;
using Brokerage.Members.Api.Members.EndingRepresentation;
using Brokerage.Members.Api.Members.GivingPoolingConsent;
using Brokerage.Members.Api.Members.ReassessingBudget;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.Members.Api.Members.RemovingOutcome;
using Brokerage.Members.Api.Members.WithdrawingPoolingConsent;

namespace Brokerage.Members.Api.Members;

/// <summary>
/// A budget holder as the rules see them: one stream per member, holding their allocations, representatives,
/// support-plan outcomes, consent to pool and whether the membership is closed. Details (name, contact) are not
/// needed for any decision, so they live in the read model only.
/// </summary>
public sealed record Member(
    Guid Id,
    string CouncilId,
    bool IsClosed,
    bool HasPoolingConsent,
    ImmutableDictionary<string, long> Allocations,
    ImmutableDictionary<Guid, Member.Representation> Representatives,
    ImmutableDictionary<Guid, bool> Outcomes)
{
    public sealed record Representation(string Basis, bool IsActive);

    public static Member Create(MemberRegistered e) =>
        new(e.MemberId, e.CouncilId, false, false, ImmutableDictionary<string, long>.Empty,
            ImmutableDictionary<Guid, Representation>.Empty, ImmutableDictionary<Guid, bool>.Empty);

    public static string AllocationKey(int budgetYear, string fundingStream) => $"{budgetYear}/{fundingStream}";

    /// <summary>The current allocation for a year and stream, or null when none was made.</summary>
    public long? AllocationFor(int budgetYear, string fundingStream) =>
        Allocations.TryGetValue(AllocationKey(budgetYear, fundingStream), out var amount) ? amount : null;

    /// <summary>Every change to a membership starts here: a closed one refuses them all.</summary>
    public void EnsureOpen()
    {
        if (IsClosed)
        {
            throw new MembershipIsClosed();
        }
    }

    public Member Apply(BudgetAllocated e) => this with { Allocations = Allocations.SetItem(AllocationKey(e.BudgetYear, e.FundingStream), e.Amount) };

    public Member Apply(BudgetReassessed e) => this with { Allocations = Allocations.SetItem(AllocationKey(e.BudgetYear, e.FundingStream), e.Amount) };

    public Member Apply(RepresentativeAppointed e) => this with { Representatives = Representatives.SetItem(e.RepresentativeId, new(e.Basis, true)) };

    public Member Apply(RepresentativeEnded e) =>
        this with { Representatives = Representatives.SetItem(e.RepresentativeId, Representatives[e.RepresentativeId] with { IsActive = false }) };

    public Member Apply(SupportPlanOutcomeAdded e) => this with { Outcomes = Outcomes.SetItem(e.OutcomeId, false) };

    public Member Apply(SupportPlanOutcomeAchieved e) => this with { Outcomes = Outcomes.SetItem(e.OutcomeId, true) };

    public Member Apply(SupportPlanOutcomeRemoved e) => this with { Outcomes = Outcomes.Remove(e.OutcomeId) };

    public Member Apply(PoolingConsentGiven e) => this with { HasPoolingConsent = true };

    public Member Apply(PoolingConsentWithdrawn e) => this with { HasPoolingConsent = false };

    public Member Apply(MemberClosed e) => this with { IsClosed = true };
}
