namespace Brokerage.Commissioning.Tests.Api;

/// <summary>One Commissioning service and its simulated partners on a database and vhost of their own, for the whole run.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public CommissioningFactory Service { get; private set; } = null!;

    public Partners Partners { get; private set; } = null!;

    public Scenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = await CommissioningFactory.StartAsync();
        Partners = await Partners.StartAsync(Service.RabbitMq);
        Scenario = new Scenario(Service, Partners);
    }

    public async Task DisposeAsync()
    {
        await Partners.DisposeAsync();
        await Service.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "commissioning service";
}
