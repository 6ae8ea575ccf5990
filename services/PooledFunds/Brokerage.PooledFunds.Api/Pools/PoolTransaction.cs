using Brokerage.Messaging;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.IntegrationEvents;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;

namespace Brokerage.PooledFunds.Api.Pools;

/// <summary>
/// Appends a decision to the pool stream and the members' budget streams of one session, with the integration messages
/// it causes, after checking the ledger invariants on the resulting state. The caller saves once: Marten checks every
/// appended stream's version, and commits events, snapshots and outbox rows together or not at all.
/// </summary>
public static class PoolTransaction
{
    public static Pool Append(
        IDocumentSession session, IEventStream<Pool> poolStream, IReadOnlyDictionary<Guid, IEventStream<MemberBudget>> budgets, Decision decision)
    {
        var before = poolStream.Aggregate ?? throw new InvalidOperationException("The pool stream is empty.");
        var after = before;
        foreach (var e in decision.PoolEvents)
        {
            after = after.Evolve(e);
        }

        LedgerInvariants.Assert(after);
        // The versions as fetched: the messages carry each stream's version after this decision's events.
        var poolVersionAfter = (poolStream.StartingVersion ?? 0) + decision.PoolEvents.Count;
        if (decision.PoolEvents.Count > 0)
        {
            poolStream.AppendMany([.. decision.PoolEvents]);
        }

        foreach (var message in PublishedMessages.ForPool(before, decision.PoolEvents))
        {
            session.Publish(message);
        }

        foreach (var message in PublishedMessages.PledgeChanges(before, decision.PoolEvents, poolVersionAfter))
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
            var versionAfter = (stream!.StartingVersion ?? 0) + events.Count;
            stream.AppendMany([.. events]);
            foreach (var message in PublishedMessages.ForBudget(budgetAfter, events, versionAfter))
            {
                session.Publish(message);
            }
        }

        return after;
    }

    /// <summary>Pledge writes race on a member's budget stream: many short retries (see <see cref="ConflictRetries"/>).</summary>
    public static Task<T> WithRetriesAsync<T>(IDocumentSession session, Func<Task<T>> attempt, CancellationToken ct = default) =>
        session.RetryOnConflictAsync(attempt, maxAttempts: 50, jitterStep: TimeSpan.FromMilliseconds(2), ct);
}
