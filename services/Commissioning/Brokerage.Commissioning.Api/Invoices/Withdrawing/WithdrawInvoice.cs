using Brokerage.Commissioning.Api.Domain;
using Brokerage.ServiceDefaults;

namespace Brokerage.Commissioning.Api.Invoices;

public sealed record InvoiceWithdrawn(Guid InvoiceId, string WithdrawnBy, DateTimeOffset WithdrawnAt);

public sealed record WithdrawInvoice(InvoiceActor Actor, DateTimeOffset Now);

public static partial class InvoiceDecisions
{
    /// <summary>The provider takes its invoice back before it is approved; the period may then be invoiced again.</summary>
    public static InvoiceWithdrawn Handle(Invoice invoice, WithdrawInvoice c)
    {
        if (c.Actor.Role != Roles.Provider || c.Actor.UserId != invoice.ProviderId.ToString())
        {
            throw new NotTheContractedProvider();
        }

        Require(invoice, "withdrawn", InvoiceStatus.Submitted, InvoiceStatus.Disputed);
        return new InvoiceWithdrawn(invoice.Id, c.Actor.UserId, c.Now);
    }
}
