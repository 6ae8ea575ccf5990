namespace Brokerage.EventStore;

public enum ProjectionLifecycle
{
    /// <summary>Applied in the same transaction as the events: the read model is never behind.</summary>
    Inline,

    /// <summary>Applied by the projection daemon after commit, in order, never skipping an event.</summary>
    Async,
}

/// <summary>A read model built from events into jsonb documents.</summary>
public interface IProjection
{
    /// <summary>Stable name; async projections keep their progression under it.</summary>
    string Name { get; }

    bool Handles(Type eventType);

    Task ApplyAsync(DocumentOperations documents, IReadOnlyList<IEvent> events, CancellationToken ct);

    /// <summary>Removes everything this projection wrote, before a rebuild.</summary>
    Task ClearAsync(DocumentOperations documents, CancellationToken ct);
}

public sealed class ProjectionRegistry
{
    private readonly List<(IProjection Projection, ProjectionLifecycle Lifecycle)> projections = [];

    public ProjectionRegistry Add(IProjection projection, ProjectionLifecycle lifecycle)
    {
        if (projections.Any(p => p.Projection.Name == projection.Name))
        {
            throw new InvalidOperationException($"A projection named '{projection.Name}' is already registered.");
        }

        projections.Add((projection, lifecycle));
        return this;
    }

    public IReadOnlyList<IProjection> Inline => projections.Where(p => p.Lifecycle == ProjectionLifecycle.Inline).Select(p => p.Projection).ToList();

    public IReadOnlyList<IProjection> Async => projections.Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => p.Projection).ToList();

    public IProjection Find(string name) =>
        projections.Select(p => p.Projection).FirstOrDefault(p => p.Name == name)
        ?? throw new InvalidOperationException($"No projection named '{name}' is registered.");
}

/// <summary>
/// A projection keyed by document id: for each event it picks the document it touches, then evolves it.
/// Returning null from <see cref="Evolve"/> deletes the document.
/// </summary>
public abstract class DocumentProjection<TDoc> : IProjection where TDoc : class
{
    private readonly HashSet<Type> handled = [];

    public virtual string Name => typeof(TDoc).Name;

    protected void Handles<TEvent>() => handled.Add(typeof(TEvent));

    public virtual bool Handles(Type eventType) => handled.Any(t => t.IsAssignableFrom(eventType));

    /// <summary>The id of the document this event changes, or null when it changes none.</summary>
    protected abstract string? DocumentId(IEvent @event);

    protected abstract TDoc? Evolve(TDoc? current, IEvent @event);

    public async Task ApplyAsync(DocumentOperations documents, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var working = new Dictionary<string, TDoc?>();
        foreach (var @event in events)
        {
            if (!Handles(@event.EventType) || DocumentId(@event) is not { } id)
            {
                continue;
            }

            var current = working.TryGetValue(id, out var cached) ? cached : await documents.LoadAsync<TDoc>(id, ct);
            working[id] = Evolve(current, @event);
        }

        foreach (var (id, doc) in working)
        {
            if (doc is null)
            {
                await documents.DeleteAsync<TDoc>(id, ct);
            }
            else
            {
                await documents.StoreAsync(id, doc, ct);
            }
        }
    }

    public Task ClearAsync(DocumentOperations documents, CancellationToken ct) => documents.DeleteAllAsync<TDoc>(ct);
}

/// <summary>
/// Keeps one document per stream, built with the aggregate conventions (Create/Apply) of <typeparamref name="TDoc"/>:
/// the read-side twin of an aggregate, queryable with jsonb.
/// </summary>
public sealed class StreamDocumentProjection<TDoc>(params Type[] eventTypes) : DocumentProjection<TDoc> where TDoc : class
{
    public override bool Handles(Type eventType) => eventTypes.Length == 0 || eventTypes.Any(t => t.IsAssignableFrom(eventType));

    protected override string DocumentId(IEvent @event) => @event.StreamId.ToString();

    protected override TDoc? Evolve(TDoc? current, IEvent @event) => AggregateConventions.Evolve(current, @event);
}
