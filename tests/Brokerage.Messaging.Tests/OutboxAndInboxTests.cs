using Brokerage.EventStore;
using Brokerage.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Brokerage.Messaging.Tests;

public sealed class OutboxAndInboxTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task GivenCommandThatPublishes_WhenCommitted_ThenTheOtherServiceReceivesItOnce()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("outbox");
        await using var members = await TestService.StartAsync(db, "members", prefix + "-members", bus => bus.AddConsumer<PledgeCounter>());
        await using var pools = await TestService.StartAsync(db, "pooledfunds", prefix + "-pools", _ => { });
        var pool = Guid.NewGuid();

        await using (var session = pools.Store.OpenSession(new EventMetadata(CorrelationId: Guid.NewGuid().ToString(), TenantId: "lambeth")))
        {
            session.Append(Guid.NewGuid(), new PledgeCounted(pool, Guid.NewGuid(), 1200));
            session.Publish(new PledgeRecorded(Guid.NewGuid(), pool, 1200));
            await session.SaveChangesAsync();
        }

        await Eventually.HoldsAsync(async () => await members.CountAsync(pool) == 1, Wait, "the member service to count the pledge");
        Assert.Equal(0, await pools.OutboxPendingAsync());
        var counted = (await members.Store.FetchStreamAsync(pool)).Single();
        Assert.Equal("lambeth", counted.Metadata.TenantId);
    }

    [Fact]
    public async Task GivenCommandThatFails_WhenRolledBack_ThenItsMessageIsNeverPublished()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("outbox");
        await using var members = await TestService.StartAsync(db, "members", prefix + "-members", bus => bus.AddConsumer<PledgeCounter>());
        await using var pools = await TestService.StartAsync(db, "pooledfunds", prefix + "-pools", _ => { });
        var pool = Guid.NewGuid();
        var stream = Guid.NewGuid();
        await using (var setup = pools.Store.OpenSession())
        {
            setup.Append(stream, new PledgeCounted(pool, Guid.NewGuid(), 1));
            await setup.SaveChangesAsync();
        }

        await using (var session = pools.Store.OpenSession())
        {
            session.Append(stream, 0, new PledgeCounted(pool, Guid.NewGuid(), 5));
            session.Publish(new PledgeRecorded(Guid.NewGuid(), pool, 5));
            await Assert.ThrowsAsync<Brokerage.EventStore.ConcurrencyException>(() => session.SaveChangesAsync());
        }

        await using (var next = pools.Store.OpenSession())
        {
            next.Publish(new PledgeRecorded(Guid.NewGuid(), pool, 7));
            await next.SaveChangesAsync();
        }

        await Eventually.HoldsAsync(async () => await members.CountAsync(pool) == 1, Wait, "the committed message to arrive");
        await Task.Delay(500);
        var amounts = (await members.Store.FetchStreamAsync(pool)).Select(e => ((PledgeCounted)e.Data).Amount);
        Assert.Equal([7L], amounts);
    }

    [Fact]
    public async Task GivenTheSameMessagePublishedThreeTimes_WhenConsumedByTwoConsumers_ThenEachAppliesItOnce()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("inbox");
        await using var members = await TestService.StartAsync(db, "members", prefix, bus =>
        {
            bus.AddConsumer<PledgeCounter>();
            bus.AddConsumer<PledgeAuditor>();
        });
        var pools = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();

        foreach (var pool in pools)
        {
            var message = new PledgeRecorded(Guid.NewGuid(), pool, 500);
            var messageId = NewId.NextGuid();
            for (var copy = 0; copy < 3; copy++)
            {
                await members.Bus.Publish(message, context => context.MessageId = messageId);
            }
        }

        await Eventually.HoldsAsync(
            async () => (await Task.WhenAll(pools.Select(p => members.CountAsync(PledgeAuditor.AuditStream(p))))).All(c => c >= 1)
                && (await Task.WhenAll(pools.Select(members.CountAsync))).All(c => c >= 1),
            Wait,
            "both consumers to see every message");
        await Task.Delay(1000);

        foreach (var pool in pools)
        {
            Assert.Equal(1, await members.CountAsync(pool));
            Assert.Equal(1, await members.CountAsync(PledgeAuditor.AuditStream(pool)));
        }
    }

    [Fact]
    public async Task GivenConsumerThatAlwaysFails_WhenRetriesAreSpent_ThenTheMessageLandsInTheErrorQueueWithItsReason()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("faults");
        var faults = new List<Fault<AlwaysFails>>();
        await using var service = await TestService.StartAsync(db, "members", prefix, bus => bus.AddConsumer<FailingConsumer>(), retryLimit: 2);
        var handle = service.Bus.ConnectReceiveEndpoint(prefix + "-fault-watch", e => e.Handler<Fault<AlwaysFails>>(c =>
        {
            lock (faults)
            {
                faults.Add(c.Message);
            }

            return Task.CompletedTask;
        }));
        await handle.Ready;

        var id = Guid.NewGuid();
        await service.Bus.Publish(new AlwaysFails(id));

        await Eventually.HoldsAsync(() => Task.FromResult(faults.Any(f => f.Message.Id == id)), Wait, "a Fault<AlwaysFails> to be published");
        Assert.Contains("provider account is closed", faults.First(f => f.Message.Id == id).Exceptions[0].Message);

        var factory = new ConnectionFactory { Uri = new Uri(TestInfrastructure.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await Eventually.HoldsAsync(
            async () => (await channel.QueueDeclarePassiveAsync($"{prefix}-failing_error")).MessageCount == 1,
            Wait,
            "the message to sit in the consumer's _error queue");
    }

    [Fact]
    public async Task GivenRelayRunning_WhenHealthIsChecked_ThenItReportsPendingMessagesAndBrokerReachable()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("health");
        await using var service = await TestService.StartAsync(db, "members", prefix, _ => { });
        var health = service.Services.GetRequiredService<HealthCheckService>();

        var report = await health.CheckHealthAsync(r => r.Name == "outbox-relay");

        Assert.Equal(HealthStatus.Healthy, report.Entries["outbox-relay"].Status);
        Assert.Equal(0L, report.Entries["outbox-relay"].Data["pending"]);
    }

    [Fact]
    public async Task GivenAnUnreadableOutboxRow_WhenRelayed_ThenItIsParkedAndTheMessagesBehindItStillArrive()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("parked");
        await using var members = await TestService.StartAsync(db, "members", prefix + "-members", bus => bus.AddConsumer<PledgeCounter>());
        await using var pools = await TestService.StartAsync(db, "pooledfunds", prefix + "-pools", _ => { });
        var pool = Guid.NewGuid();
        var renamed = Guid.NewGuid();

        await using (var session = pools.Store.OpenSession())
        {
            // A message whose type was renamed after it was written, followed by a good one.
            session.Enlist(async (connection, tx, ct) =>
            {
                await using var insert = new Npgsql.NpgsqlCommand(
                    "INSERT INTO pooledfunds.outbox (message_id, message_type, body) VALUES (@id, 'Brokerage.Gone.Renamed, Brokerage.Gone', '{}')", connection, tx);
                insert.Parameters.AddWithValue("id", renamed);
                await insert.ExecuteNonQueryAsync(ct);
            });
            await session.SaveChangesAsync();
        }

        await using (var session = pools.Store.OpenSession())
        {
            session.Publish(new PledgeRecorded(Guid.NewGuid(), pool, 300));
            await session.SaveChangesAsync();
        }

        await Eventually.HoldsAsync(async () => await members.CountAsync(pool) == 1, Wait, "the message behind the unreadable one to arrive");
        Assert.Equal(0, await pools.OutboxPendingAsync());
        await using var connection = await pools.Store.DataSource.OpenConnectionAsync();
        await using var parked = new Npgsql.NpgsqlCommand("SELECT message_id FROM pooledfunds.outbox_parked", connection);
        Assert.Equal(renamed, (Guid)(await parked.ExecuteScalarAsync())!);
        var health = await pools.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "outbox-relay");
        Assert.Equal(HealthStatus.Degraded, health.Entries["outbox-relay"].Status);
        Assert.Contains("1 outbox messages are parked", health.Entries["outbox-relay"].Description, StringComparison.Ordinal);
    }
}
