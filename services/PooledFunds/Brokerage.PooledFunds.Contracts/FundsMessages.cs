namespace Brokerage.PooledFunds.Contracts;

// Commands PooledFunds accepts from Commissioning's award and payment sagas, and its replies.
// Money is integer minor units (pence) with an ISO 4217 currency.

public sealed record ReserveFunds(Guid PoolId, Guid ContractId, long Amount, string Currency);

public sealed record FundsReserved(Guid PoolId, Guid ContractId, long Amount, string Currency, DateTimeOffset ReservedAt);

public sealed record FundsReservationRejected(Guid PoolId, Guid ContractId, string Reason, DateTimeOffset RejectedAt);

public sealed record ReleaseReservation(Guid PoolId, Guid ContractId);

/// <summary>Idempotent by <paramref name="PaymentId"/>: recorded twice, it is one payment.</summary>
public sealed record RecordPayment(Guid PoolId, Guid ContractId, Guid PaymentId, Guid InvoiceId, long Amount, string Currency, string TransferId);

/// <summary>
/// The answer to a <see cref="RecordPayment"/> that could not be recorded (no reservation for the contract, more than is
/// reserved, no transfer id…): nothing was recorded. A payment id already recorded answers <see cref="PaymentRecorded"/> again.
/// </summary>
public sealed record PaymentRejected(Guid PoolId, Guid ContractId, Guid PaymentId, string Reason, DateTimeOffset RejectedAt);
