namespace Brokerage.PooledFunds.Api.Pools;

// The pools' rules as exception types, mapped to problem+json once in Extensions.cs. Messages go to the caller:
// amounts and counts only, never names, funding-stream decisions about a person's health, or reasons for a reassessment.

/// <summary>The request breaks a business rule (422).</summary>
public abstract class PoolRuleBroken(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}

/// <summary>The pool or pledge is in the wrong state for this (409).</summary>
public abstract class PoolStateConflict(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}

/// <summary>The pledge (or the pledge named in the route) does not exist (404).</summary>
public sealed class PledgeNotFound() : Exception("The member has no pledge in this pool.");

public sealed class HeadroomExceeded(long headroom, long needed)
    : PoolRuleBroken("HeadroomExceeded", $"The pledge needs {needed} pence of headroom in that funding stream and budget year; {headroom} pence is left.")
{
    public long Headroom { get; } = headroom;
    public long Needed { get; } = needed;
}

public sealed class RaiseRefusedWhileFlagged()
    : PoolRuleBroken("PledgesFlagged", "A reassessment lowered the allocation below the member's live pledges from that funding stream and budget year; lower or withdraw pledges before raising any.");

public sealed class NoPoolingConsent()
    : PoolRuleBroken("NoPoolingConsent", "The member has not consented to pooling part of their budget.");

public sealed class MembershipClosed()
    : PoolRuleBroken("MembershipClosed", "The member's membership is closed.");

public sealed class MemberBudgetUnknown()
    : PoolRuleBroken("MemberBudgetUnknown", "No budget is known for this member in this council yet.");

public sealed class FundingStreamNotAccepted()
    : PoolRuleBroken("FundingStreamNotAccepted", "The pool does not accept money from that funding stream.");

public sealed class PledgeTermsFixed()
    : PoolRuleBroken("PledgeTermsFixed", "Money was already paid from the member's earlier pledge to this pool: a new pledge must come from the same funding stream and budget year.");

public sealed class ConditionalPledgeNotNeeded()
    : PoolRuleBroken("ConditionalPledgeNotNeeded", "The pool is already active: pledge without the condition.");

public sealed class BelowPaid(long paid)
    : PoolRuleBroken("BelowPaid", $"{paid} pence of this pledge has already been paid to providers; the pledge cannot go below that.");

public sealed class ActivationThresholdNotMet(int members, int minimumMembers, long pledged, long target)
    : PoolRuleBroken("ActivationThresholdNotMet", $"The pool has {members} of {minimumMembers} members and {pledged} of {target} pence pledged (live and conditional).");

public sealed class ConditionalPledgesCannotGoLive(int count)
    : PoolRuleBroken("ConditionalPledgesCannotGoLive", $"{count} conditional pledge(s) cannot go live (over the member's headroom, no pooling consent, or membership closed); nothing was changed.")
{
    public int Count { get; } = count;
}

public sealed class PoolNotInState(string action, PoolStatus status)
    : PoolStateConflict("PoolInWrongState", $"The pool is {Describe(status)}: it cannot {action}.")
{
    public PoolStatus Status { get; } = status;

    internal static string Describe(PoolStatus status) => status switch
    {
        PoolStatus.WindingDown => "winding down",
        _ => status.ToString().ToLowerInvariant(),
    };
}

public sealed class AlreadyPledged()
    : PoolStateConflict("AlreadyPledged", "The member already has a pledge in this pool from another funding stream, budget year or condition: change that pledge instead.");

public sealed class FundsStillReserved(long reserved)
    : PoolStateConflict("FundsStillReserved", $"{reserved} pence is still reserved for contracts; release it before closing the pool.");

/// <summary>The <c>If-Match</c> version is not the pool's current version (412).</summary>
public sealed class PoolVersionMismatch(long expected, long actual) : Exception($"The pool is at version {actual}, not {expected}.");

/// <summary>A ledger invariant failed: a bug. Nothing commits; the caller gets a 500.</summary>
public sealed class LedgerInvariantViolated(string message) : Exception(message);
