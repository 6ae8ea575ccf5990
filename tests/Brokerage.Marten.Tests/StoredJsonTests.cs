using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using Marten;

namespace Brokerage.Marten.Tests;

public enum ListingStatus
{
    Open,
    OnHold,
}

public sealed record Listing(Guid Id, string CouncilId, ListingStatus Status);

/// <summary>Stored JSON is what the services' raw SQL fragments and their old documents expect: camelCase, kebab-case enums.</summary>
public sealed class StoredJsonTests
{
    [Fact]
    public async Task GivenADocumentAndAnEvent_WhenStored_ThenTheirJsonIsCamelCaseWithKebabCaseEnumsAndLinqAndRawSqlBothFindThem()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var held = new Listing(Guid.NewGuid(), "lambeth", ListingStatus.OnHold);
        var ledger = Guid.NewGuid();
        await using (var session = host.Store.LightweightSession())
        {
            session.Store(held, new Listing(Guid.NewGuid(), "lambeth", ListingStatus.Open), new Listing(Guid.NewGuid(), "southwark", ListingStatus.OnHold));
            session.Events.StartStream<Ledger>(ledger, new LedgerOpened(ledger, "lambeth"));
            await session.SaveChangesAsync();
        }

        Assert.Equal($$"""{"id": "{{held.Id}}", "status": "on-hold", "councilId": "lambeth"}""",
            await host.ScalarAsync($"SELECT data::text FROM {ServiceHost.Schema}.mt_doc_listing WHERE id = $1", held.Id));
        Assert.Equal($$"""{"council": "lambeth", "ledgerId": "{{ledger}}"}""",
            await host.ScalarAsync($"SELECT data::text FROM {ServiceHost.Schema}.mt_events WHERE stream_id = $1", ledger));

        await using var query = host.Store.QuerySession();
        Assert.Equal([held], await query.Query<Listing>().Where(l => l.CouncilId == "lambeth" && l.Status == ListingStatus.OnHold).ToListAsync());
        Assert.Equal([held], await query.QueryAsync<Listing>("where data->>'councilId' = ? and data->>'status' = ?", "lambeth", "on-hold"));
        Assert.Equal(held, await query.LoadAsync<Listing>(held.Id));
    }
}
