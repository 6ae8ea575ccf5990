using Brokerage.Messaging.Sagas;
using Brokerage.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brokerage.Messaging.Tests;

public sealed class SagaAndOutageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    private static void PotSaga(IBusRegistrationConfigurator bus) => bus.AddSagaStateMachine<PotStateMachine, PotState>().MartenRepository();

    [Fact]
    public async Task GivenTwoReplicas_WhenFortyContributionsRaceForOnePot_ThenNoUpdateIsLostAndFilledIsPublishedOnce()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("saga");
        await using var recorder = await TestService.StartAsync(db, "recorder", prefix + "-rec", bus => bus.AddConsumer<PotFilledRecorder>());
        await using var replicaA = await TestService.StartAsync(db, "pots", prefix, PotSaga, retryLimit: 50);
        await using var replicaB = await TestService.StartAsync(db, "pots", prefix, PotSaga, retryLimit: 50);
        var pot = Guid.NewGuid();

        await replicaA.Bus.Publish(new PotOpened(pot, Target: 1000));
        await Eventually.HoldsAsync(async () => await SagaAsync(replicaA, pot) is not null, Wait, "the pot saga to start");
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? replicaA : replicaB).Bus.Publish(new PotContributed(pot, 50))));

        await Eventually.HoldsAsync(async () => (await SagaAsync(replicaA, pot))?.Contributions == 40, Wait, "all 40 contributions to be counted");
        var saga = (await SagaAsync(replicaA, pot))!;
        Assert.Equal(2000, saga.Total);
        Assert.Equal("Filled", saga.CurrentState);
        // Every state change has committed; once the outbox is empty, what was relayed is all the saga ever sent.
        await Eventually.HoldsAsync(
            async () => await replicaA.OutboxPendingAsync() == 0 && replicaA.Relayed + replicaB.Relayed >= 1,
            Wait,
            "PotFilled to be relayed");
        Assert.Equal(1, replicaA.Relayed + replicaB.Relayed);
        await Eventually.HoldsAsync(
            () => Task.FromResult(recorder.Deliveries.FinishedOn($"{prefix}-rec-pot-filled-recorder") == 1),
            Wait,
            "PotFilled to reach its consumer");
        Assert.Equal(1, await recorder.CountAsync(pot));
    }

    [Fact]
    public async Task GivenServiceStopsAfterTheSagaChangedButBeforeItSent_WhenAReplicaStarts_ThenTheMessageIsDeliveredOnce()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("saga");
        await using var recorder = await TestService.StartAsync(db, "recorder", prefix + "-rec", bus => bus.AddConsumer<PotFilledRecorder>());
        var pot = Guid.NewGuid();

        // This instance changes saga state but never gets to send: its relay is not running, as if killed right after commit.
        await using var crashed = await TestService.StartAsync(db, "pots", prefix, PotSaga, runRelay: false);
        await crashed.Bus.Publish(new PotOpened(pot, Target: 100));
        // Contributions to a pot that does not exist yet are not this test's subject: wait until it is open.
        await Eventually.HoldsAsync(async () => (await SagaAsync(crashed, pot))?.CurrentState == "Collecting", Wait, "the saga to be collecting");
        await crashed.Bus.Publish(new PotContributed(pot, 100));
        await Eventually.HoldsAsync(async () => (await SagaAsync(crashed, pot))?.CurrentState == "Filled", Wait, "the saga to reach Filled");
        Assert.Equal(1, await crashed.OutboxPendingAsync());
        await crashed.StopAsync();
        Assert.Equal(0, await recorder.CountAsync(pot));

        await using var restarted = await TestService.StartAsync(db, "pots", prefix, PotSaga);
        await Eventually.HoldsAsync(
            async () => await restarted.OutboxPendingAsync() == 0 && restarted.Relayed == 1
                && recorder.Deliveries.FinishedOn($"{prefix}-rec-pot-filled-recorder") == 1,
            Wait,
            "PotFilled to be relayed after restart and reach its consumer");
        Assert.Equal(1, await recorder.CountAsync(pot));
    }

    [Fact]
    public async Task GivenBrokerDown_WhenCommandsCommit_ThenTheyWaitInTheOutboxAndAllArriveOnceWhenItReturns()
    {
        // A broker of its own, so stopping it cannot disturb other tests running in parallel.
        await using var broker = await PrivateBroker.StartAsync("chaos", 19674);
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("outage");
        // One message at a time, in queue order: a marker sent after the outbox emptied is consumed after every copy the relay published.
        await using var members = await TestService.StartAsync(
            db, "members", prefix + "-members", bus => bus.AddConsumer<PledgeCounter>(), rabbitMq: broker.Uri, prefetchCount: 1);
        await using var pools = await TestService.StartAsync(db, "pooledfunds", prefix + "-pools", _ => { }, rabbitMq: broker.Uri);
        var pool = Guid.NewGuid();

        await broker.StopAsync();
        for (var i = 0; i < 20; i++)
        {
            await using var session = pools.OpenSession();
            session.Publish(new PledgeRecorded(Guid.NewGuid(), pool, 100 + i));
            await session.SaveChangesAsync();
        }

        Assert.Equal(20, await pools.OutboxPendingAsync());
        var health = pools.Services.GetRequiredService<HealthCheckService>();
        await Eventually.HoldsAsync(
            async () => (await health.CheckHealthAsync(r => r.Name == "outbox-relay")).Entries["outbox-relay"].Status == HealthStatus.Degraded,
            Wait,
            "health to report the broker unreachable");
        var degraded = (await health.CheckHealthAsync(r => r.Name == "outbox-relay")).Entries["outbox-relay"];
        Assert.Contains("Broker unreachable", degraded.Description);
        await Eventually.HoldsAsync(
            async () => (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Status == HealthStatus.Degraded,
            Wait,
            "readiness to be Degraded (still serving), not Unhealthy, while the broker is down");

        await broker.StartAsync();
        await Eventually.HoldsAsync(async () => await pools.OutboxPendingAsync() == 0, TimeSpan.FromSeconds(90), "the outbox to be relayed after the broker returns");
        var marker = Guid.NewGuid();
        await members.Bus.Publish(new PledgeRecorded(Guid.NewGuid(), marker, 1));
        await Eventually.HoldsAsync(async () => await members.CountAsync(marker) == 1, Wait, "the marker sent after the outbox emptied to be consumed");

        Assert.Equal(Enumerable.Range(0, 20).Select(i => 100L + i), (await members.AmountsAsync(pool)).Order());
        await Eventually.HoldsAsync(
            async () => (await health.CheckHealthAsync(r => r.Name == "outbox-relay")).Entries["outbox-relay"].Status == HealthStatus.Healthy,
            Wait,
            "health to recover");
    }

    private static async Task<PotState?> SagaAsync(TestService service, Guid pot)
    {
        await using var query = service.Store.QuerySession();
        return await query.LoadAsync<PotState>(pot);
    }
}

/// <summary>A RabbitMQ node of the test's own, started and stopped with the project's deploy script.</summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    private readonly string instance;
    private readonly int port;

    private PrivateBroker(string instance, int port)
    {
        this.instance = instance;
        this.port = port;
    }

    public string Uri => $"amqp://guest:guest@127.0.0.1:{port}/";

    public static async Task<PrivateBroker> StartAsync(string instance, int port)
    {
        var broker = new PrivateBroker(instance, port);
        await broker.RunAsync("wipe");
        await broker.StartAsync();
        return broker;
    }

    public Task StartAsync() => RunAsync("start");

    public Task StopAsync() => RunAsync("stop");

    public async ValueTask DisposeAsync()
    {
        await RunAsync("stop");
        await RunAsync("wipe");
    }

    // No deadline of our own: the script's start and stop wait for the node with their own timeouts.
    private Task RunAsync(string verb) => TestInfrastructure.RabbitMqScriptAsync(Timeout.InfiniteTimeSpan, verb, instance, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
