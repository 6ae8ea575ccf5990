namespace Brokerage.FakeStripe;

/// <summary>
/// One platform account's idempotency keys, as Stripe keeps them: a key names the first request made with it; a
/// request that reuses it gets that request's saved answer, or an error when its endpoint or parameters differ or
/// the first one is still executing. A key is claimed while its request runs and released unsaved when the
/// endpoint never started executing.
/// </summary>
public sealed class IdempotencyKeys
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Executing
    {
        get
        {
            lock (gate)
            {
                return [.. entries.Where(e => e.Value.Saved is null).Select(e => e.Key)];
            }
        }
    }

    public IdempotencyClaim Claim(string key, string fingerprint)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry))
            {
                entries[key] = new Entry(fingerprint);
                return new IdempotencyClaim.Claimed(key);
            }

            if (entry.Fingerprint != fingerprint)
            {
                return new IdempotencyClaim.Refused(StripeErrors.IdempotencyMismatch());
            }

            return entry.Saved is { } saved ? new IdempotencyClaim.Replay(saved) : new IdempotencyClaim.Refused(StripeErrors.IdempotencyInProgress());
        }
    }

    public void Save(string key, SavedResponse response)
    {
        lock (gate)
        {
            entries[key].Saved = response;
        }
    }

    public void Release(string key)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var entry) && entry.Saved is null)
            {
                entries.Remove(key);
            }
        }
    }

    private sealed class Entry(string fingerprint)
    {
        public string Fingerprint { get; } = fingerprint;

        public SavedResponse? Saved { get; set; }
    }
}

/// <summary>The answer first given under a key, byte for byte, and the request that got it.</summary>
public sealed record SavedResponse(int Status, string Body, string RequestId);

public abstract record IdempotencyClaim
{
    /// <summary>No key (or not a POST): nothing to claim or save.</summary>
    public static readonly IdempotencyClaim None = new NoKey();

    public sealed record NoKey : IdempotencyClaim;

    /// <summary>The key is new and now this request's until it is saved or released.</summary>
    public sealed record Claimed(string Key) : IdempotencyClaim;

    public sealed record Replay(SavedResponse Response) : IdempotencyClaim;

    public sealed record Refused(StripeResult Error) : IdempotencyClaim;
}
