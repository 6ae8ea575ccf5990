using System.Collections.Concurrent;

namespace Brokerage.FakeStripe;

/// <summary>
/// Faults queued for the next Stripe API calls of one platform account or of any: <see cref="FaultWhen.Before"/>
/// waits <see cref="DelayMs"/> and answers <see cref="Status"/> without doing anything (no status: then it carries on);
/// <see cref="FaultWhen.After"/> lets the call take effect (and its idempotent answer be saved), waits, and then
/// answers <see cref="Status"/> instead: the answer is lost after the effect.
/// </summary>
public sealed record Fault(int? Status, int DelayMs = 0, FaultWhen When = FaultWhen.Before);

public enum FaultWhen
{
    Before,
    After,
}

public sealed class Faults
{
    private readonly ConcurrentQueue<Fault> forAny = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> byAccount = new(StringComparer.Ordinal);

    public void Enqueue(string? secretKey, IEnumerable<Fault> faults)
    {
        var queue = secretKey is null ? forAny : byAccount.GetOrAdd(secretKey, _ => new());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    /// <summary>The next fault for a call of this account: its own queue first, then the one for any account.</summary>
    public Fault? Take(string secretKey) =>
        byAccount.TryGetValue(secretKey, out var own) && own.TryDequeue(out var fault) ? fault
        : forAny.TryDequeue(out fault) ? fault
        : null;

    public IReadOnlyDictionary<string, Fault[]> Pending() =>
        byAccount.Where(q => !q.Value.IsEmpty).ToDictionary(q => q.Key, q => q.Value.ToArray())
            .Concat(forAny.IsEmpty ? [] : [new KeyValuePair<string, Fault[]>("*", forAny.ToArray())])
            .ToDictionary();

    public void Clear()
    {
        forAny.Clear();
        byAccount.Clear();
    }

    public static string? Problem(Fault fault) =>
        fault.Status is < 400 or > 599 ? "status must be an HTTP error status (400-599)"
        : fault.DelayMs is < 0 or > 600_000 ? "delayMs must be between 0 and 600000"
        : fault.Status is null && fault.DelayMs == 0 ? "a fault needs a status, a delayMs or both"
        : null;
}
