using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Brokerage.EventStore;

public sealed partial class EventStoreOptions
{
    private string schema = "events";

    /// <summary>PostgreSQL connection string of the service's own database.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The PostgreSQL schema that holds this store's tables (one per service).</summary>
    public string Schema
    {
        get => schema;
        set => schema = SchemaName().IsMatch(value)
            ? value
            : throw new ArgumentException($"Schema name '{value}' must be lower-case letters, digits and underscores.", nameof(value));
    }

    public EventTypeRegistry Events { get; } = new();

    public ProjectionRegistry Projections { get; } = new();

    public JsonSerializerOptions Json { get; set; } = DefaultJson();

    /// <summary>Clock used for event timestamps; tests pass their own.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    internal Dictionary<Type, int> SnapshotEvery { get; } = [];

    internal List<Func<string, string>> SchemaExtensions { get; } = [];

    /// <summary>Adds idempotent DDL (given the schema name) run with the store's own schema, e.g. the outbox and inbox tables.</summary>
    public EventStoreOptions ExtendSchema(Func<string, string> ddl)
    {
        SchemaExtensions.Add(ddl);
        return this;
    }

    /// <summary>Keeps a snapshot of aggregate <typeparamref name="T"/> every <paramref name="every"/> events, so long streams load in flat time.</summary>
    public EventStoreOptions Snapshot<T>(int every = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        SnapshotEvery[typeof(T)] = every;
        return this;
    }

    public static JsonSerializerOptions DefaultJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return json;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
