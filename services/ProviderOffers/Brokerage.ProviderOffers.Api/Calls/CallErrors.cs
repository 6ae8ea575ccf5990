namespace Brokerage.ProviderOffers.Api.Calls;

/// <summary>A rule of calls and bids was broken. Messages are safe to show the caller: no bid contents, no names.</summary>
public abstract class CallRuleBroken(string message) : Exception(message);

/// <summary>The closing time has come or Commissioning closed the call: no bid, revision or withdrawal any more.</summary>
public sealed class CallClosedForBids() : CallRuleBroken("The call for offers is closed: bids can no longer be submitted, revised or withdrawn.");

public sealed class CallCancelledForBids() : CallRuleBroken("The call for offers was cancelled.");

/// <summary>Not verified by the call's council, suspended there, or offering none of the categories sought.</summary>
public sealed class ProviderNotEligible() : CallRuleBroken("Your organisation may not bid on this call: it must be verified by the council, not suspended, and offer one of the categories sought.");

public sealed class BidAlreadySubmitted() : CallRuleBroken("Your organisation has already bid on this call; revise that bid instead.");

public sealed class BidOverMaximumPrice() : CallRuleBroken("The annual price is above the call's maximum annual price.");

public sealed class BidCurrencyNotAccepted() : CallRuleBroken("The bid's currency is not the call's currency.");

public sealed class BidNotFound() : CallRuleBroken("No such bid.");

public sealed class BidAlreadyWithdrawn() : CallRuleBroken("The bid was withdrawn.");

/// <summary>If-Match named a revision of the bid that is no longer its latest.</summary>
public sealed class BidRevisionStale() : CallRuleBroken("The bid changed since you read it.");

/// <summary>Bids are sealed until the call closes: nobody but the bidding provider may read them.</summary>
public sealed class BidsSealed() : CallRuleBroken("Bids are sealed until the call for offers closes.");

/// <summary>A message about a call arrived before the call itself; the consumer is retried.</summary>
public sealed class CallNotYetKnown(Guid callId) : Exception($"Call for offers {callId} is not known yet.");
