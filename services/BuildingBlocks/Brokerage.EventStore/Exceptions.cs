namespace Brokerage.EventStore;

/// <summary>Base of every error the event store raises on purpose.</summary>
public abstract class EventStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The stream moved on since it was read: the expected version no longer matches.</summary>
public sealed class ConcurrencyException(Guid streamId, long expectedVersion, long? actualVersion, Exception? inner = null)
    : EventStoreException($"Stream {streamId} was expected at version {expectedVersion} but is at {actualVersion?.ToString() ?? "an unknown version"}.", inner)
{
    public Guid StreamId { get; } = streamId;
    public long ExpectedVersion { get; } = expectedVersion;
    public long? ActualVersion { get; } = actualVersion;
}

/// <summary>A stream with this id already exists, so it cannot be started again.</summary>
public sealed class ExistingStreamIdCollisionException(Guid streamId)
    : EventStoreException($"Stream {streamId} already exists.")
{
    public Guid StreamId { get; } = streamId;
}

/// <summary>The stream is archived: kept for audit, closed to new events.</summary>
public sealed class StreamArchivedException(Guid streamId)
    : EventStoreException($"Stream {streamId} is archived and accepts no new events.")
{
    public Guid StreamId { get; } = streamId;
}

/// <summary>An event type alias in the database has no registered CLR type.</summary>
public sealed class UnknownEventTypeException(string alias)
    : EventStoreException($"Event type '{alias}' is not registered with this event store.")
{
    public string Alias { get; } = alias;
}

/// <summary>An aggregate has no static Create method for the first event of its stream.</summary>
public sealed class AggregateConventionException(string message) : EventStoreException(message);
