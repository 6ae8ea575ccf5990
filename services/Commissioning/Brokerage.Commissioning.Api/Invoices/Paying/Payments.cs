using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.Invoices;

/// <summary>A broker sends a failed payment again, under the same payment id (PooledFunds tries once more).</summary>
public sealed record PaymentRetried(Guid InvoiceId, Guid PaymentId, string RetriedBy, DateTimeOffset RetriedAt);

/// <summary>PooledFunds paid: the transfer exists at the payment provider and the pool's ledger records it.</summary>
public sealed record PaymentMade(Guid InvoiceId, Guid PaymentId, string TransferId, long Amount, string Currency, DateTimeOffset PaidAt);

/// <summary>Nothing was paid; <paramref name="Reason"/> is PooledFunds' (the payment provider's message, no connected account…).</summary>
public sealed record PaymentFailed(Guid InvoiceId, Guid PaymentId, string Reason, DateTimeOffset FailedAt);

/// <summary>The payment provider reversed the transfer.</summary>
public sealed record PaymentTransferReversed(Guid InvoiceId, Guid PaymentId, string TransferId, long Amount, string Currency, DateTimeOffset ReversedAt);

public sealed record RetryPayment(InvoiceActor Actor, DateTimeOffset Now);

/// <summary>PooledFunds' answer about payment <paramref name="PaymentId"/>, as this service records it.</summary>
public abstract record PaymentOutcome(Guid PaymentId);

public sealed record PaidOutcome(Guid PaymentId, string TransferId, long Amount, string Currency, DateTimeOffset PaidAt) : PaymentOutcome(PaymentId);

public sealed record FailedOutcome(Guid PaymentId, string Reason, DateTimeOffset FailedAt) : PaymentOutcome(PaymentId);

public sealed record ReversedOutcome(Guid PaymentId, string TransferId, long Amount, string Currency, DateTimeOffset ReversedAt) : PaymentOutcome(PaymentId);

public static partial class InvoiceDecisions
{
    /// <summary>Only a failed payment is retried, and under the payment id it already has.</summary>
    public static PaymentRetried Handle(Invoice invoice, RetryPayment c)
    {
        RequireBroker(c.Actor, "retry a payment");
        if (invoice.Status != InvoiceStatus.Failed || invoice.PaymentId is not { } paymentId)
        {
            throw new PaymentNotFailed(invoice.Status);
        }

        return new PaymentRetried(invoice.Id, paymentId, c.Actor.UserId, c.Now);
    }

    /// <summary>
    /// Idempotent by payment id: an answer about another payment, or one already recorded, records nothing (null).
    /// A payment is recorded whatever the invoice's state (the transfer exists, so it is never hidden); a failure only
    /// while paying (never over a payment); a reversal once, of a payment that was sent.
    /// </summary>
    public static object? Handle(Invoice invoice, PaymentOutcome outcome)
    {
        if (invoice.PaymentId != outcome.PaymentId)
        {
            return null;
        }

        return outcome switch
        {
            PaidOutcome p when !invoice.IsPaid => new PaymentMade(invoice.Id, p.PaymentId, p.TransferId, p.Amount, p.Currency, p.PaidAt),
            FailedOutcome f when invoice.Status == InvoiceStatus.Paying => new PaymentFailed(invoice.Id, f.PaymentId, f.Reason, f.FailedAt),
            ReversedOutcome r when invoice.Reversal is null && invoice.Status is InvoiceStatus.Paying or InvoiceStatus.Paid or InvoiceStatus.Failed =>
                new PaymentTransferReversed(invoice.Id, r.PaymentId, r.TransferId, r.Amount, r.Currency, r.ReversedAt),
            _ => null,
        };
    }
}
