namespace Brokerage.EventStore;

/// <summary>Who and what caused a change: stamped on every event of a session.</summary>
public sealed record EventMetadata(
    string? CorrelationId = null,
    string? CausationId = null,
    string? UserId = null,
    string? OnBehalfOf = null,
    string? TenantId = null)
{
    public static readonly EventMetadata None = new();
}

/// <summary>An event as stored: its data plus where it sits in its stream and in the store.</summary>
public interface IEvent
{
    Guid Id { get; }
    long Sequence { get; }
    Guid StreamId { get; }
    long Version { get; }
    string EventTypeName { get; }
    Type EventType { get; }
    object Data { get; }
    DateTimeOffset Timestamp { get; }
    EventMetadata Metadata { get; }
}

internal sealed record StoredEvent(
    Guid Id,
    long Sequence,
    Guid StreamId,
    long Version,
    string EventTypeName,
    Type EventType,
    object Data,
    DateTimeOffset Timestamp,
    EventMetadata Metadata) : IEvent;

/// <summary>A stored event without its data: where it sits in its stream, its type alias, when, and who caused it.</summary>
public sealed record EventHistoryEntry(long Version, DateTimeOffset Timestamp, string EventTypeName, EventMetadata Metadata);

/// <summary>The state of a stream as recorded in the streams table.</summary>
public sealed record StreamState(Guid Id, string? AggregateType, long Version, DateTimeOffset Created, DateTimeOffset LastUpdated, string? TenantId, bool IsArchived);

/// <summary>
/// Where a service's scoped <see cref="EventSession"/> takes its metadata from (the HTTP request's user, council and
/// correlation id). Consumers get theirs from the message headers instead.
/// </summary>
public interface IEventMetadataSource
{
    EventMetadata Current { get; }
}
