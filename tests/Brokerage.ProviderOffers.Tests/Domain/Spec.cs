using System.Text.Json;
using Brokerage.EventStore;

namespace Brokerage.ProviderOffers.Tests.Domain;

/// <summary>Given(events) / When(command) / Then(events | error), with no database: state is folded by the store's own conventions.</summary>
internal static class Spec
{
    private static readonly JsonSerializerOptions Json = EventStoreOptions.DefaultJson();

    public static T Given<T>(params object[] events)
        where T : class =>
        AggregateConventions.Fold<T>(null, events.Select((e, i) => (IEvent)new GivenEvent(e, i + 1)))
        ?? throw new InvalidOperationException("Given needs at least one event.");

    /// <summary>Asserts the decision produced exactly these events (compared by type and content).</summary>
    public static void Then(IEnumerable<object> actual, params object[] expected) =>
        Assert.Equal(expected.Select(Describe).ToList(), actual.Select(Describe).ToList());

    public static void Then(object actual, object expected) => Then([actual], expected);

    public static void ThenNothing(IEnumerable<object> actual) => Assert.Empty(actual);

    public static void ThenFails<TError>(Func<object> when)
        where TError : Exception => Assert.Throws<TError>(when);

    private static string Describe(object e) => $"{e.GetType().Name} {JsonSerializer.Serialize(e, e.GetType(), Json)}";

    private sealed record GivenEvent(object Data, long Version) : IEvent
    {
        public Guid Id { get; } = Guid.NewGuid();

        public long Sequence => Version;

        public Guid StreamId => Guid.Empty;

        public string EventTypeName => Data.GetType().Name;

        public Type EventType => Data.GetType();

        public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch;

        public EventMetadata Metadata => EventMetadata.None;
    }
}
