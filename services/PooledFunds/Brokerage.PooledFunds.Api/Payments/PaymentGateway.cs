namespace Brokerage.PooledFunds.Api.Payments;

/// <summary>
/// The payment-gateway port (DESIGN.md §3): a transfer of pool money to a provider's connected account, through the
/// council's own payment-provider account. The Stripe adapter is <see cref="StripeGateway"/>.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>
    /// Makes the transfer, or answers the one already made under <see cref="TransferRequest.IdempotencyKey"/>. Never
    /// throws for a payment-provider answer: the outcome says whether money moved, did not move, or is unknown.
    /// </summary>
    Task<TransferOutcome> TransferAsync(TransferRequest request, CancellationToken ct);
}

/// <summary>
/// <paramref name="IdempotencyKey"/> names this attempt: the same key never moves money twice, so a retry after an
/// unknown outcome uses it again, and only a refusal (nothing moved) lets the next attempt use a new one.
/// </summary>
public sealed record TransferRequest(
    string CouncilId, string IdempotencyKey, string DestinationAccount, long Amount, string Currency, string Description,
    IReadOnlyDictionary<string, string> Metadata);

public abstract record TransferOutcome
{
    /// <summary>The transfer exists at the payment provider.</summary>
    public sealed record Transferred(string TransferId, DateTimeOffset CreatedAt) : TransferOutcome;

    /// <summary>The payment provider refused it (or it could not be asked at all): no money moved. A new attempt may try again.</summary>
    public sealed record Refused(string Reason) : TransferOutcome;

    /// <summary>No answer (timeouts, 5xx and 429 after every retry, the circuit open): money may or may not have moved. Try again under the same key.</summary>
    public sealed record Unknown(string Reason) : TransferOutcome;
}
