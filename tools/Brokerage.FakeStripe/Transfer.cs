namespace Brokerage.FakeStripe;

/// <summary>A Connect transfer from the platform's balance to a connected account, with what it was made with.</summary>
public sealed class Transfer
{
    public required string Id { get; init; }

    public required string AccountKey { get; init; }

    public required long Amount { get; init; }

    public required string Currency { get; init; }

    public required string Destination { get; init; }

    public string? Description { get; init; }

    public string? TransferGroup { get; init; }

    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    public required long Created { get; init; }

    public string BalanceTransaction { get; } = Ids.New("txn");

    public string DestinationPayment { get; } = Ids.New("py");

    public string? IdempotencyKey { get; init; }

    /// <summary>The form parameters of the request that made it, as they arrived.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; }

    /// <summary>Newest first, as Stripe lists them.</summary>
    public List<TransferReversal> Reversals { get; } = [];

    public long AmountReversed => Reversals.Sum(r => r.Amount);

    public bool Reversed => AmountReversed == Amount;
}

public sealed record TransferReversal(string Id, string TransferId, long Amount, string Currency, long Created, string? Description, IReadOnlyDictionary<string, string> Metadata)
{
    public string BalanceTransaction { get; } = Ids.New("txn");

    public string DestinationPaymentRefund { get; } = Ids.New("pyr");
}
