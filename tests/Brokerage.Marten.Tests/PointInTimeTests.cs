using Brokerage.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Marten.Tests;

public sealed class PointInTimeTests
{
    private static readonly DateTimeOffset April = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GivenALedgerWrittenOverMonths_WhenReadAsOfAPastInstantOrVersion_ThenItIsWhatItWasThen()
    {
        var clock = new FakeTimeProvider(April);
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"), clock: clock);
        var id = Guid.NewGuid();
        await using (var session = host.Store.LightweightSession())
        {
            session.Events.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth"));
            await session.SaveChangesAsync();
        }

        foreach (var amount in new[] { 100L, 200L, 400L })
        {
            clock.Advance(TimeSpan.FromDays(30));
            await using var session = host.Store.LightweightSession();
            var ledger = await session.Events.FetchForWriting<Ledger>(id);
            ledger.AppendOne(new AmountPledged(id, Guid.NewGuid(), amount));
            await session.SaveChangesAsync();
        }

        await using var query = host.Store.QuerySession();
        Assert.Equal([April, April.AddDays(30), April.AddDays(60), April.AddDays(90)], (await query.Events.FetchStreamAsync(id)).Select(e => e.Timestamp));
        Assert.Equal(700, (await query.Events.AggregateStreamAsync<Ledger>(id))!.Pledged);
        Assert.Equal(new Ledger(id, "lambeth", 100, 0, 1), await query.Events.AggregateStreamAsync<Ledger>(id, timestamp: April.AddDays(45)));
        Assert.Equal(new Ledger(id, "lambeth", 300, 0, 2), await query.Events.AggregateStreamAsync<Ledger>(id, timestamp: April.AddDays(60)));
        Assert.Equal(new Ledger(id, "lambeth", 0, 0, 0), await query.Events.AggregateStreamAsync<Ledger>(id, timestamp: April.AddDays(1)));
        Assert.Null(await query.Events.AggregateStreamAsync<Ledger>(id, timestamp: April.AddDays(-1)));
        Assert.Equal(300, (await query.Events.AggregateStreamAsync<Ledger>(id, version: 3))!.Pledged);
        // The snapshot is the latest state; reading as of a past instant does not disturb it.
        Assert.Equal(700, (await query.LoadAsync<Ledger>(id))!.Pledged);
    }
}
