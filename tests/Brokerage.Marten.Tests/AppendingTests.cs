using Brokerage.Testing;
using JasperFx;
using Marten;
using Marten.Events.Archiving;

namespace Brokerage.Marten.Tests;

public sealed class AppendingTests
{
    [Fact]
    public async Task GivenASessionTouchingTwoStreams_WhenOneIsStale_ThenNeitherIsWritten()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var budget = await host.PledgeAsync(Guid.NewGuid(), 1);
        var pool = await host.PledgeAsync(Guid.NewGuid(), 1);

        await using var session = host.Store.LightweightSession();
        var a = await session.Events.FetchForWriting<Ledger>(budget);
        var b = await session.Events.FetchForWriting<Ledger>(pool);
        a.AppendOne(new AmountPaid(budget, 100));
        b.AppendOne(new AmountPaid(pool, 100));
        await host.PledgeAsync(Guid.NewGuid(), 1); // unrelated
        await using (var other = host.Store.LightweightSession())
        {
            other.Events.Append(pool, new AmountPaid(pool, 1));
            await other.SaveChangesAsync();
        }

        await Assert.ThrowsAnyAsync<ConcurrencyException>(() => session.SaveChangesAsync());

        await using var query = host.Store.QuerySession();
        Assert.Equal(2, (await query.Events.FetchStreamStateAsync(budget))!.Version);
        Assert.Equal(0, (await query.LoadAsync<Ledger>(budget))!.Paid);
        Assert.Equal(3, (await query.Events.FetchStreamStateAsync(pool))!.Version);
    }

    [Fact]
    public async Task GivenADecisionWithNoEvents_WhenAppendedAndSaved_ThenNothingIsWrittenToAnExistingOrANewStream()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var existing = await host.PledgeAsync(Guid.NewGuid(), 1);
        var unknown = Guid.NewGuid();

        await using var session = host.Store.LightweightSession();
        (await session.Events.FetchForWriting<Ledger>(existing)).AppendMany();
        (await session.Events.FetchForWriting<Ledger>(unknown)).AppendMany();
        await session.SaveChangesAsync();

        await using var query = host.Store.QuerySession();
        Assert.Equal(2, (await query.Events.FetchStreamStateAsync(existing))!.Version);
        Assert.Null(await query.Events.FetchStreamStateAsync(unknown));
    }

    [Fact]
    public async Task GivenAStreamStartedTwice_ThenTheSecondIsACollisionAndTheFirstStands()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var id = Guid.NewGuid();
        await using (var session = host.Store.LightweightSession())
        {
            session.Events.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth"));
            await session.SaveChangesAsync();
        }

        await using (var again = host.Store.LightweightSession())
        {
            again.Events.StartStream<Ledger>(id, new LedgerOpened(id, "southwark"));
            await Assert.ThrowsAsync<global::Marten.Exceptions.ExistingStreamIdCollisionException>(() => again.SaveChangesAsync());
        }

        await using var query = host.Store.QuerySession();
        Assert.Equal("lambeth", (await query.LoadAsync<Ledger>(id))!.Council);
    }

    [Fact]
    public async Task GivenTwoServiceSchemasInOneDatabase_WhenEachWrites_ThenNeitherSeesTheOther()
    {
        var db = await TestInfrastructure.CreateDatabaseAsync("marten");
        await using var members = await ServiceHost.StartAsync(db, schema: "members");
        await using var pools = await ServiceHost.StartAsync(db, schema: "pooledfunds");
        var id = await members.PledgeAsync(Guid.NewGuid(), 1);

        await using var inMembers = members.Store.QuerySession();
        await using var inPools = pools.Store.QuerySession();
        Assert.NotNull(await inMembers.Events.FetchStreamStateAsync(id));
        Assert.Null(await inPools.Events.FetchStreamStateAsync(id));
        Assert.Null(await inPools.LoadAsync<Ledger>(id));
    }

    [Fact]
    public async Task GivenAnEventStoredBeforeAnOptionalFieldExisted_WhenRead_ThenItDeserialisesWithTheDefault()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var id = await host.PledgeAsync(Guid.NewGuid(), 1);
        await using (var session = host.Store.LightweightSession())
        {
            session.Events.Append(id, new PledgeNoted(id, 300, "to be removed"));
            await session.SaveChangesAsync();
        }

        // As an older version of the service wrote it: no "reason" in the JSON.
        await host.ScalarAsync($"UPDATE {ServiceHost.Schema}.mt_events SET data = data - 'reason' WHERE stream_id = $1 AND version = 3", id);

        await using var query = host.Store.QuerySession();
        Assert.Equal(new PledgeNoted(id, 300), (await query.Events.FetchStreamAsync(id))[2].Data);
    }

    [Fact]
    public async Task GivenAnArchivedStream_ThenHiddenFromNormalReadsButKeptForAuditAndClosedToAppends()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var id = await host.PledgeAsync(Guid.NewGuid(), 80);
        await using (var session = host.Store.LightweightSession())
        {
            session.Events.ArchiveStream(id);
            await session.SaveChangesAsync();
        }

        await using (var query = host.Store.QuerySession())
        {
            Assert.True((await query.Events.FetchStreamStateAsync(id))!.IsArchived);
            Assert.Null(await query.Events.AggregateStreamAsync<Ledger>(id));
            Assert.Empty(await query.Events.FetchStreamAsync(id));
            Assert.Equal(2, await query.Events.QueryAllRawEvents().Where(e => e.StreamId == id && e.MaybeArchived()).CountAsync());
        }

        await using var writer = host.Store.LightweightSession();
        var ledger = await writer.Events.FetchForWriting<Ledger>(id);
        ledger.AppendOne(new AmountPaid(id, 1));
        await Assert.ThrowsAsync<global::Marten.Exceptions.InvalidStreamOperationException>(() => writer.SaveChangesAsync());
    }
}
