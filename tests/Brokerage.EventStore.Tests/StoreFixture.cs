using Brokerage.Testing;

namespace Brokerage.EventStore.Tests;

/// <summary>One real PostgreSQL database for the test run; each test gets its own schema in it.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = await TestInfrastructure.CreateDatabaseAsync("eventstore");

    public Task DisposeAsync() => Task.CompletedTask;

    public async Task< DocumentStore> NewStoreAsync(Action<EventStoreOptions>? configure = null, string? schema = null)
    {
        var options = new EventStoreOptions
        {
            ConnectionString = ConnectionString,
            Schema = schema ?? TestInfrastructure.UniqueSchema("es"),
        };
        options.Events.Add<LedgerOpened>().Add<AmountPledged>().Add<AmountPaid>();
        configure?.Invoke(options);
        var store = new DocumentStore(options);
        await store.ApplySchemaAsync();
        return store;
    }
}
