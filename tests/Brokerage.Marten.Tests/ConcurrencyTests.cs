using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using JasperFx;
using Marten;

namespace Brokerage.Marten.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task GivenAStaleExpectedVersion_WhenWritten_ThenOneTypedConcurrencyErrorAndNothingIsWritten()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var id = await host.PledgeAsync(Guid.NewGuid(), 100); // at version 2

        // Marten's expected version on Append is the one after the append: 2 claims the stream was at 1.
        await using (var stale = host.Store.LightweightSession())
        {
            stale.Events.Append(id, 2, new AmountPaid(id, 5));
            var error = await Assert.ThrowsAnyAsync<ConcurrencyException>(() => stale.SaveChangesAsync());
            Assert.IsType<JasperFx.Events.EventStreamUnexpectedMaxEventIdException>(error);
        }

        // FetchForWriting's expected version is the current one, and a stale one fails before anything is staged.
        await using (var session = host.Store.LightweightSession())
        {
            await Assert.ThrowsAnyAsync<ConcurrencyException>(() => session.Events.FetchForWriting<Ledger>(id, 1));
        }

        // Two writers read version 2; the second to save loses.
        await using var first = host.Store.LightweightSession();
        await using var second = host.Store.LightweightSession();
        var a = await first.Events.FetchForWriting<Ledger>(id);
        var b = await second.Events.FetchForWriting<Ledger>(id);
        a.AppendOne(new AmountPaid(id, 10));
        b.AppendOne(new AmountPaid(id, 20));
        await first.SaveChangesAsync();
        await Assert.ThrowsAnyAsync<ConcurrencyException>(() => second.SaveChangesAsync());

        await using var query = host.Store.QuerySession();
        Assert.Equal(3, (await query.Events.FetchStreamStateAsync(id))!.Version);
        Assert.Equal(10, (await query.LoadAsync<Ledger>(id))!.Paid);
    }

    [Fact]
    public async Task GivenTwentyWritersThatReadTheSameVersion_WhenTheyRace_ThenExactlyOneWinsAndTheRestGetConcurrencyErrors()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var id = Guid.NewGuid();
        await using (var setup = host.Store.LightweightSession())
        {
            setup.Events.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth"));
            await setup.SaveChangesAsync();
        }

        // All read before any saves, so every one of them decides on version 1.
        var read = new Barrier(20);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var racer = host.Store.LightweightSession();
            var ledger = await racer.Events.FetchForWriting<Ledger>(id);
            read.SignalAndWait();
            ledger.AppendOne(new AmountPledged(id, Guid.NewGuid(), 10));
            try
            {
                await racer.SaveChangesAsync();
                return "won";
            }
            catch (ConcurrencyException)
            {
                return "concurrency";
            }
        })));

        Assert.Single(outcomes, o => o == "won");
        Assert.Equal(19, outcomes.Count(o => o == "concurrency"));
        await using var query = host.Store.QuerySession();
        Assert.Equal(2, (await query.Events.FetchStreamStateAsync(id))!.Version);
        Assert.Equal(10, (await query.LoadAsync<Ledger>(id))!.Pledged);
    }

    [Fact]
    public async Task GivenTwentyWritersThatRetryOnConflict_WhenTheyRace_ThenEveryOneCommits()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var id = Guid.NewGuid();
        await using (var setup = host.Store.LightweightSession())
        {
            setup.Events.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth"));
            await setup.SaveChangesAsync();
        }

        var versions = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var racer = host.Store.LightweightSession();
            return await racer.RetryOnConflictAsync(
                async () =>
                {
                    var ledger = await racer.Events.FetchForWriting<Ledger>(id);
                    ledger.AppendOne(new AmountPledged(id, Guid.NewGuid(), i + 1));
                    await racer.SaveChangesAsync();
                    return ledger.CurrentVersion;
                },
                maxAttempts: 100,
                jitterStep: TimeSpan.FromMilliseconds(2));
        })));

        Assert.Equal(Enumerable.Range(2, 20).Select(v => (long?)v), versions.Order());
        await using var query = host.Store.QuerySession();
        Assert.Equal(21, (await query.Events.FetchStreamStateAsync(id))!.Version);
        Assert.Equal(new Ledger(id, "lambeth", Enumerable.Range(1, 20).Sum(), 0, 20), await query.LoadAsync<Ledger>(id));
    }

    [Fact]
    public async Task GivenACommandThatPublishes_WhenItLosesARaceAndIsRetried_ThenItsMessageIsInTheOutboxOnce()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"), messaging: true);
        var id = await host.PledgeAsync(Guid.NewGuid(), 100);

        var attempts = 0;
        await using (var session = host.Store.LightweightSession())
        {
            await session.RetryOnConflictAsync(
                async () =>
                {
                    attempts++;
                    var ledger = await session.Events.FetchForWriting<Ledger>(id);
                    ledger.AppendOne(new AmountPaid(id, 40));
                    session.Publish(new PledgeTaken(id, attempts));
                    if (attempts == 1)
                    {
                        // Another writer gets in between this attempt's read and its save.
                        await using var other = host.Store.LightweightSession();
                        other.Events.Append(id, new AmountPaid(id, 1));
                        await other.SaveChangesAsync();
                    }

                    await session.SaveChangesAsync();
                    return ledger.CurrentVersion;
                },
                maxAttempts: 5,
                jitterStep: TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(2, attempts);
        // The first attempt's outbox row went with its events (EjectAllPendingChanges drops queued SQL too); only the retry's was written.
        var published = (string[])(await host.ScalarAsync($"SELECT array_agg(body->>'attempt') FROM {ServiceHost.Schema}.outbox"))!;
        Assert.Equal(["2"], published);
        await using var query = host.Store.QuerySession();
        Assert.Equal(41, (await query.LoadAsync<Ledger>(id))!.Paid);
    }
}
