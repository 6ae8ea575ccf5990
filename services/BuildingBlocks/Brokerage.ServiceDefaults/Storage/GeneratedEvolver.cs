using System.Reflection;
using JasperFx.Events;
using JasperFx.Events.Aggregation;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Folds events in memory with the Create/Apply dispatch Marten's source generator wrote for <typeparamref name="T"/> (the
/// one its snapshots use): for readers that need the state after each event (OCDS releases) and for domain tests.
/// </summary>
public static class GeneratedEvolver<T> where T : class
{
    private static readonly IGeneratedSyncEvolver<T, Guid> Evolver = Find();

    /// <summary>The state after <paramref name="stored"/>; null when it deletes the aggregate or does not start one.</summary>
    public static T? Evolve(T? state, IEvent stored) => Evolver.Evolve(state, stored.StreamId, stored);

    /// <summary>Folds plain event data as a stream would have stored it: versions 1, 2, … on <paramref name="streamId"/> at <paramref name="at"/>.</summary>
    public static T? Fold(IEnumerable<object> events, Guid streamId = default, DateTimeOffset at = default)
    {
        T? state = null;
        var version = 0L;
        foreach (var data in events)
        {
            var stored = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
            stored.Version = ++version;
            stored.StreamId = streamId;
            stored.Timestamp = at;
            state = Evolve(state, stored);
        }

        return state;
    }

    private static IGeneratedSyncEvolver<T, Guid> Find()
    {
        var registration = typeof(T).Assembly.GetCustomAttributes<GeneratedEvolverAttribute>()
            .SingleOrDefault(a => a.AggregateType == typeof(T) && a.ProjectionType is null)
            ?? throw new InvalidOperationException($"Marten's source generator wrote no evolver for {typeof(T).Name} (does its project reference the Marten package?).");
        return (IGeneratedSyncEvolver<T, Guid>)Activator.CreateInstance(registration.EvolverType, nonPublic: true)!;
    }
}
