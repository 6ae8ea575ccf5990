using Brokerage.ServiceDefaults;
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

        await using (var session = pools.OpenSession(new EventMetadata(CorrelationId: Guid.NewGuid().ToString(), TenantId: "lambeth")))
        {
            session.Events.Append(Guid.NewGuid(), new PledgeCounted(pool, Guid.NewGuid(), 1200));
            session.Publish(new PledgeRecorded(Guid.NewGuid(), pool, 1200));
            await session.SaveChangesAsync();
        }

        // Once the relay has published it, the outbox is empty and the consumer's queue has finished that one message, no other effect can follow.
        await Eventually.HoldsAsync(
            async () => pools.Relayed == 1 && await pools.OutboxPendingAsync() == 0 && members.Deliveries.FinishedOn($"{prefix}-members-pledge-counter") == 1,
            Wait,
            "the member service to receive the pledge");
        Assert.Equal(1, await members.CountAsync(pool));
        await using var query = members.Store.QuerySession();
        var counted = (await query.Events.FetchStreamAsync(pool)).Single();
        Assert.Equal("lambeth", EventMetadata.Of(counted).TenantId);
    }

    [Fact]
    public async Task GivenCommandThatFails_WhenRolledBack_ThenItsMessageIsNeverPublished()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        var db = await TestInfrastructure.CreateDatabaseAsync("outbox");
        await using var members = await TestService.StartAsync(db, "members", prefix + "-members", bus => bus.AddConsumer<PledgeCounter>());
        // No relay yet: what the outbox holds after the two commands is all that can ever be published for them.
        await using var pools = await TestService.StartAsync(db, "pooledfunds", prefix + "-pools", _ => { }, runRelay: false);
        var pool = Guid.NewGuid();
        var stream = Guid.NewGuid();
        await using (var setup = pools.OpenSession())
        {
            setup.Events.Append(stream, new PledgeCounted(pool, Guid.NewGuid(), 1));
            await setup.SaveChangesAsync();
        }

        Guid rolledBack;
        await using (var session = pools.OpenSession())
        {
            // Marten's expected version is the one after the append: 1 claims the stream was empty, but it is at 1.
            session.Events.Append(stream, 1, new PledgeCounted(pool, Guid.NewGuid(), 5));
            rolledBack = session.Publish(new PledgeRecorded(Guid.NewGuid(), pool, 5));
            await Assert.ThrowsAnyAsync<JasperFx.ConcurrencyException>(() => session.SaveChangesAsync());
        }

        Guid committed;
        await using (var next = pools.OpenSession())
        {
            committed = next.Publish(new PledgeRecorded(Guid.NewGuid(), pool, 7));
            await next.SaveChangesAsync();
        }

        var waiting = (Guid[])(await pools.ScalarAsync("SELECT array_agg(message_id) FROM pooledfunds.outbox"))!;
        Assert.Equal([committed], waiting);
        Assert.DoesNotContain(rolledBack, waiting);

        await using var relaying = await TestService.StartAsync(db, "pooledfunds", prefix + "-pools", _ => { });
        await Eventually.HoldsAsync(
            async () => await pools.OutboxPendingAsync() == 0 && members.Deliveries.FinishedOn($"{prefix}-members-pledge-counter") == 1,
            Wait,
            "the committed message to arrive");
        Assert.Equal([7L], await members.AmountsAsync(pool));
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

        // Every copy finished on both queues (applied, or skipped as a duplicate): nothing is left to apply a second time.
        await Eventually.HoldsAsync(
            () => Task.FromResult(members.Deliveries.FinishedOn($"{prefix}-pledge-counter") == 15 && members.Deliveries.FinishedOn($"{prefix}-pledge-auditor") == 15),
            Wait,
            "both consumers to finish every copy");

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

        await using (var session = pools.OpenSession())
        {
            // A message whose type was renamed after it was written, followed by a good one.
            session.QueueSqlCommand(
                "INSERT INTO pooledfunds.outbox (message_id, message_type, body) VALUES (?::uuid, 'Brokerage.Gone.Renamed, Brokerage.Gone', '{}')", renamed);
            await session.SaveChangesAsync();
        }

        await using (var session = pools.OpenSession())
        {
            session.Publish(new PledgeRecorded(Guid.NewGuid(), pool, 300));
            await session.SaveChangesAsync();
        }

        await Eventually.HoldsAsync(
            async () => await members.CountAsync(pool) == 1 && await pools.OutboxPendingAsync() == 0,
            Wait,
            "the message behind the unreadable one to arrive");
        Assert.Equal(renamed, (Guid)(await pools.ScalarAsync("SELECT message_id FROM pooledfunds.outbox_parked"))!);
        var health = await pools.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "outbox-relay");
        Assert.Equal(HealthStatus.Degraded, health.Entries["outbox-relay"].Status);
        Assert.Contains("1 outbox messages are parked", health.Entries["outbox-relay"].Description, StringComparison.Ordinal);
    }
}
