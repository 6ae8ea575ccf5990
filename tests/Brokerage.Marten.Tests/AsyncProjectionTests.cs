using Brokerage.Testing;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Marten.Services;
using Npgsql;

namespace Brokerage.Marten.Tests;

public sealed class AsyncProjectionTests
{
    // Other test projects share the PostgreSQL server; a write transaction they hold open holds every daemon back a while.
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(90);

    private static void MemberTotals(StoreOptions o)
    {
        o.Projections.Add<MemberTotalProjection>(ProjectionLifecycle.Async);
        // A gap gets this long to fill before the daemon considers skipping it (3 s by default): short, so the test is quick.
        o.Projections.StaleSequenceThreshold = TimeSpan.FromMilliseconds(300);
    }

    [Fact]
    public async Task GivenATransactionHeldOpenWithALowerSequence_WhenLaterOnesCommitFirst_ThenTheDaemonHoldsAndAppliesEveryEventOnce()
    {
        var db = await TestInfrastructure.CreateDatabaseAsync("marten");
        var logs = new CapturedLogs();
        await using var host = await ServiceHost.StartAsync(db, MemberTotals, daemon: true, logs: logs);
        var ada = Guid.NewGuid();
        await host.PledgeAsync(ada, 1);
        await host.Store.WaitForNonStaleProjectionDataAsync(CatchUp);
        Assert.Equal(1, (await host.TotalAsync(ada))!.Pledges);

        // This command takes the next sequence numbers and then holds its commit, while three later ones commit.
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var slow = await connection.BeginTransactionAsync();
        await using (var session = host.Store.LightweightSession(SessionOptions.ForTransaction(slow)))
        {
            var ledger = Guid.NewGuid();
            session.Events.StartStream<Ledger>(ledger, new LedgerOpened(ledger, "lambeth"), new AmountPledged(ledger, ada, 10));
            await session.SaveChangesAsync();
        }

        for (var i = 0; i < 3; i++)
        {
            await host.PledgeAsync(ada, 100);
        }

        // Past its stale threshold the daemon says it holds before the gap, because the transaction that may fill it is alive.
        await Eventually.HoldsAsync(
            () => Task.FromResult(logs.Any("is holding before the sequence gap")), "the daemon to hold before the open transaction's gap", CatchUp);
        Assert.Equal(1, (await host.TotalAsync(ada))!.Pledges);

        await slow.CommitAsync();
        await host.Store.WaitForNonStaleProjectionDataAsync(CatchUp);

        var total = (await host.TotalAsync(ada))!;
        Assert.Equal((5, 311L), (total.Pledges, total.Pledged));
        Assert.Equal(0L, await host.ScalarAsync($"SELECT count(*) FROM {ServiceHost.Schema}.mt_high_water_skips"));
        Assert.False(logs.Any("is skipping the") || logs.Any("skipping a gap"), "the daemon skipped a gap");
    }

    [Fact]
    public async Task GivenTwoHostsWithHotColdDaemonsOnOneDatabase_WhenEventsArriveWhileBothRun_ThenEachIsAppliedOnce()
    {
        var db = await TestInfrastructure.CreateDatabaseAsync("marten");
        await using var one = await ServiceHost.StartAsync(db, MemberTotals, daemon: true);
        await using var two = await ServiceHost.StartAsync(db, MemberTotals, daemon: true);
        var ada = Guid.NewGuid();

        // Four writers at once, half through each host.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await (writer % 2 == 0 ? one : two).PledgeAsync(ada, 1);
            }
        })));
        await one.Store.WaitForNonStaleProjectionDataAsync(CatchUp);
        await two.Store.WaitForNonStaleProjectionDataAsync(CatchUp);

        var total = (await one.TotalAsync(ada))!;
        Assert.Equal((200, 200L), (total.Pledges, total.Pledged));
    }

    [Fact]
    public async Task GivenTheDaemonStopped_WhenEventsArriveAndADaemonStartsAgain_ThenItResumesWhereTheOldOneStopped()
    {
        var db = await TestInfrastructure.CreateDatabaseAsync("marten");
        var ada = Guid.NewGuid();
        await using (var first = await ServiceHost.StartAsync(db, MemberTotals, daemon: true))
        {
            for (var i = 0; i < 5; i++)
            {
                await first.PledgeAsync(ada, 10);
            }

            await first.Store.WaitForNonStaleProjectionDataAsync(CatchUp);
            Assert.Equal(5, (await first.TotalAsync(ada))!.Pledges);
        }

        // Written while no daemon runs.
        await using (var writer = await ServiceHost.StartAsync(db, MemberTotals))
        {
            for (var i = 0; i < 5; i++)
            {
                await writer.PledgeAsync(ada, 1);
            }

            Assert.Equal(5, (await writer.TotalAsync(ada))!.Pledges);
        }

        await using var restarted = await ServiceHost.StartAsync(db, MemberTotals, daemon: true);
        await restarted.Store.WaitForNonStaleProjectionDataAsync(CatchUp);

        var total = (await restarted.TotalAsync(ada))!;
        Assert.Equal((10, 55L), (total.Pledges, total.Pledged));
        var progress = await restarted.Store.Advanced.AllProjectionProgress();
        var highest = (long)(await restarted.ScalarAsync($"SELECT max(seq_id) FROM {ServiceHost.Schema}.mt_events"))!;
        Assert.Contains(progress, p => p.ShardName.StartsWith(nameof(MemberTotal), StringComparison.Ordinal) && p.Sequence == highest);
    }

    [Fact]
    public async Task GivenAProjectionThatWentWrong_WhenRebuilt_ThenItIsRecomputedFromTheFirstEvent()
    {
        var db = await TestInfrastructure.CreateDatabaseAsync("marten");
        await using var host = await ServiceHost.StartAsync(db, MemberTotals);
        var members = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < 40; i++)
        {
            await host.PledgeAsync(members[i % 5], i);
        }

        using var daemon = await host.Store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await host.Store.WaitForNonStaleProjectionDataAsync(CatchUp);
        Assert.Equal(Enumerable.Range(0, 40).Sum(), await SumPledgedAsync(host));
        await host.ScalarAsync($"UPDATE {ServiceHost.Schema}.mt_doc_membertotal SET data = jsonb_set(data, '{{pledged}}', '0')");
        Assert.Equal(0, await SumPledgedAsync(host));

        await daemon.RebuildProjectionAsync<MemberTotalProjection>(CatchUp, CancellationToken.None);

        await using var query = host.Store.QuerySession();
        var totals = await query.Query<MemberTotal>().ToListAsync();
        Assert.Equal(5, totals.Count);
        Assert.All(totals, t => Assert.Equal(8, t.Pledges));
        Assert.Equal(Enumerable.Range(0, 40).Sum(), totals.Sum(t => t.Pledged));
    }

    private static async Task<long> SumPledgedAsync(ServiceHost host)
    {
        await using var query = host.Store.QuerySession();
        return (await query.Query<MemberTotal>().ToListAsync()).Sum(t => t.Pledged);
    }
}
