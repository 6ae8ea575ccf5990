namespace Brokerage.PooledFunds.Contracts;

// Commands PooledFunds accepts from Commissioning's award and payment sagas, and its replies.
// Money is integer minor units (pence) with an ISO 4217 currency.

public sealed record ReserveFunds(Guid PoolId, Guid ContractId, long Amount, string Currency);

public sealed record FundsReserved(Guid PoolId, Guid ContractId, long Amount, string Currency, DateTimeOffset ReservedAt);

public sealed record FundsReservationRejected(Guid PoolId, Guid ContractId, string Reason, DateTimeOffset RejectedAt);

public sealed record ReleaseReservation(Guid PoolId, Guid ContractId);

/// <summary>
/// After a contract variation: what the contract may draw from the pool becomes <paramref name="Amount"/>, its whole value
/// (paid and still to pay). More is reserved from the members' available funds, or the difference is released.
/// Idempotent by <paramref name="AdjustmentId"/>.
/// </summary>
public sealed record AdjustReservation(Guid PoolId, Guid ContractId, Guid AdjustmentId, long Amount, string Currency);

/// <summary>The reservation now covers <paramref name="Amount"/> in all, of which <paramref name="Reserved"/> is still unpaid.</summary>
public sealed record ReservationAdjusted(
    Guid PoolId, Guid ContractId, Guid AdjustmentId, long Amount, long Reserved, string Currency, DateTimeOffset AdjustedAt);

/// <summary>The reservation could not be adjusted (not enough available, pool not active, below what was paid…): nothing changed.</summary>
public sealed record ReservationAdjustmentRejected(Guid PoolId, Guid ContractId, Guid AdjustmentId, string Reason, DateTimeOffset RejectedAt);

/// <summary>Idempotent by <paramref name="PaymentId"/>: recorded twice, it is one payment.</summary>
public sealed record RecordPayment(Guid PoolId, Guid ContractId, Guid PaymentId, Guid InvoiceId, long Amount, string Currency, string TransferId);

/// <summary>
/// The answer to a <see cref="RecordPayment"/> that could not be recorded (no reservation for the contract, more than is
/// reserved, no transfer id…): nothing was recorded. A payment id already recorded answers <see cref="PaymentRecorded"/> again.
/// </summary>
public sealed record PaymentRejected(Guid PoolId, Guid ContractId, Guid PaymentId, string Reason, DateTimeOffset RejectedAt);

/// <summary>
/// Commissioning asks PooledFunds to pay an approved invoice: a transfer of <paramref name="Amount"/> to the provider's
/// connected account through the council's payment provider, then the payment recorded against the contract's
/// reservation. Idempotent by <paramref name="PaymentId"/>: sent again while paying or once paid, it changes nothing (a
/// paid payment answers <see cref="InvoicePaid"/> again); sent again after <see cref="InvoicePaymentFailed"/> (a broker's
/// retry), it tries once more under the same payment. <paramref name="InvoiceReference"/> is the provider's own.
/// </summary>
public sealed record PayInvoice(
    Guid PaymentId, Guid InvoiceId, Guid ContractId, Guid PoolId, string CouncilId, Guid ProviderId, int PeriodNumber, long Amount, string Currency,
    string InvoiceReference, DateTimeOffset RequestedAt);

/// <summary>The transfer exists at the payment provider and the payment is recorded in the pool's ledger.</summary>
public sealed record InvoicePaid(
    Guid PaymentId, Guid InvoiceId, Guid ContractId, Guid PoolId, string CouncilId, string TransferId, long Amount, string Currency, DateTimeOffset PaidAt);

/// <summary>
/// Nothing was paid: no transfer exists. <paramref name="Reason"/> is for the broker (the payment provider's message, a
/// council without payment keys, a provider without a connected account, more than is reserved). A later
/// <see cref="PayInvoice"/> with the same payment id tries again.
/// </summary>
public sealed record InvoicePaymentFailed(
    Guid PaymentId, Guid InvoiceId, Guid ContractId, Guid PoolId, string CouncilId, string Reason, DateTimeOffset FailedAt);

/// <summary>The payment provider reversed the transfer (a <c>transfer.reversed</c> webhook): the ledger's paid figure went back down by <paramref name="Amount"/>.</summary>
public sealed record PaymentReversed(
    Guid PaymentId, Guid InvoiceId, Guid ContractId, Guid PoolId, string CouncilId, string TransferId, long Amount, string Currency, DateTimeOffset ReversedAt);
