using Npgsql;

namespace Brokerage.EventStore.Tests;

public sealed class DocumentPagingTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset April = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    public sealed record Listing(string Council, string Name, DateTimeOffset At);

    private static async Task<DocumentStore> StoreWithListingsAsync(DatabaseFixture db)
    {
        var store = await db.NewStoreAsync();
        await using var session = store.OpenSession();
        foreach (var day in new[] { 5, 1, 6, 3, 0, 4, 2 }) // stored out of order
        {
            session.Store($"l{day}", new Listing("lambeth", $"day {day}", April.AddDays(day)));
        }

        session.Store("s0", new Listing("southwark", "southwark day 0", April));
        session.Store("s1", new Listing("southwark", "southwark day 1", April.AddDays(1)));
        await session.SaveChangesAsync();
        return store;
    }

    [Fact]
    public async Task GivenSevenMatchingDocumentsAmongOthers_WhenReadThreeAtATime_ThenEveryMatchComesOnceInOrderAndEachPageKnowsTheTotal()
    {
        await using var store = await StoreWithListingsAsync(db);

        var pages = new List<DocumentPage<Listing>>();
        foreach (var offset in new[] { 0, 3, 6, 9 })
        {
            pages.Add(await store.PageAsync<Listing>(new { council = "lambeth" }, "(data->>'at')::timestamptz", offset, 3));
        }

        Assert.Equal([3, 3, 1, 0], pages.Select(p => p.Items.Count));
        Assert.All(pages, page => Assert.Equal(7, page.Total));
        Assert.Equal(Enumerable.Range(0, 7).Select(day => $"day {day}"), pages.SelectMany(p => p.Items).Select(l => l.Name));
    }

    [Fact]
    public async Task GivenAConditionWithParametersAndADescendingOrder_WhenPaged_ThenTheParametersServeBothTheCountAndThePage()
    {
        await using var store = await StoreWithListingsAsync(db);
        var council = new NpgsqlParameter("council", "southwark");

        var page = await store.PageAsync<Listing>("data->>'council' = @council", [council], "(data->>'at')::timestamptz DESC", 0, 1);

        Assert.Equal((2L, "southwark day 1"), (page.Total, Assert.Single(page.Items).Name));
    }

    [Fact]
    public async Task GivenDocumentsThatTieOnTheOrder_WhenPaged_ThenTheIdDecidesSoNoPageRepeatsOrSkipsOne()
    {
        await using var store = await db.NewStoreAsync();
        await using (var session = store.OpenSession())
        {
            foreach (var id in new[] { "c", "a", "d", "b" })
            {
                session.Store(id, new Listing("lambeth", id, April));
            }

            await session.SaveChangesAsync();
        }

        var first = await store.PageAsync<Listing>(new { council = "lambeth" }, "(data->>'at')::timestamptz", 0, 2);
        var second = await store.PageAsync<Listing>(new { council = "lambeth" }, "(data->>'at')::timestamptz", 2, 2);

        Assert.Equal(["a", "b", "c", "d"], first.Items.Concat(second.Items).Select(l => l.Name));
    }
}
