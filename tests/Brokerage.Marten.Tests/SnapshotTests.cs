using Brokerage.Testing;
using Marten;

namespace Brokerage.Marten.Tests;

/// <summary>
/// A command on a long stream costs what it costs on a short one because FetchForWriting starts from the inline snapshot
/// row, not from the events. What can be asserted exactly is that it does: a mark put in the snapshot row only (never in
/// an event) shows through, with the stream's true version. How long it takes is the benchmark's to measure.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public async Task GivenStreamsOfTenAndOfOneHundredThousandEvents_WhenFetchedForWriting_ThenBothComeFromTheirSnapshotRowAtTheirTrueVersion()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var shortLedger = await WriteLedgerAsync(host, 10);
        var longLedger = await WriteLedgerAsync(host, 100_000);
        // Only the snapshot rows are marked.
        await host.ScalarAsync(
            $"UPDATE {ServiceHost.Schema}.mt_doc_ledger SET data = jsonb_set(data, '{{council}}', '\"from-snapshot\"') WHERE id = ANY($1)",
            new[] { shortLedger, longLedger });

        foreach (var (id, events) in new[] { (shortLedger, 10), (longLedger, 100_000) })
        {
            await using var session = host.Store.LightweightSession();
            var ledger = await session.Events.FetchForWriting<Ledger>(id);
            Assert.Equal((long)events, ledger.CurrentVersion);
            Assert.Equal(new Ledger(id, "from-snapshot", events - 1, 0, events - 1), ledger.Aggregate);

            // The command goes on from there, and the snapshot moves with it.
            ledger.AppendOne(new AmountPaid(id, 7));
            await session.SaveChangesAsync();
            Assert.Equal((long)events + 1, ledger.CurrentVersion);
            await using var query = host.Store.QuerySession();
            Assert.Equal(new Ledger(id, "from-snapshot", events - 1, 7, events), await query.LoadAsync<Ledger>(id));
        }

        // The events themselves never held the mark: replaying the short stream gives the council it was opened in.
        await using var replay = host.Store.QuerySession();
        Assert.Equal("lambeth", (await replay.Events.AggregateStreamAsync<Ledger>(shortLedger))!.Council);
    }

    /// <summary>A ledger of <paramref name="events"/> events: opened, then pledges of 1, saved ten thousand at a time.</summary>
    private static async Task<Guid> WriteLedgerAsync(ServiceHost host, int events)
    {
        var id = Guid.NewGuid();
        await using (var session = host.Store.LightweightSession())
        {
            session.Events.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth"));
            await session.SaveChangesAsync();
        }

        for (var written = 1; written < events; written += 10_000)
        {
            await using var session = host.Store.LightweightSession();
            var pledges = Enumerable.Range(0, Math.Min(10_000, events - written)).Select(_ => (object)new AmountPledged(id, Guid.Empty, 1)).ToArray();
            session.Events.Append(id, pledges);
            await session.SaveChangesAsync();
        }

        return id;
    }
}
