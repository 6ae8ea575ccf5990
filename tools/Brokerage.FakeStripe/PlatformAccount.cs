namespace Brokerage.FakeStripe;

/// <summary>
/// One platform account, named by its secret key: its balance, transfers, idempotency keys and webhook endpoint.
/// Everything that reads or changes it holds <see cref="Gate"/>.
/// </summary>
public sealed class PlatformAccount(string secretKey)
{
    public Lock Gate { get; } = new();

    public string SecretKey { get; } = secretKey;

    /// <summary>Available GBP balance in pence.</summary>
    public long Balance { get; set; }

    public string? WebhookUrl { get; set; }

    public string WebhookSecret { get; set; } = Ids.New("whsec");

    /// <summary>In order of creation.</summary>
    public List<Transfer> Transfers { get; } = [];

    public IdempotencyKeys IdempotencyKeys { get; } = new();

    public Transfer? FindTransfer(string id) => Transfers.Find(t => t.Id == id);
}
