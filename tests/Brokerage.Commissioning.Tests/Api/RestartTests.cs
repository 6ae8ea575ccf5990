using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.Commissioning.Contracts;
using Brokerage.PooledFunds.Contracts;
using Brokerage.Testing;
using Microsoft.Extensions.Time.Testing;
using System.Net;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>A database and vhost where one instance is stopped mid-saga and another takes over.</summary>
public sealed class RestartFixture : IAsyncLifetime
{
    public string Database { get; private set; } = "";

    public string VirtualHost { get; private set; } = "";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public List<CommissioningFactory> Instances { get; } = [];

    public Partners Partners { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestInfrastructure.CreateDatabaseAsync("commissioning_restart");
        VirtualHost = await TestInfrastructure.CreateVirtualHostAsync("commissioning-restart");
        Instances.Add(await CommissioningFactory.StartAsync(Database, VirtualHost, Clock));
        Partners = await Partners.StartAsync(VirtualHost);
    }

    public async Task DisposeAsync()
    {
        await Partners.DisposeAsync();
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RestartCollection : ICollectionFixture<RestartFixture>
{
    public const string Name = "commissioning restart";
}

[Collection(RestartCollection.Name)]
public sealed class RestartTests(RestartFixture fixture)
{
    [Fact]
    public async Task GivenServiceStoppedAfterFundsReserved_WhenANewInstanceStartsAndTheStandstillEnds_ThenTheContractStartsOnce()
    {
        var first = fixture.Instances[0];
        var s = new Scenario(first, fixture.Partners);
        Guid[] members = [Guid.NewGuid(), Guid.NewGuid()];
        var bid = Scenario.Bid("Herne Hill Helpers", 600_000);
        var (_, callId) = await s.EvaluatingCallAsync(members, [bid], request: null);
        await s.ScoreAsync(callId, bid.BidId, 75);
        s.PassVotingWindow((await s.CallAsync(callId))!);
        Assert.Equal(HttpStatusCode.Accepted, (await s.AwardAsync(callId)).StatusCode);
        await s.WaitForStatusAsync(callId, CallStatus.Standstill); // FundsReserved consumed: the saga is in Standstill

        await first.StopAsync();
        var second = await CommissioningFactory.StartAsync(fixture.Database, fixture.VirtualHost, fixture.Clock);
        fixture.Instances.Add(second);
        var after = new Scenario(second, fixture.Partners);

        fixture.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        await after.WaitForStatusAsync(callId, CallStatus.Contracted);
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Partners.All<ContractStarted>().Any(c => c.CallId == callId)), "ContractStarted");
        var contractId = fixture.Partners.All<ContractStarted>().First(c => c.CallId == callId).ContractId;
        // One contract committed (its message with it), and the relay has sent everything: no second one is on its way.
        Assert.Equal(1, await after.CountEventsAsync<ContractCommenced>(contractId));
        await second.OutboxDrainedAsync();
        var started = Assert.Single(fixture.Partners.All<ContractStarted>(), c => c.CallId == callId);
        Assert.Equal(1, await after.CountEventsAsync<CallContracted>(callId));
        Assert.Single(fixture.Partners.All<ReserveFunds>(), r => r.ContractId == started.ContractId);
    }
}
