using Brokerage.Commissioning.Api.Invoices;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.Messaging;
using Brokerage.PooledFunds.Contracts;
using Marten;
using MassTransit;

namespace Brokerage.Commissioning.Api.IntegrationEvents;

/// <summary>
/// PooledFunds' answers to PayInvoice, recorded on the invoice: paid (with the transfer id, and on the contract for its
/// OCDS transactions), failed (with the reason) or reversed. The inbox drops a redelivered message; the decisions are
/// idempotent by payment id too, so a repeated answer (PooledFunds answers a repeated PayInvoice again) changes nothing.
/// </summary>
public sealed class InvoicePaymentsConsumer : IConsumer<InvoicePaid>, IConsumer<InvoicePaymentFailed>, IConsumer<PaymentReversed>
{
    public Task Consume(ConsumeContext<InvoicePaid> context)
    {
        var m = context.Message;
        return Record(context, m.InvoiceId, m.CouncilId, new PaidOutcome(m.PaymentId, m.TransferId, m.Amount, m.Currency, m.PaidAt));
    }

    public Task Consume(ConsumeContext<InvoicePaymentFailed> context)
    {
        var m = context.Message;
        return Record(context, m.InvoiceId, m.CouncilId, new FailedOutcome(m.PaymentId, m.Reason, m.FailedAt));
    }

    public Task Consume(ConsumeContext<PaymentReversed> context)
    {
        var m = context.Message;
        return Record(context, m.InvoiceId, m.CouncilId, new ReversedOutcome(m.PaymentId, m.TransferId, m.Amount, m.Currency, m.ReversedAt));
    }

    private static async Task Record(ConsumeContext context, Guid invoiceId, string councilId, PaymentOutcome outcome)
    {
        var session = context.Session();
        var stream = await session.Events.FetchForWriting<Invoice>(invoiceId, context.CancellationToken);
        // Another council's invoice never moves on a message naming this one.
        if (stream.Aggregate is not { } invoice || invoice.CouncilId != Brokerage.ServiceDefaults.CouncilIds.Normalise(councilId)
            || InvoiceDecisions.Handle(invoice, outcome) is not { } recorded)
        {
            return;
        }

        stream.AppendOne(recorded);
        var after = invoice.After(recorded);
        var onContract = new List<object>();
        if (recorded is PaymentMade paid)
        {
            onContract.Add(new ContractPaymentMade(
                invoice.ContractId, invoice.Id, paid.PaymentId, invoice.PeriodNumber, paid.TransferId, paid.Amount, paid.Currency, paid.PaidAt));
        }

        // A reversal is written on the contract beside its payment, so once both are known (in whichever order they came).
        if (after is { IsPaid: true, Reversal: { } reversal } && (recorded is PaymentTransferReversed || invoice.Reversal is not null))
        {
            onContract.Add(new ContractPaymentReversed(
                invoice.ContractId, invoice.Id, after.PaymentId!.Value, reversal.TransferId, reversal.Amount, invoice.Currency, reversal.ReversedAt));
        }

        if (onContract.Count > 0)
        {
            var contract = await session.Events.FetchForWriting<ServiceContract>(invoice.ContractId, context.CancellationToken);
            contract.AppendMany(onContract);
        }
    }
}
