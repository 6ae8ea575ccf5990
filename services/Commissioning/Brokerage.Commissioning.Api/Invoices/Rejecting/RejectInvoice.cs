using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.Invoices;

public sealed record InvoiceRejected(Guid InvoiceId, string Reason, string RejectedBy, DateTimeOffset RejectedAt);

public sealed record RejectInvoice(string Reason, InvoiceActor Actor, DateTimeOffset Now);

public static partial class InvoiceDecisions
{
    /// <summary>
    /// A broker rejects an invoice with a reason while nothing is being paid for it (submitted, disputed, or after a failed
    /// payment); the period may then be invoiced again.
    /// </summary>
    public static InvoiceRejected Handle(Invoice invoice, RejectInvoice c)
    {
        RequireBroker(c.Actor, "reject an invoice");
        Require(invoice, "rejected", InvoiceStatus.Submitted, InvoiceStatus.Disputed, InvoiceStatus.Failed);
        return new InvoiceRejected(invoice.Id, c.Reason, c.Actor.UserId, c.Now);
    }
}
