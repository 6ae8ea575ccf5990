using Brokerage.EventStore;

namespace Brokerage.ServiceDefaults.Tests;

/// <summary>How a stored event becomes a line of the council's audit trail, and how its paging is checked (pure).</summary>
public sealed class AuditTrailTests
{
    private sealed record Stored(long Version, EventMetadata Metadata, object Data) : IEvent
    {
        public Guid Id { get; } = Guid.NewGuid();
        public long Sequence => Version;
        public Guid StreamId { get; } = Guid.NewGuid();
        public string EventTypeName => "support-plan-outcome-added";
        public Type EventType => Data.GetType();
        public DateTimeOffset Timestamp { get; } = new(2026, 5, 1, 9, 30, 0, TimeSpan.Zero);
    }

    private sealed record OutcomeAdded(string Description);

    [Fact]
    public void GivenARepresentativesEvent_WhenMadeAnEntry_ThenItNamesTheRepresentativeAndTheMemberAndNoData()
    {
        var stored = new Stored(4, new EventMetadata("corr-1", null, "rep-7", "member-3", "lambeth"), new OutcomeAdded("Swim again"));

        var entry = AuditTrail.EntryOf(stored);

        Assert.Equal(new AuditEntry(4, stored.Timestamp, "support-plan-outcome-added", "rep-7", null, "member-3", "corr-1", null), entry);
        Assert.DoesNotContain("Swim", System.Text.Json.JsonSerializer.Serialize(entry), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnEventAMessageCaused_WhenMadeAnEntry_ThenRecordedBySystemWithTheMessageIdAndInitiatedByWhomTheMessageNames()
    {
        var entry = AuditTrail.EntryOf(new Stored(2, new EventMetadata("corr-2", "message-9", "broker-ana", null, "lambeth"), new OutcomeAdded("x")));

        Assert.Equal((AuditTrail.System, "message-9", "broker-ana"), (entry.RecordedBy, entry.CausedByMessage, entry.InitiatedBy));
    }

    [Fact]
    public void GivenAnEventAPersonRecordedHere_WhenMadeAnEntry_ThenNothingIsInitiatedElsewhere()
    {
        var entry = AuditTrail.EntryOf(new Stored(3, new EventMetadata("corr-3", null, "broker-ana", null, "lambeth"), new OutcomeAdded("x")));

        Assert.Equal(("broker-ana", null), (entry.RecordedBy, entry.InitiatedBy));
    }

    [Fact]
    public void GivenAnEventWithNoUser_WhenMadeAnEntry_ThenRecordedBySystem()
    {
        Assert.Equal(AuditTrail.System, AuditTrail.EntryOf(new Stored(1, EventMetadata.None, new OutcomeAdded("x"))).RecordedBy);
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
