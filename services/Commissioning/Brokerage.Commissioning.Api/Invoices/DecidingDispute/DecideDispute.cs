using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.Invoices;

/// <summary>The broker agrees with the dispute: the invoice is rejected and its period may be invoiced again.</summary>
public sealed record DisputeUpheld(Guid InvoiceId, string Reason, string DecidedBy, DateTimeOffset DecidedAt);

/// <summary>The broker finds the delivery was made: the invoice is approved (an <see cref="InvoiceApproved"/> follows).</summary>
public sealed record DisputeOverruled(Guid InvoiceId, string Reason, string DecidedBy, DateTimeOffset DecidedAt);

public sealed record DecideDispute(string Outcome, string Reason, InvoiceActor Actor, DateTimeOffset Now)
{
    public const string Uphold = "uphold";
    public const string Overrule = "overrule";

    public static IReadOnlyList<string> Outcomes { get; } = [Uphold, Overrule];
}

public static partial class InvoiceDecisions
{
    /// <summary>A broker decides a disputed invoice, with a reason: uphold rejects it; overrule approves it for payment under <paramref name="paymentId"/>.</summary>
    public static object[] Handle(Invoice invoice, DecideDispute c, Guid paymentId)
    {
        RequireBroker(c.Actor, "decide a dispute");
        Require(invoice, "decided (only a disputed invoice is)", InvoiceStatus.Disputed);
        return c.Outcome switch
        {
            DecideDispute.Uphold => [new DisputeUpheld(invoice.Id, c.Reason, c.Actor.UserId, c.Now)],
            DecideDispute.Overrule => [new DisputeOverruled(invoice.Id, c.Reason, c.Actor.UserId, c.Now), Approve(invoice, c.Actor, paymentId, c.Now)],
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Outcome, "An outcome is uphold or overrule."),
        };
    }
}
