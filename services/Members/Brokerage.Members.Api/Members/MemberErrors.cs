namespace Brokerage.Members.Api.Members;

// The Members rules a request can break. Messages go to the caller: ids and rule names only, never a name, a
// reason for a reassessment or a support-plan outcome. Mapped to problem+json once, in Extensions.cs.

/// <summary>Base of every Members rule violation.</summary>
public abstract class MemberRuleBroken(string title) : Exception(title)
{
    public string Title { get; } = title;
}

/// <summary>Unknown member, another council's member, or one the caller may not see: all answer 404 alike.</summary>
public sealed class MemberNotFound() : MemberRuleBroken("Member not found");

/// <summary>A representative whose appointment has ended (or never existed) may no longer act for the member.</summary>
public sealed class RepresentationNotActive() : MemberRuleBroken("You are not an active representative of this member");

/// <summary>A closed membership stays readable for audit and refuses every change.</summary>
public sealed class MembershipIsClosed() : MemberRuleBroken("The membership is closed and can no longer change");

public sealed class BudgetAlreadyAllocated(int budgetYear, string fundingStream)
    : MemberRuleBroken("The budget is already allocated for this year and funding stream; record a reassessment instead")
{
    public int BudgetYear { get; } = budgetYear;

    public string FundingStream { get; } = fundingStream;
}

public sealed class NoAllocationToReassess() : MemberRuleBroken("There is no allocation for this year and funding stream to reassess");

public sealed class RepresentativeAlreadyAppointed() : MemberRuleBroken("This representative id is already used for this member");

public sealed class RepresentativeNotFound() : MemberRuleBroken("Representative not found");

public sealed class RepresentativeAlreadyEnded() : MemberRuleBroken("The representative's appointment has already ended");

/// <summary>Only the council authorises an s32 representative or ends that authorisation; a representative appoints no one.</summary>
public sealed class NotAllowedToChangeRepresentation(string title) : MemberRuleBroken(title);

/// <summary>An s32 authorisation needs the capacity assessment it rests on (date and reference).</summary>
public sealed class CapacityAssessmentRequired() : MemberRuleBroken("An s32 authorisation needs the capacity assessment's date and reference");

public sealed class OutcomeNotFound() : MemberRuleBroken("Support-plan outcome not found");

public sealed class OutcomeAlreadyAchieved() : MemberRuleBroken("The support-plan outcome is already marked achieved");

public sealed class PoolingConsentAlreadyGiven() : MemberRuleBroken("Consent to pool is already given");

public sealed class PoolingConsentNotGiven() : MemberRuleBroken("Consent to pool is not given");
