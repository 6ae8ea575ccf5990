using Npgsql;

namespace Brokerage.EventStore.Tests;

public sealed class ReadModelTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset April = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GivenLedgerHistory_WhenReadAsOfVersionOrDate_ThenStateIsAsItStoodThen()
    {
        var clock = new ManualClock(April);
        await using var store = await db.NewStoreAsync(o => o.Clock = clock);
        var id = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", April));
        await session.SaveChangesAsync();
        foreach (var (month, amount) in new[] { (1, 100L), (2, 200L), (3, 400L) })
        {
            clock.Now = April.AddMonths(month);
            session.Append(id, new AmountPledged(id, Guid.NewGuid(), amount));
            await session.SaveChangesAsync();
        }

        Assert.Equal(700, (await store.AggregateStreamAsync<Ledger>(id))!.Pledged);
        Assert.Equal(300, (await store.AggregateStreamAsync<Ledger>(id, version: 3))!.Pledged);
        Assert.Equal(100, (await store.AggregateStreamAsync<Ledger>(id, timestamp: April.AddMonths(1).AddDays(15)))!.Pledged);
        Assert.Equal(0, (await store.AggregateStreamAsync<Ledger>(id, timestamp: April.AddDays(1)))!.Pledged);
        Assert.Null(await store.AggregateStreamAsync<Ledger>(id, timestamp: April.AddDays(-1)));
    }

    [Fact]
    public async Task GivenInlineProjection_WhenEventsSaved_ThenDocumentsChangeInTheSameTransactionAndCanBeQueried()
    {
        await using var store = await db.NewStoreAsync(o => o.Projections.Add(new MemberTotalProjection(), ProjectionLifecycle.Inline));
        var ledger = Guid.NewGuid();
        var ada = Guid.NewGuid();
        var ben = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(ledger, new LedgerOpened(ledger, "lambeth", April),
            new AmountPledged(ledger, ada, 100), new AmountPledged(ledger, ben, 50), new AmountPledged(ledger, ada, 25));
        await session.SaveChangesAsync();

        Assert.Equal(new MemberTotal(ada, 125, 2), await store.LoadAsync<MemberTotal>(ada.ToString()));
        var withTwo = await store.QueryAsync<MemberTotal>(new { pledges = 2 });
        Assert.Equal([ada], withTwo.Select(t => t.MemberId));
        var over60 = await store.WhereAsync<MemberTotal>("(data->>'pledged')::bigint > @min", [new NpgsqlParameter("min", 60L)]);
        Assert.Equal([ada], over60.Select(t => t.MemberId));
    }

    [Fact]
    public async Task GivenInlineProjection_WhenTheSaveFails_ThenNoDocumentChanges()
    {
        await using var store = await db.NewStoreAsync(o => o.Projections.Add(new MemberTotalProjection(), ProjectionLifecycle.Inline));
        var ledger = Guid.NewGuid();
        var ada = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(ledger, new LedgerOpened(ledger, "lambeth", April), new AmountPledged(ledger, ada, 100));
        await session.SaveChangesAsync();

        session.Append(ledger, 2, new AmountPledged(ledger, ada, 900));
        session.Enlist((_, _, _) => throw new InvalidOperationException("outbox write failed"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.SaveChangesAsync());

        Assert.Equal(100, (await store.LoadAsync<MemberTotal>(ada.ToString()))!.Pledged);
        Assert.Equal(2, (await store.FetchStreamStateAsync(ledger))!.Version);
    }

    [Fact]
    public async Task GivenSnapshottedAggregate_WhenLoaded_ThenOnlyEventsAfterTheSnapshotAreReplayed()
    {
        await using var store = await db.NewStoreAsync(o => o.Snapshot<Ledger>(every: 100));
        var id = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", April));
        await session.SaveChangesAsync();
        for (var batch = 0; batch < 10; batch++)
        {
            session.Append(id, Enumerable.Range(0, 100).Select(_ => (object)new AmountPledged(id, Guid.NewGuid(), 1)).ToArray());
            await session.SaveChangesAsync();
        }

        session.Append(id, new AmountPledged(id, Guid.NewGuid(), 1), new AmountPledged(id, Guid.NewGuid(), 1));
        await session.SaveChangesAsync();

        var full = await store.AggregateStreamAsync<Ledger>(id);
        Assert.Equal(1002, full!.Pledged);

        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using (var read = new NpgsqlCommand($"SELECT version FROM {store.Schema}.snapshots WHERE stream_id = @id", connection))
        {
            read.Parameters.AddWithValue("id", id);
            Assert.Equal(1001L, await read.ExecuteScalarAsync());
        }

        // Prove the snapshot is what loading starts from: mark it, and the marked value shows through.
        await using (var mark = new NpgsqlCommand(
            $"UPDATE {store.Schema}.snapshots SET data = jsonb_set(data, '{{council}}', '\"from-snapshot\"') WHERE stream_id = @id", connection))
        {
            mark.Parameters.AddWithValue("id", id);
            await mark.ExecuteNonQueryAsync();
        }

        var loaded = await store.AggregateStreamAsync<Ledger>(id);
        Assert.Equal("from-snapshot", loaded!.Council);
        Assert.Equal(1002, loaded.Pledged);
        Assert.Equal("lambeth", (await store.AggregateStreamAsync<Ledger>(id, version: 500))!.Council);
    }

    [Fact]
    public async Task GivenTransactionHeldOpenWithALowerSequence_WhenLaterOnesCommitFirst_ThenTheDaemonWaitsAndSkipsNothing()
    {
        await using var store = await db.NewStoreAsync(o => o.Projections.Add(new SeenEventsProjection(), ProjectionLifecycle.Async));
        var daemon = new ProjectionDaemon(store);
        var early = Guid.NewGuid();
        var late = Guid.NewGuid();

        var hold = new TaskCompletionSource();
        var written = new TaskCompletionSource();
        var slow = Task.Run(async () =>
        {
            await using var session = store.OpenSession();
            session.Append(early, new AmountPledged(early, Guid.NewGuid(), 1));
            session.Enlist(async (_, _, _) =>
            {
                written.SetResult();
                await hold.Task;
            });
            await session.SaveChangesAsync();
            return session.Committed[0].Sequence;
        });
        await written.Task;

        await using (var fast = store.OpenSession())
        {
            fast.Append(late, new AmountPledged(late, Guid.NewGuid(), 1));
            await fast.SaveChangesAsync();
        }

        await daemon.CatchUpAsync(nameof(SeenEvents));
        Assert.Null(await store.LoadAsync<SeenEvents>("all"));

        hold.SetResult();
        var earlySequence = await slow;
        await CatchUpUntilAsync(daemon, nameof(SeenEvents), async () => (await store.LoadAsync<SeenEvents>("all"))?.Sequences.Count == 2);

        var seen = await store.LoadAsync<SeenEvents>("all");
        Assert.Equal(2, seen!.Sequences.Count);
        Assert.Contains(earlySequence, seen.Sequences);
    }

    [Fact]
    public async Task GivenDaemonStopped_WhenANewDaemonStarts_ThenItResumesWhereTheOldOneStopped()
    {
        await using var store = await db.NewStoreAsync(o => o.Projections.Add(new MemberTotalProjection(), ProjectionLifecycle.Async));
        var ledger = Guid.NewGuid();
        var ada = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(ledger, new LedgerOpened(ledger, "lambeth", April), new AmountPledged(ledger, ada, 10));
        await session.SaveChangesAsync();

        var first = new ProjectionDaemon(store);
        Assert.Equal(2, await CatchUpUntilAsync(first, nameof(MemberTotal), async () => await store.LoadAsync<MemberTotal>(ada.ToString()) is not null));

        session.Append(ledger, new AmountPledged(ledger, ada, 5));
        await session.SaveChangesAsync();
        var restarted = new ProjectionDaemon(store);
        Assert.Equal(1, await CatchUpUntilAsync(restarted, nameof(MemberTotal), async () => (await store.LoadAsync<MemberTotal>(ada.ToString()))?.Pledges == 2));
        Assert.Equal(0, await restarted.CatchUpAsync(nameof(MemberTotal)));

        Assert.Equal(new MemberTotal(ada, 15, 2), await store.LoadAsync<MemberTotal>(ada.ToString()));
        Assert.Equal(session.Committed[0].Sequence, (await restarted.ProgressOfAsync(nameof(MemberTotal))).Sequence);
    }

    [Fact]
    public async Task GivenAProjectionThatWentWrong_WhenRebuilt_ThenItIsRecomputedFromTheFirstEvent()
    {
        await using var store = await db.NewStoreAsync(o => o.Projections.Add(new MemberTotalProjection(), ProjectionLifecycle.Async));
        var daemon = new ProjectionDaemon(store) { BatchSize = 7 };
        var members = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        await using var session = store.OpenSession();
        for (var i = 0; i < 40; i++)
        {
            var ledger = Guid.NewGuid();
            session.StartStream<Ledger>(ledger, new LedgerOpened(ledger, "lambeth", April), new AmountPledged(ledger, members[i % 5], i));
        }

        await session.SaveChangesAsync();
        await CatchUpUntilAsync(daemon, nameof(MemberTotal), async () => (await store.QueryAsync<MemberTotal>()).Sum(t => t.Pledges) == 40);
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var corrupt = new NpgsqlCommand($"UPDATE {store.Schema}.documents SET data = jsonb_set(data, '{{pledged}}', '0')", connection);
            await corrupt.ExecuteNonQueryAsync();
        }

        var replayed = await daemon.RebuildAsync(nameof(MemberTotal));
        replayed += await CatchUpUntilAsync(daemon, nameof(MemberTotal), async () => (await store.QueryAsync<MemberTotal>()).Sum(t => t.Pledges) == 40);
        Assert.Equal(80, replayed);

        var totals = await store.QueryAsync<MemberTotal>();
        Assert.Equal(Enumerable.Range(0, 40).Sum(), totals.Sum(t => t.Pledged));
        Assert.All(totals, t => Assert.Equal(8, t.Pledges));
    }

    [Fact]
    public async Task GivenTransactionIdsThatGainADigit_WhenTheDaemonCatchesUpInSmallBatches_ThenEveryEventIsAppliedOnceInOrder()
    {
        // A fresh PostgreSQL cluster hands out transaction ids in the hundreds, so a suite's events cross 999 → 1000.
        // Here the boundary is set directly: four events in four transactions, renumbered 998, 999, 1000, 1001.
        await using var store = await db.NewStoreAsync(o => o.Projections.Add(new SeenEventsProjection(), ProjectionLifecycle.Async));
        var sequences = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            await using var session = store.OpenSession();
            var ledger = Guid.NewGuid();
            session.Append(ledger, new AmountPledged(ledger, Guid.NewGuid(), 1));
            await session.SaveChangesAsync();
            sequences.Add(session.Committed[0].Sequence);
        }

        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var renumber = new NpgsqlCommand(
                $"UPDATE {store.Schema}.events SET tx_id = (997 + seq_id - @first)::text::xid8", connection);
            renumber.Parameters.AddWithValue("first", sequences[0] - 1);
            Assert.Equal(4, await renumber.ExecuteNonQueryAsync());
        }

        var daemon = new ProjectionDaemon(store) { BatchSize = 1 };
        Assert.Equal(4, await daemon.CatchUpAsync(nameof(SeenEvents)));
        Assert.Equal(0, await daemon.CatchUpAsync(nameof(SeenEvents)));

        Assert.Equal(sequences, (await store.LoadAsync<SeenEvents>("all"))!.Sequences);
    }

    [Fact]
    public async Task GivenTwoDaemonsOnOneProjection_WhenBothCatchUpAtOnce_ThenEachEventIsAppliedOnce()
    {
        await using var store = await db.NewStoreAsync(o => o.Projections.Add(new MemberTotalProjection(), ProjectionLifecycle.Async));
        var ada = Guid.NewGuid();
        await using var session = store.OpenSession();
        for (var i = 0; i < 200; i++)
        {
            var ledger = Guid.NewGuid();
            session.Append(ledger, new AmountPledged(ledger, ada, 1));
            await session.SaveChangesAsync();
        }

        var one = new ProjectionDaemon(store) { BatchSize = 10 };
        var two = new ProjectionDaemon(store) { BatchSize = 10 };
        var deadline = DateTime.UtcNow.Add(CatchUpDeadline);
        while (DateTime.UtcNow < deadline && (await store.LoadAsync<MemberTotal>(ada.ToString()))?.Pledges != 200)
        {
            await Task.WhenAll(one.CatchUpAsync(nameof(MemberTotal)), two.CatchUpAsync(nameof(MemberTotal)));
        }

        var total = await store.LoadAsync<MemberTotal>(ada.ToString());
        Assert.False(total?.Pledges > 200, $"Events were applied twice: {total}");
        Assert.True(total?.Pledges == 200, $"Only {total?.Pledges ?? 0} of 200 events applied within {CatchUpDeadline.TotalSeconds} s. {await WritersAsync()}");
        Assert.Equal(new MemberTotal(ada, 200, 200), total);
    }

    // Other test projects share the PostgreSQL server; a write transaction they hold open holds every daemon back.
    private static readonly TimeSpan CatchUpDeadline = TimeSpan.FromSeconds(90);

    /// <summary>The transactions holding an xid on the server now, oldest first: what a daemon that cannot advance is waiting for.</summary>
    private async Task<string> WritersAsync()
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT string_agg(format('%s pid %s %s for %ss: %s', datname, pid, state, round(extract(epoch FROM now() - xact_start)), left(query, 120)), E'\n' ORDER BY xact_start)
            FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
            """, connection);
        return $"Write transactions open now:\n{await cmd.ExecuteScalarAsync() as string ?? "none"}";
    }

    /// <summary>
    /// The daemon only reads below the oldest transaction running anywhere in the PostgreSQL cluster, so a test
    /// elsewhere on the same server can hold it back for a moment: catch up until the read model shows the result.
    /// </summary>
    private async Task<int> CatchUpUntilAsync(ProjectionDaemon daemon, string projection, Func<Task<bool>> done)
    {
        var applied = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            applied += await daemon.CatchUpAsync(projection);
            if (await done())
            {
                return applied;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Projection {projection} did not catch up within 30 s. {await WritersAsync()}");
        return applied;
    }
}
