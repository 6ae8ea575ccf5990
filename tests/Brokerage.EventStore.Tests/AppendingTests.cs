using Npgsql;

namespace Brokerage.EventStore.Tests;

public sealed class AppendingTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GivenNewStore_WhenSchemaAppliedTwiceAndConcurrently_ThenTablesExistOnceInTheirOwnSchema()
    {
        var schema = Brokerage.Testing.TestInfrastructure.UniqueSchema("members");
        await using var first = await db.NewStoreAsync(schema: schema);
        await using var second = await db.NewStoreAsync(schema: schema);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => first.ApplySchemaAsync()));

        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT array_agg(table_name::text ORDER BY table_name) FROM information_schema.tables WHERE table_schema = @s", connection);
        cmd.Parameters.AddWithValue("s", schema);
        var tables = (string[])(await cmd.ExecuteScalarAsync())!;

        Assert.Equal(["documents", "events", "projection_progress", "snapshots", "streams"], tables);
    }

    [Fact]
    public async Task GivenTwoServiceSchemas_WhenEachWrites_ThenNeitherSeesTheOther()
    {
        await using var members = await db.NewStoreAsync();
        await using var pools = await db.NewStoreAsync();
        var id = Guid.NewGuid();
        await using var session = members.OpenSession();
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", Now));
        await session.SaveChangesAsync();

        Assert.NotNull(await members.AggregateStreamAsync<Ledger>(id));
        Assert.Null(await pools.AggregateStreamAsync<Ledger>(id));
    }

    [Fact]
    public async Task GivenStream_WhenAppendedWithCurrentVersion_ThenVersionsAndSequencesAdvance()
    {
        await using var store = await db.NewStoreAsync();
        var id = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", Now), new AmountPledged(id, Guid.NewGuid(), 500));
        await session.SaveChangesAsync();
        session.Append(id, 2, new AmountPledged(id, Guid.NewGuid(), 250));
        await session.SaveChangesAsync();

        var events = await store.FetchStreamAsync(id);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence));
        var ledger = await store.AggregateStreamAsync<Ledger>(id);
        Assert.Equal(750, ledger!.Pledged);
    }

    [Fact]
    public async Task GivenStream_WhenAppendedWithStaleVersion_ThenConcurrencyExceptionAndNoSequenceTaken()
    {
        await using var store = await db.NewStoreAsync();
        var id = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", Now));
        await session.SaveChangesAsync();
        var firstSequence = session.Committed[0].Sequence;

        session.Append(id, 0, new AmountPledged(id, Guid.NewGuid(), 100));
        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync());
        Assert.Equal(1, stale.ActualVersion);

        await using var retry = store.OpenSession();
        retry.Append(id, 1, new AmountPledged(id, Guid.NewGuid(), 100));
        await retry.SaveChangesAsync();
        Assert.Equal(firstSequence + 1, retry.Committed[0].Sequence);
    }

    [Fact]
    public async Task GivenStream_WhenStartedTwice_ThenExistingStreamIdCollision()
    {
        await using var store = await db.NewStoreAsync();
        var id = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", Now));
        await session.SaveChangesAsync();

        await using var again = store.OpenSession();
        again.StartStream<Ledger>(id, new LedgerOpened(id, "southwark", Now));
        await Assert.ThrowsAsync<ExistingStreamIdCollisionException>(() => again.SaveChangesAsync());
        Assert.Equal("lambeth", (await store.AggregateStreamAsync<Ledger>(id))!.Council);
    }

    [Fact]
    public async Task GivenTwentyWritersWithTheSameExpectedVersion_WhenTheyRace_ThenExactlyOneWinsAndTheRestGetConcurrencyErrors()
    {
        await using var store = await db.NewStoreAsync();
        var id = Guid.NewGuid();
        await using (var session = store.OpenSession())
        {
            session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", Now));
            await session.SaveChangesAsync();
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            await using var racer = store.OpenSession();
            racer.Append(id, 1, new AmountPledged(id, Guid.NewGuid(), 10));
            try
            {
                await racer.SaveChangesAsync();
                return "won";
            }
            catch (ConcurrencyException)
            {
                return "concurrency";
            }
        }));

        Assert.Single(outcomes, o => o == "won");
        Assert.Equal(19, outcomes.Count(o => o == "concurrency"));
        Assert.Equal(2, (await store.FetchStreamStateAsync(id))!.Version);
    }

    [Fact]
    public async Task GivenSessionTouchingTwoStreams_WhenOneIsStale_ThenNeitherIsWritten()
    {
        await using var store = await db.NewStoreAsync();
        var budget = Guid.NewGuid();
        var pool = Guid.NewGuid();
        await using (var setup = store.OpenSession())
        {
            setup.StartStream<Ledger>(budget, new LedgerOpened(budget, "lambeth", Now));
            setup.StartStream<Ledger>(pool, new LedgerOpened(pool, "lambeth", Now));
            await setup.SaveChangesAsync();
        }

        await using var session = store.OpenSession();
        session.Append(budget, 1, new AmountPledged(budget, Guid.NewGuid(), 100));
        session.Append(pool, 7, new AmountPledged(pool, Guid.NewGuid(), 100));
        await Assert.ThrowsAsync<ConcurrencyException>(() => session.SaveChangesAsync());

        Assert.Equal(1, (await store.FetchStreamStateAsync(budget))!.Version);
        Assert.Equal(1, (await store.FetchStreamStateAsync(pool))!.Version);
    }

    [Fact]
    public async Task GivenSessionTouchingTwoStreams_WhenSaved_ThenBothCommitInOneTransaction()
    {
        await using var store = await db.NewStoreAsync();
        var budget = Guid.NewGuid();
        var pool = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(budget, new LedgerOpened(budget, "lambeth", Now), new AmountPledged(budget, Guid.NewGuid(), 100));
        session.StartStream<Ledger>(pool, new LedgerOpened(pool, "lambeth", Now), new AmountPledged(pool, Guid.NewGuid(), 100));
        await session.SaveChangesAsync();

        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT count(DISTINCT tx_id) FROM {store.Schema}.events", connection);
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task GivenEvents_WhenRead_ThenEveryEventCarriesTheSessionMetadata()
    {
        await using var store = await db.NewStoreAsync();
        var id = Guid.NewGuid();
        var metadata = new EventMetadata("corr-1", "cause-1", "broker:alice", "member:42", "lambeth");
        await using var session = store.OpenSession(metadata);
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", Now), new AmountPledged(id, Guid.NewGuid(), 5));
        await session.SaveChangesAsync();

        var events = await store.FetchStreamAsync(id);
        Assert.All(events, e => Assert.Equal(metadata, e.Metadata));
        Assert.Equal(["ledger-opened", "amount-pledged"], events.Select(e => e.EventTypeName));
    }

    [Fact]
    public async Task GivenEventStoredBeforeAnOptionalFieldExisted_WhenRead_ThenItDeserialisesWithTheDefault()
    {
        await using var store = await db.NewStoreAsync(o => o.Events.Add<PledgeNoted>("pledge-noted"));
        var id = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", Now));
        await session.SaveChangesAsync();

        // Written by an older version of the service: no "reason" field in the JSON.
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($$"""
                UPDATE {{store.Schema}}.streams SET version = 2 WHERE id = @id;
                INSERT INTO {{store.Schema}}.events (id, stream_id, version, type, data, occurred_at)
                VALUES (gen_random_uuid(), @id, 2, 'pledge-noted', '{"ledgerId":"{{id}}","amount":300}', now())
                """, connection);
            cmd.Parameters.AddWithValue("id", id);
            await cmd.ExecuteNonQueryAsync();
        }

        var noted = (PledgeNoted)(await store.FetchStreamAsync(id))[1].Data;
        Assert.Equal(new PledgeNoted(id, 300), noted);
        Assert.Null(noted.Reason);
    }

    [Fact]
    public async Task GivenADecisionWithNoEvents_WhenAppendedAndSaved_ThenNothingIsWrittenToAnExistingOrANewStream()
    {
        await using var store = await db.NewStoreAsync();
        var existing = Guid.NewGuid();
        var unknown = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(existing, new LedgerOpened(existing, "lambeth", Now));
        await session.SaveChangesAsync();

        (await session.FetchForWritingAsync<Ledger>(existing)).AppendMany();
        (await session.FetchForWritingAsync<Ledger>(unknown)).AppendMany();
        Assert.False(session.HasChanges);
        await session.SaveChangesAsync();

        Assert.Equal(1, (await store.FetchStreamStateAsync(existing))!.Version);
        Assert.Null(await store.FetchStreamStateAsync(unknown));
    }

    [Fact]
    public async Task GivenArchivedStreamWithAnEventTypeNoLongerKnown_WhenItsHistoryIsRead_ThenOnePageOfTypesTimesAndActorsWithoutData()
    {
        await using var store = await db.NewStoreAsync();
        var id = Guid.NewGuid();
        await using var session = store.OpenSession(new EventMetadata("corr-1", null, "broker-ama", "member-7", "lambeth"));
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", Now));
        for (var i = 1; i <= 4; i++)
        {
            session.Append(id, new AmountPledged(id, Guid.NewGuid(), i));
        }

        await session.SaveChangesAsync();
        session.ArchiveStream(id);
        await session.SaveChangesAsync();
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var retype = new NpgsqlCommand($"UPDATE {store.Schema}.events SET type = 'amount-pledged-v0' WHERE stream_id = @id AND version = 3", connection);
            retype.Parameters.AddWithValue("id", id);
            await retype.ExecuteNonQueryAsync();
        }

        var page = await store.FetchStreamHistoryAsync(id, afterVersion: 2, limit: 2);

        Assert.Equal([3L, 4L], page.Select(e => e.Version));
        Assert.Equal(["amount-pledged-v0", "amount-pledged"], page.Select(e => e.EventTypeName));
        Assert.All(page, e => Assert.Equal(new EventMetadata("corr-1", null, "broker-ama", "member-7", "lambeth"), e.Metadata));
        Assert.Equal(5, (await store.FetchStreamHistoryAsync(id, afterVersion: 0, limit: 100)).Count);
        Assert.Empty(await store.FetchStreamHistoryAsync(Guid.NewGuid(), afterVersion: 0, limit: 100));
    }

    [Fact]
    public async Task GivenArchivedStream_WhenRead_ThenHiddenFromNormalReadsButKeptForAuditAndClosedToAppends()
    {
        await using var store = await db.NewStoreAsync();
        var id = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth", Now), new AmountPledged(id, Guid.NewGuid(), 80));
        await session.SaveChangesAsync();
        session.ArchiveStream(id);
        await session.SaveChangesAsync();

        Assert.Null(await store.AggregateStreamAsync<Ledger>(id));
        Assert.Empty(await store.FetchStreamAsync(id));
        Assert.Equal(80, (await store.AggregateStreamAsync<Ledger>(id, includeArchived: true))!.Pledged);
        Assert.Equal(2, (await store.FetchStreamAsync(id, includeArchived: true)).Count);

        session.Append(id, new AmountPledged(id, Guid.NewGuid(), 1));
        await Assert.ThrowsAsync<StreamArchivedException>(() => session.SaveChangesAsync());
        await using var writer = store.OpenSession();
        await Assert.ThrowsAsync<StreamArchivedException>(() => writer.FetchForWritingAsync<Ledger>(id));
    }

    [Fact]
    public async Task GivenAggregateFetchedForWriting_WhenAnotherWriterGetsInFirst_ThenTheLateWriterIsRejected()
    {
        await using var store = await db.NewStoreAsync();
        var id = Guid.NewGuid();
        await using (var session = store.OpenSession())
        {
            var fresh = await session.FetchForWritingAsync<Ledger>(id);
            Assert.Null(fresh.Aggregate);
            fresh.AppendOne(new LedgerOpened(id, "lambeth", Now));
            await session.SaveChangesAsync();
            Assert.Equal(1, fresh.ResultingVersion);
        }

        await using var first = store.OpenSession();
        await using var second = store.OpenSession();
        var a = await first.FetchForWritingAsync<Ledger>(id);
        var b = await second.FetchForWritingAsync<Ledger>(id);
        a.AppendOne(new AmountPledged(id, Guid.NewGuid(), 10));
        b.AppendOne(new AmountPledged(id, Guid.NewGuid(), 20));
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<ConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal(10, (await store.AggregateStreamAsync<Ledger>(id))!.Pledged);
    }
}

public sealed record PledgeNoted(Guid LedgerId, long Amount, string? Reason = null);
