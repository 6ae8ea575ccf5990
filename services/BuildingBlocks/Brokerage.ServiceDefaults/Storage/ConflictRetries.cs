using JasperFx;
using Marten;

namespace Brokerage.ServiceDefaults;

public static class ConflictRetries
{
    /// <summary>
    /// Runs a read-decide-append-save <paramref name="attempt"/> on <paramref name="session"/> and, when another writer
    /// got to one of its streams first (Marten's <see cref="ConcurrencyException"/>), drops what it staged and runs it again
    /// with fresh state, up to <paramref name="maxAttempts"/> times. Racing writers then end in success or a business rule,
    /// never in a conflict the user has to resolve. Between attempts it waits a random 1 ms to 5 ms + tries × <paramref name="jitterStep"/>
    /// (tries counted up to 20), so the racers spread out.
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(
        this IDocumentSession session, Func<Task<T>> attempt, int maxAttempts, TimeSpan jitterStep, CancellationToken ct = default)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt();
            }
            catch (ConcurrencyException) when (tries < maxAttempts)
            {
                session.EjectAllPendingChanges();
                var ceiling = 5 + (int)(Math.Min(tries, 20) * jitterStep.TotalMilliseconds);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, ceiling)), ct);
            }
        }
    }
}
