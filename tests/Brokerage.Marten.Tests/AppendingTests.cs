using Brokerage.Testing;
using JasperFx;
using Marten;

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
}
