using Npgsql;

namespace Brokerage.EventStore.Tests;

public sealed class DocumentParametersTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    public sealed record Deadline(string Name, DateTimeOffset DueAt);

    [Fact]
    public async Task GivenATimeJustPastAMicrosecond_WhenComparedWithTheSameInstant_ThenATimeParameterMatchesItAndARawOneDoesNot()
    {
        await using var store = await db.NewStoreAsync();
        var dueAt = new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero).AddTicks(9); // 0.9 µs: PostgreSQL rounds it up
        await using (var session = store.OpenSession())
        {
            session.Store("d", new Deadline("closing", dueAt));
            await session.SaveChangesAsync();
        }

        const string due = "(data->>'dueAt')::timestamptz <= @now::timestamptz";
        var withTime = await store.WhereAsync<Deadline>(due, [DocumentParameters.Time("now", dueAt)]);
        var withRaw = await store.WhereAsync<Deadline>(due, [new NpgsqlParameter("now", dueAt)]);

        Assert.Equal("closing", Assert.Single(withTime).Name);
        Assert.Empty(withRaw); // why the helper exists: the raw parameter is truncated to the microsecond below
    }
}
