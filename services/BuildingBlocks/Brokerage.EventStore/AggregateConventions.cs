using System.Collections.Concurrent;
using System.Reflection;

namespace Brokerage.EventStore;

/// <summary>
/// Rebuilds state from events by convention: <c>public static T Create(FirstEvent e)</c> starts it and
/// <c>public T Apply(Event e)</c> evolves it (returning the new state, usually <c>this with { … }</c>).
/// Events without an Apply are ignored, as in Marten.
/// </summary>
public static class AggregateConventions
{
    private static readonly ConcurrentDictionary<(Type Aggregate, Type Event), MethodInfo?> CreateMethods = new();
    private static readonly ConcurrentDictionary<(Type Aggregate, Type Event), MethodInfo?> ApplyMethods = new();

    public static T? Fold<T>(T? state, IEnumerable<IEvent> events) where T : class
    {
        foreach (var @event in events)
        {
            state = Evolve(state, @event);
        }

        return state;
    }

    public static T? Evolve<T>(T? state, IEvent @event) where T : class
    {
        if (state is null)
        {
            var create = CreateMethods.GetOrAdd((typeof(T), @event.EventType), static key => FindCreate(key.Aggregate, key.Event));
            if (create is null)
            {
                throw new AggregateConventionException(
                    $"{typeof(T).Name} has no 'public static {typeof(T).Name} Create({@event.EventType.Name})' for the first event of stream {@event.StreamId}.");
            }

            return (T?)Invoke(create, null, @event);
        }

        var apply = ApplyMethods.GetOrAdd((typeof(T), @event.EventType), static key => FindApply(key.Aggregate, key.Event));
        return apply is null ? state : (T?)Invoke(apply, state, @event);
    }

    private static object? Invoke(MethodInfo method, object? target, IEvent @event) =>
        method.GetParameters().Length == 2
            ? method.Invoke(target, [@event.Data, @event])
            : method.Invoke(target, [@event.Data]);

    private static MethodInfo? FindCreate(Type aggregate, Type eventType) =>
        aggregate.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "Create" && aggregate.IsAssignableFrom(m.ReturnType) && Accepts(m, eventType))
            .OrderBy(m => Distance(m.GetParameters()[0].ParameterType, eventType))
            .FirstOrDefault();

    private static MethodInfo? FindApply(Type aggregate, Type eventType) =>
        aggregate.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == "Apply" && aggregate.IsAssignableFrom(m.ReturnType) && Accepts(m, eventType))
            .OrderBy(m => Distance(m.GetParameters()[0].ParameterType, eventType))
            .FirstOrDefault();

    private static bool Accepts(MethodInfo method, Type eventType)
    {
        var parameters = method.GetParameters();
        return parameters.Length switch
        {
            1 => parameters[0].ParameterType.IsAssignableFrom(eventType),
            2 => parameters[0].ParameterType.IsAssignableFrom(eventType) && parameters[1].ParameterType == typeof(IEvent),
            _ => false,
        };
    }

    private static int Distance(Type parameter, Type eventType)
    {
        var distance = 0;
        for (var t = eventType; t is not null && t != parameter; t = t.BaseType)
        {
            distance++;
        }

        return parameter.IsInterface ? int.MaxValue : distance;
    }
}
