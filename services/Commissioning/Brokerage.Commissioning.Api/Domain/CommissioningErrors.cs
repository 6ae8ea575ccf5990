namespace Brokerage.Commissioning.Api.Domain;

// A broken rule is a type that says which rule. Messages go to the caller: ids and states only, never a need's text.

/// <summary>The thing is in the wrong state for this (409).</summary>
public abstract class StateConflict(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}

/// <summary>The request breaks a business rule (422).</summary>
public abstract class RuleBroken(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}

/// <summary>The caller may see the thing but may not do this to it (403).</summary>
public abstract class NotPermitted(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}

/// <summary>Unknown, or of another council (404): the two are indistinguishable on purpose.</summary>
public abstract class NotFoundError(string title) : Exception(title)
{
    public string Title { get; } = title;
}

public sealed class UnknownPool() : NotFoundError("Pool not found");

public sealed class UnknownNeed() : NotFoundError("Need not found");

public sealed class UnknownCall() : NotFoundError("Call for offers not found");

public sealed class UnknownBid() : NotFoundError("Bid not found");

public sealed class UnknownContract() : NotFoundError("Contract not found");

public sealed class NotAPoolMember()
    : NotPermitted("Not a member of the pool", "Only members of the pool (or their representatives) may do this.");

public sealed class PoolNotOpenForNeeds(string status)
    : StateConflict("The pool does not take needs", $"The pool is {status}; needs can be raised while it is open or active.");

public sealed class PoolNotActive(string status)
    : StateConflict("The pool is not active", $"The pool is {status}; calls for offers are drafted for active pools.");

public sealed class AlreadySupported()
    : StateConflict("Already supported", "This member already supports this need.");

public sealed class CallNotInState(string status, string action)
    : StateConflict("The call for offers is in the wrong state", $"The call is {status}; it cannot be {action}.");

public sealed class ClosingTimeNotInFuture()
    : RuleBroken("The closing time has passed", "The closing time must be in the future.");

public sealed class NeedCannotChange()
    : RuleBroken("The call's need cannot change", "A call answers the need it was drafted from; draft a new call for another need.");

public sealed class VotingNotOpen()
    : StateConflict("Voting is not open", "Votes are taken only during the call's voting window.");

public sealed class VotingStillOpen()
    : StateConflict("Voting is still open", "The award can be made once the voting window has closed.");

public sealed class AlreadyVoted()
    : StateConflict("Already voted", "This member has already voted on this call.");

public sealed class QualityScoresMissing()
    : StateConflict("Quality scores missing", "Every bid needs a quality score before the award.");

public sealed class NoBidsToAward()
    : StateConflict("No bids to award", "There is no bid left that can be awarded; cancel the call instead.");

public sealed class AwardMustFollowScores()
    : RuleBroken("The award must follow the scores", "A named bid may be awarded only after an earlier award was reverted.");

public sealed class BidAlreadyReverted()
    : RuleBroken("The bid's award was reverted", "An award to this bid was reverted; choose another bid.");

public sealed class ContractNotActive(string status)
    : StateConflict("The contract is not active", $"The contract is {status}.");

public sealed class EndDateNotOnPeriodBoundary(DateOnly? before, DateOnly after)
    : RuleBroken("The end date must end a monthly period",
        "The end date must be the last day of a monthly payment period of the contract, on or after today: "
        + (before is { } b ? $"the nearest are {b:yyyy-MM-dd} and {after:yyyy-MM-dd}." : $"the nearest is {after:yyyy-MM-dd}."));

public sealed class VariationPending()
    : StateConflict("A variation is waiting for funds", "The contract's last variation is waiting for the pool to confirm the funds; try again once it is settled.");

public sealed class NothingToVary()
    : RuleBroken("Nothing to vary", "Give a new annual price, a new end date, or both.");

public sealed class UnknownInvoice() : NotFoundError("Invoice not found");

public sealed class NotTheContractedProvider()
    : NotPermitted("Not the contracted provider", "Only the provider the contract was awarded to may invoice it or withdraw its invoices.");

public sealed class MayNotConfirmDelivery()
    : NotPermitted("May not confirm delivery", "Delivery is confirmed by a member of the pool, a representative acting for one, or a broker of the council.");

public sealed class MayNotDisputeDelivery()
    : NotPermitted("May not dispute delivery", "Delivery is disputed by a member of the pool or a representative acting for one.");

public sealed class BrokersOnly(string action)
    : NotPermitted("Brokers only", $"Only a broker of the council may {action}.");

public sealed class NoSuchPeriod(int period, int periods)
    : RuleBroken("No such period", $"The contract's payment schedule has periods 1 to {periods}; there is no period {period}.");

public sealed class PeriodAlreadyInvoiced(int period, Guid invoiceId)
    : StateConflict("The period is already invoiced",
        $"Period {period} is already invoiced (invoice {invoiceId}); it can be invoiced again only once that invoice is withdrawn or rejected.");

public sealed class InvoiceOverPeriodAmount(int period, long scheduled)
    : RuleBroken("More than the period's amount", $"Period {period} is scheduled at {scheduled} pence; an invoice may not ask for more.");

public sealed class ReasonRequiredForLess(long scheduled)
    : RuleBroken("A reason is needed for less", $"The period is scheduled at {scheduled} pence; say why the invoice asks for less (reason).");

public sealed class InvoiceCurrencyMismatch(string currency)
    : RuleBroken("Wrong currency", $"The contract is paid in {currency}.");

public sealed class InvoiceNotInState(string status, string action)
    : StateConflict("The invoice is in the wrong state", $"The invoice is {status}; it cannot be {action}.");

public sealed class InvoiceDisputed()
    : StateConflict("The invoice is disputed", "Delivery is disputed: a broker decides (uphold or overrule) before it can be paid.");

public sealed class PaymentNotFailed(string status)
    : StateConflict("The payment did not fail", $"The invoice is {status}; only a failed payment can be retried.");
