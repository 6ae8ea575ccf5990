using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Pools;

namespace Brokerage.Commissioning.Api.Invoices;

/// <param name="Reason">May hold health information: never logged, never in a message.</param>
public sealed record DeliveryDisputed(Guid InvoiceId, string Role, Guid MemberId, string Reason, string DisputedBy, DateTimeOffset DisputedAt);

public sealed record DisputeDelivery(InvoiceActor Actor, string Reason, DateTimeOffset Now);

public static partial class InvoiceDecisions
{
    /// <summary>A member of the pool (or a representative for one) disputes delivery: the payment waits for a broker's decision.</summary>
    public static DeliveryDisputed Handle(Invoice invoice, Pool pool, DisputeDelivery c)
    {
        if (!c.Actor.SpeaksForMember)
        {
            throw new MayNotDisputeDelivery();
        }

        if (!pool.IsMember(c.Actor.MemberId!.Value))
        {
            throw new NotAPoolMember();
        }

        if (invoice.Status == InvoiceStatus.Disputed)
        {
            throw new InvoiceDisputed();
        }

        Require(invoice, "disputed", InvoiceStatus.Submitted);
        return new DeliveryDisputed(invoice.Id, c.Actor.Role, c.Actor.MemberId!.Value, c.Reason, c.Actor.UserId, c.Now);
    }
}
