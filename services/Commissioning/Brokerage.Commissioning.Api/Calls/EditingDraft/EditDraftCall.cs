using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.Calls;

/// <summary>A broker rewrote a draft's terms before publishing it; nothing outside this service hears of a draft.</summary>
public sealed record DraftCallEdited(Guid CallId, CallTerms Terms, string EditedBy, DateTimeOffset EditedAt);

/// <param name="NeedId">The need the edit names: it must be the call's own, as a call answers the need it was drafted from.</param>
public sealed record EditDraftCall(Guid NeedId, CallTerms Terms, string Broker, DateTimeOffset Now);

public static partial class CallDecisions
{
    /// <summary>New terms for a draft; null when they are the terms it already has (a repeated PUT records nothing).</summary>
    public static DraftCallEdited? Handle(CallForOffers call, EditDraftCall c)
    {
        // Once published, providers bid on the terms as they stand: a changed call would be a different tender.
        Require(call, "edited", CallStatus.Draft);
        if (c.NeedId != call.NeedId)
        {
            throw new NeedCannotChange();
        }

        if (c.Terms.ClosesAt <= c.Now)
        {
            throw new ClosingTimeNotInFuture();
        }

        return c.Terms.SameAs(call.Terms) ? null : new DraftCallEdited(call.Id, c.Terms, c.Broker, c.Now);
    }
}
