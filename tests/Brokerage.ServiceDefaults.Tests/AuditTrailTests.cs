using JasperFx.Events;

namespace Brokerage.ServiceDefaults.Tests;

/// <summary>How a stored event becomes a line of the council's audit trail, and how its paging is checked (pure).</summary>
public sealed class AuditTrailTests
{
    /// <summary>A Marten event as stored: its place, time, type name, correlation and causation ids, and the metadata headers.</summary>
    private static IEvent Stored(long version, EventMetadata metadata, OutcomeAdded data)
    {
        var stored = new Event<OutcomeAdded>(data)
        {
            Id = Guid.NewGuid(),
            Version = version,
            Sequence = version,
            StreamId = Guid.NewGuid(),
            EventTypeName = "support-plan-outcome-added",
            Timestamp = new(2026, 5, 1, 9, 30, 0, TimeSpan.Zero),
            CorrelationId = metadata.CorrelationId,
            CausationId = metadata.CausationId,
        };
        foreach (var (header, value) in new[]
                 {
                     (EventMetadata.UserHeader, metadata.UserId), (EventMetadata.OnBehalfOfHeader, metadata.OnBehalfOf),
                     (EventMetadata.CouncilHeader, metadata.TenantId),
                 })
        {
            if (value is not null)
            {
                stored.SetHeader(header, value);
            }
        }

        return stored;
    }

    private static AuditEntry EntryOf(IEvent stored) =>
        AuditTrail.EntryOf(stored.Version, stored.Timestamp, stored.EventTypeName, EventMetadata.Of(stored));

    private sealed record OutcomeAdded(string Description);

    [Fact]
    public void GivenARepresentativesEvent_WhenMadeAnEntry_ThenItNamesTheRepresentativeAndTheMemberAndNoData()
    {
        var stored = Stored(4, new EventMetadata("corr-1", null, "rep-7", "member-3", "lambeth"), new OutcomeAdded("Swim again"));

        var entry = EntryOf(stored);

        Assert.Equal(new AuditEntry(4, stored.Timestamp, "support-plan-outcome-added", "rep-7", null, "member-3", "corr-1", null), entry);
        Assert.DoesNotContain("Swim", System.Text.Json.JsonSerializer.Serialize(entry), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnEventAMessageCaused_WhenMadeAnEntry_ThenRecordedBySystemWithTheMessageIdAndInitiatedByWhomTheMessageNames()
    {
        var entry = EntryOf(Stored(2, new EventMetadata("corr-2", "message-9", "broker-ana", null, "lambeth"), new OutcomeAdded("x")));

        Assert.Equal((AuditTrail.System, "message-9", "broker-ana"), (entry.RecordedBy, entry.CausedByMessage, entry.InitiatedBy));
    }

    [Fact]
    public void GivenAnEventAPersonRecordedHere_WhenMadeAnEntry_ThenNothingIsInitiatedElsewhere()
    {
        var entry = EntryOf(Stored(3, new EventMetadata("corr-3", null, "broker-ana", null, "lambeth"), new OutcomeAdded("x")));

        Assert.Equal(("broker-ana", null), (entry.RecordedBy, entry.InitiatedBy));
    }

    [Fact]
    public void GivenAnEventWithNoUser_WhenMadeAnEntry_ThenRecordedBySystem()
    {
        Assert.Equal(AuditTrail.System, EntryOf(Stored(1, EventMetadata.None, new OutcomeAdded("x"))).RecordedBy);
    }

    [Theory]
    [InlineData(null, null, false, 0L, 100)]
    [InlineData(7L, 500, false, 7L, 500)]
    [InlineData(-1L, 10, true, 0L, 0)]
    [InlineData(0L, 0, true, 0L, 0)]
    [InlineData(0L, 501, true, 0L, 0)]
    public void GivenPagingValues_WhenChecked_ThenDefaultsApplyAndOutOfRangeValuesAreNamed(long? after, int? limit, bool bad, long expectedAfter, int expectedLimit)
    {
        var errors = new RequestErrors();

        var paging = AuditTrail.Paging(errors, after, limit);

        Assert.Equal(bad, errors.Any);
        if (!bad)
        {
            Assert.Equal(new AuditTrail.AuditPaging(expectedAfter, expectedLimit), paging);
        }
    }
}
