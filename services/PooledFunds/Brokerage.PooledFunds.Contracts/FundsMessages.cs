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
