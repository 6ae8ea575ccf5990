using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Pools;

namespace Brokerage.Commissioning.Api.Invoices;

/// <param name="Role">member, representative or broker.</param>
/// <param name="MemberId">The member confirming (or represented); null for a broker.</param>
public sealed record DeliveryConfirmed(Guid InvoiceId, string Role, Guid? MemberId, string ConfirmedBy, DateTimeOffset ConfirmedAt);

/// <summary>The invoice is approved for payment under <paramref name="PaymentId"/>: <c>PayInvoice</c> goes out with it.</summary>
/// <param name="ApprovedByRole">Who approved: the role that confirmed, or broker for an overruled dispute.</param>
public sealed record InvoiceApproved(Guid InvoiceId, Guid PaymentId, string ApprovedByRole, string ApprovedBy, DateTimeOffset ApprovedAt);

public sealed record ConfirmDelivery(InvoiceActor Actor, DateTimeOffset Now);

public static partial class InvoiceDecisions
{
    /// <summary>
    /// One confirmation suffices: a member of the pool (or a representative for one) or a broker of the council confirms
    /// delivery, and the invoice is approved for payment under <paramref name="paymentId"/> at once.
    /// </summary>
    public static object[] Handle(Invoice invoice, Pool pool, ConfirmDelivery c, Guid paymentId)
    {
        if (!c.Actor.IsBroker)
        {
            if (!c.Actor.SpeaksForMember)
            {
                throw new MayNotConfirmDelivery();
            }

            if (!pool.IsMember(c.Actor.MemberId!.Value))
            {
                throw new NotAPoolMember();
            }
        }

        if (invoice.Status == InvoiceStatus.Disputed)
        {
            throw new InvoiceDisputed();
        }

        Require(invoice, "confirmed", InvoiceStatus.Submitted);
        return
        [
            new DeliveryConfirmed(invoice.Id, c.Actor.Role, c.Actor.IsBroker ? null : c.Actor.MemberId, c.Actor.UserId, c.Now),
            Approve(invoice, c.Actor, paymentId, c.Now),
        ];
    }
}
