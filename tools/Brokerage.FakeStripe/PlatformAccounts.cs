using System.Collections.Concurrent;

namespace Brokerage.FakeStripe;

/// <summary>Every platform account by secret key, and which account made each transfer.</summary>
public sealed class PlatformAccounts
{
    private readonly ConcurrentDictionary<string, PlatformAccount> bySecretKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PlatformAccount> byTransferId = new(StringComparer.Ordinal);

    public static PlatformAccounts From(FakeStripeOptions options)
    {
        var accounts = new PlatformAccounts();
        foreach (var settings in options.Accounts)
        {
            accounts.AddOrUpdate(settings.SecretKey, settings.Balance, settings.WebhookUrl, settings.WebhookSecret);
        }

        return accounts;
    }

    public IEnumerable<PlatformAccount> All => bySecretKey.Values.OrderBy(a => a.SecretKey, StringComparer.Ordinal);

    public PlatformAccount? Find(string secretKey) => bySecretKey.GetValueOrDefault(secretKey);

    public PlatformAccount? OwnerOf(string transferId) => byTransferId.GetValueOrDefault(transferId);

    /// <summary>Creates the account or updates it; a webhook URL or secret left out keeps the one it has.</summary>
    public PlatformAccount AddOrUpdate(string secretKey, long? balance, string? webhookUrl, string? webhookSecret)
    {
        if (!ApiKeys.LooksLikeSecretKey(secretKey))
        {
            throw new ArgumentException($"'{secretKey}' is not a secret key (sk_…, no spaces).", nameof(secretKey));
        }

        var account = bySecretKey.GetOrAdd(secretKey, key => new PlatformAccount(key));
        lock (account.Gate)
        {
            account.Balance = balance ?? account.Balance;
            account.WebhookUrl = webhookUrl ?? account.WebhookUrl;
            account.WebhookSecret = webhookSecret ?? account.WebhookSecret;
        }

        return account;
    }

    public void Remember(Transfer transfer, PlatformAccount account) => byTransferId[transfer.Id] = account;
}
