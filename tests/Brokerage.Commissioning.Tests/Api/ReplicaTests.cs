using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Contracts;
using Brokerage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>Two Commissioning instances on one database and vhost, sharing a clock, as two replicas would.</summary>
public sealed class ReplicasFixture : IAsyncLifetime
{
    public CommissioningFactory First { get; private set; } = null!;

    public CommissioningFactory Second { get; private set; } = null!;

    public Partners Partners { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var db = await TestInfrastructure.CreateDatabaseAsync("commissioning_replicas");
        var vhost = await TestInfrastructure.CreateVirtualHostAsync("commissioning-replicas");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        First = await CommissioningFactory.StartAsync(db, vhost, clock);
        Second = await CommissioningFactory.StartAsync(db, vhost, clock);
        Partners = await Partners.StartAsync(vhost);
    }

    public async Task DisposeAsync()
    {
        await Partners.DisposeAsync();
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicasCollection : ICollectionFixture<ReplicasFixture>
{
    public const string Name = "commissioning replicas";
}

[Collection(ReplicasCollection.Name)]
public sealed class ReplicaTests(ReplicasFixture fixture)
{
    [Fact]
    public async Task GivenTwoInstances_WhenTheClosingTimePasses_ThenTheCallClosesExactlyOnce()
    {
        var s = new Scenario(fixture.First, fixture.Partners);
        Guid[] members = [Guid.NewGuid()];
        var poolId = await s.PoolAsync(members);
        var needId = await s.NeedAsync(poolId, members[0]);
        var callId = await s.DraftAsync(needId);
        await s.PublishAsync(callId);
        var call = (await s.CallAsync(callId))!;

        // Both instances' timers run; on top of that, both are made to act on the due call at the same moment.
        fixture.First.Clock.Advance(call.ClosesAt - fixture.First.Now + TimeSpan.FromSeconds(1));
        var timers = new[] { fixture.First, fixture.Second }
            .Select(f => f.Services.GetServices<IHostedService>().OfType<CallTimers>().Single()).ToArray();
        await Task.WhenAll(timers.Select(t => t.RunOnceAsync(CancellationToken.None)));
        await s.WaitForStatusAsync(callId, CallStatus.Closed);

        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Partners.All<CallForOffersClosed>().Any(c => c.CallId == callId)), "CallForOffersClosed");
        // One closing committed (and its message with it, in the same transaction), and the relay has sent everything.
        Assert.Equal(1, await s.CountEventsAsync<CallClosed>(callId));
        await fixture.First.OutboxDrainedAsync();
        Assert.Single(fixture.Partners.All<CallForOffersClosed>(), c => c.CallId == callId);
    }
}
