using Brokerage.EventStore;
using Brokerage.Messaging;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.IntegrationEvents;

namespace Brokerage.PooledFunds.Api.Pools;

/// <summary>
/// Appends a decision to the pool stream and the members' budget streams of one session, with the integration messages
/// it causes, after checking the ledger invariants on the resulting state. The caller saves once: the store locks every
/// stream, checks every expected version, and commits events, read models and outbox rows together or not at all.
/// </summary>
public static class PoolTransaction
{
    public static Pool Append(
        EventSession session, EventStream<Pool> poolStream, IReadOnlyDictionary<Guid, EventStream<MemberBudget>> budgets, Decision decision)
    {
        var before = poolStream.Aggregate ?? throw new InvalidOperationException("The pool stream is empty.");
        var after = before;
        foreach (var e in decision.PoolEvents)
        {
            after = after.Evolve(e);
        }

        LedgerInvariants.Assert(after);
        if (decision.PoolEvents.Count > 0)
        {
            poolStream.AppendMany([.. decision.PoolEvents]);
        }

        foreach (var message in PublishedMessages.ForPool(before, decision.PoolEvents))
        {
            session.Publish(message);
        }

        foreach (var message in PublishedMessages.PledgeChanges(before, decision.PoolEvents, poolStream.CurrentVersion + decision.PoolEvents.Count))
        {
            session.Publish(message);
        }

        foreach (var (memberId, events) in decision.BudgetEvents.OrderBy(b => b.Key))
        {
            var stream = budgets.GetValueOrDefault(memberId);
            var budgetBefore = stream?.Aggregate ?? throw new InvalidOperationException($"Member {memberId}'s budget was not loaded for writing.");
            var budgetAfter = budgetBefore;
            foreach (var e in events)
            {
                budgetAfter = budgetAfter.Evolve(e);
            }

            LedgerInvariants.Assert(budgetBefore, budgetAfter, after);
            stream!.AppendMany([.. events]);
            var versionAfter = stream.CurrentVersion + events.Count;
            foreach (var message in PublishedMessages.ForBudget(budgetAfter, events, versionAfter))
            {
                session.Publish(message);
            }
        }

        return after;
    }

    /// <summary>Pledge writes race on a member's budget stream: many short retries (see <see cref="ConflictRetries"/>).</summary>
    public static Task<T> WithRetriesAsync<T>(EventSession session, Func<Task<T>> attempt, CancellationToken ct = default) =>
        session.RetryOnConflictAsync(attempt, maxAttempts: 50, jitterStep: TimeSpan.FromMilliseconds(2), ct);
}
