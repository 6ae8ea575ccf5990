using Brokerage.ServiceDefaults;

namespace Brokerage.Commissioning.Api.Invoices;

public sealed record InvoicePeriodClaimed(Guid ContractId, int PeriodNumber, Guid InvoiceId, DateTimeOffset ClaimedAt);

public sealed record InvoicePeriodReleased(Guid ContractId, int PeriodNumber, Guid InvoiceId, DateTimeOffset ReleasedAt);

/// <summary>
/// One invoice per period of a contract: each period has a claim stream of its own (ADR 0014), claimed in the transaction
/// that submits the invoice and released when it is withdrawn or rejected. Two racing submissions append to the same
/// stream at the version they read, so only one commits.
/// </summary>
public sealed record InvoicedPeriod(Guid? InvoiceId)
{
    public static InvoicedPeriod Create(InvoicePeriodClaimed e) => new(e.InvoiceId);

    public InvoicedPeriod Apply(InvoicePeriodClaimed e) => new(e.InvoiceId);

    public InvoicedPeriod Apply(InvoicePeriodReleased e) => InvoiceId == e.InvoiceId ? new InvoicedPeriod((Guid?)null) : this;

    public static Guid StreamFor(Guid contractId, int periodNumber) => NameBasedStreamId.For($"commissioning/invoiced-period/{contractId}/{periodNumber}");

    /// <summary>The release of the period held by <paramref name="invoice"/>: none when it does not hold it.</summary>
    public static object[] Release(InvoicedPeriod? claim, Invoice invoice, DateTimeOffset now) =>
        claim?.InvoiceId == invoice.Id ? [new InvoicePeriodReleased(invoice.ContractId, invoice.PeriodNumber, invoice.Id, now)] : [];
}
