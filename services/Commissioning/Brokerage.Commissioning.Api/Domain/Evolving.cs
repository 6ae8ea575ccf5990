using System.Reflection;
using JasperFx.Events;
using JasperFx.Events.Aggregation;

namespace Brokerage.Commissioning.Api.Domain;

/// <summary>
/// Folds a stream's events one at a time with the Create/Apply dispatch Marten's source generator wrote for
/// <typeparamref name="T"/> (the one its snapshots use), for readers that need the state after each event (OCDS releases).
/// </summary>
public static class Evolving<T> where T : class
{
    private static readonly IGeneratedSyncEvolver<T, Guid> Generated = (IGeneratedSyncEvolver<T, Guid>)Activator.CreateInstance(
        typeof(T).Assembly.GetCustomAttributes<GeneratedEvolverAttribute>().Single(a => a.AggregateType == typeof(T) && a.ProjectionType is null).EvolverType)!;

    public static T? Evolve(T? state, IEvent e) => Generated.Evolve(state, e.StreamId, e);
}
