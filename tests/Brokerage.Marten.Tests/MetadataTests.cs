using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using Marten;
using Npgsql;

namespace Brokerage.Marten.Tests;

public sealed class MetadataTests
{
    [Fact]
    public async Task GivenAStampedSession_WhenItAppendsAndPublishes_ThenEveryEventAndTheOutboxRowCarryWhoActedForWhomInWhichCouncil()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"), messaging: true);
        var metadata = new EventMetadata("corr-1", "cause-1", "broker:alice", "member:42", "lambeth");
        var id = Guid.NewGuid();
        await using (var session = host.Store.LightweightSession().Stamp(metadata))
        {
            session.Events.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth"), new AmountPledged(id, Guid.NewGuid(), 5));
            session.Publish(new PledgeTaken(id, 1));
            await session.SaveChangesAsync();
        }

        await using var query = host.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(id);
        Assert.Equal(["ledger-opened", "amount-pledged"], events.Select(e => e.EventTypeName));
        Assert.All(events, e => Assert.Equal(metadata, EventMetadata.Of(e)));

        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand(
            $"SELECT correlation_id, causation_id, user_id, on_behalf_of, tenant_id, body->>'ledgerId' FROM {ServiceHost.Schema}.outbox", connection);
        await using var row = await read.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal(metadata, new EventMetadata(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetString(4)));
        Assert.Equal(id.ToString(), row.GetString(5));
        Assert.False(await row.ReadAsync());
    }

    [Fact]
    public async Task GivenAnArchivedStreamWithAnEventTypeNoLongerKnown_WhenItsAuditTrailIsRead_ThenPagesOfTypesTimesAndActorsWithoutData()
    {
        await using var host = await ServiceHost.StartAsync(await TestInfrastructure.CreateDatabaseAsync("marten"));
        var id = Guid.NewGuid();
        // A representative acting in a request, then a change a message caused.
        await using (var request = host.Store.LightweightSession().Stamp(new EventMetadata("corr-1", null, "rep-ama", "member-7", "lambeth")))
        {
            request.Events.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth"), new AmountPledged(id, Guid.NewGuid(), 1), new AmountPledged(id, Guid.NewGuid(), 2));
            await request.SaveChangesAsync();
        }

        await using (var message = host.Store.LightweightSession().Stamp(new EventMetadata("corr-1", "message-9", "broker-ben", null, "lambeth")))
        {
            message.Events.Append(id, new AmountPaid(id, 3));
            await message.SaveChangesAsync();
        }

        // Archived in a save of its own: in the same save as an append, Marten archives before it inserts the new event.
        await using (var archive = host.Store.LightweightSession())
        {
            archive.Events.ArchiveStream(id);
            await archive.SaveChangesAsync();
        }

        // An event type the service no longer knows, with data that no longer reads: the trail never looks at either.
        await host.ScalarAsync($"UPDATE {ServiceHost.Schema}.mt_events SET type = 'amount-pledged-v0', data = '{{\"gone\": true}}' WHERE stream_id = $1 AND version = 2", id);
        await using (var query = host.Store.QuerySession())
        {
            Assert.True((await query.Events.FetchStreamStateAsync(id))!.IsArchived);
            Assert.Empty(await query.Events.FetchStreamAsync(id));
        }

        var first = await AuditTrail.ReadAsync(host.Storage, id, new AuditTrail.AuditPaging(0, 2));
        var second = await AuditTrail.ReadAsync(host.Storage, id, new AuditTrail.AuditPaging(first.NextAfter!.Value, 2));

        Assert.Equal(2, first.NextAfter);
        Assert.Null(second.NextAfter);
        var entries = first.Entries.Concat(second.Entries).ToArray();
        Assert.Equal([1L, 2L, 3L, 4L], entries.Select(e => e.Version));
        Assert.Equal(["ledger-opened", "amount-pledged-v0", "amount-pledged", "amount-paid"], entries.Select(e => e.Event));
        Assert.All(entries[..3], e => Assert.Equal(("rep-ama", (string?)null, (string?)"member-7", (string?)"corr-1", (string?)null), (e.RecordedBy, e.CausedByMessage, e.ActingFor, e.CorrelationId, e.InitiatedBy)));
        Assert.Equal((AuditTrail.System, "message-9", (string?)null, "corr-1", "broker-ben"), (entries[3].RecordedBy, entries[3].CausedByMessage, entries[3].ActingFor, entries[3].CorrelationId, entries[3].InitiatedBy));
        Assert.Empty((await AuditTrail.ReadAsync(host.Storage, Guid.NewGuid(), new AuditTrail.AuditPaging(0, 100))).Entries);
    }
}
