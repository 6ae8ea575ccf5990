using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weasel.Core;

namespace Brokerage.ServiceDefaults;

/// <summary>The service's own database and the schema that holds its Marten tables, outbox, inbox and saga documents.</summary>
public sealed record ServiceStorage(NpgsqlDataSource DataSource, string Schema);

/// <summary>
/// Marten as every service uses it: one schema per service for events and documents, System.Text.Json with the web
/// defaults and kebab-case enums (what the services' JSON already looked like), kebab-case event type names, the
/// metadata columns the audit trail reads, event times from the service's <see cref="TimeProvider"/>, lightweight
/// sessions that carry the request's user, council and correlation id, and the schema applied at start-up.
/// </summary>
public static class BrokerageMarten
{
    /// <summary>JSON of stored events and documents, the outbox and message bodies.</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddBrokerageMarten(
        this IServiceCollection services, string connectionString, string schema, Action<StoreOptions> configure)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new ServiceStorage(NpgsqlDataSource.Create(connectionString), schema));
        return services
            .AddMarten(sp =>
            {
                var options = new StoreOptions();
                options.Connection(sp.GetRequiredService<ServiceStorage>().DataSource);
                options.DatabaseSchemaName = schema;
                options.Events.DatabaseSchemaName = schema;
                // Marten's defaults (integer enums, property names as declared) override Json's camelCase and kebab-case enums, and
                // its string enums are "Published": camelCase for it, and our kebab-case converter ahead of its own. A copy, as Marten
                // changes the options it is given and Json is shared (and read-only once used).
                options.UseSystemTextJsonForSerialization(new JsonSerializerOptions(Json), EnumStorage.AsString, Casing.CamelCase,
                    json => json.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                // Events are stamped by the service's clock, so a test that moves it moves "as of" reads with it.
                options.Events.AppendMode = EventAppendMode.Rich;
                options.Events.TimeProvider = sp.GetRequiredService<TimeProvider>();
                // Marten 9.62 turns these on by default: a second FetchForWriting in one session (a retry after a lost race,
                // a saga step that reads the call twice) then gets the fresh version with the aggregate first read, so a stale
                // decision passes the version check and the inline snapshot is built from stale state.
                options.Events.UseIdentityMapForAggregates = false;
                options.Projections.UseIdentityMapForAggregates = false;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.HeadersEnabled = true;
                // Never the parameters of a failed command in a log: they are the events and documents being saved.
                options.Logger(new RedactedMartenLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Marten")));
                configure(options);
                return options;
            })
            .UseLightweightSessions()
            .BuildSessionsWith<RequestSessionFactory>(ServiceLifetime.Scoped)
            .ApplyAllDatabaseChangesOnStartup();
    }

    /// <summary>Registers <paramref name="types"/> as events under kebab-case names (<c>pooling-consent-given</c>), as the audit trail shows them.</summary>
    public static StoreOptions AddEventTypes(this StoreOptions options, IEnumerable<Type> types)
    {
        foreach (var type in types)
        {
            options.Events.MapEventType(type, EventTypeName(type));
        }

        return options;
    }

    /// <summary><c>PoolingConsentGiven</c> → <c>pooling-consent-given</c>.</summary>
    public static string EventTypeName(Type type) => JsonNamingPolicy.KebabCaseLower.ConvertName(type.Name);

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return json;
    }
}

/// <summary>Who and what caused a change: kept on every event (correlation, causation and headers) and every outbox row.</summary>
public sealed record EventMetadata(
    string? CorrelationId = null,
    string? CausationId = null,
    string? UserId = null,
    string? OnBehalfOf = null,
    string? TenantId = null)
{
    public static readonly EventMetadata None = new();

    /// <summary>Header names on stored events. Ids only: never health data.</summary>
    public const string UserHeader = "user";
    public const string OnBehalfOfHeader = "on-behalf-of";
    public const string CouncilHeader = "council";

    /// <summary>The metadata a stored event carries.</summary>
    public static EventMetadata Of(IEvent stored) => new(
        stored.CorrelationId, stored.CausationId, stored.GetHeader(UserHeader)?.ToString(), stored.GetHeader(OnBehalfOfHeader)?.ToString(),
        stored.GetHeader(CouncilHeader)?.ToString());
}

public static class SessionMetadata
{
    /// <summary>Stamps every event this session appends with <paramref name="metadata"/>: once, when the session is opened for a request or a message.</summary>
    public static IDocumentSession Stamp(this IDocumentSession session, EventMetadata metadata)
    {
        session.CorrelationId = metadata.CorrelationId;
        session.CausationId = metadata.CausationId;
        SetOrClear(session, EventMetadata.UserHeader, metadata.UserId);
        SetOrClear(session, EventMetadata.OnBehalfOfHeader, metadata.OnBehalfOf);
        SetOrClear(session, EventMetadata.CouncilHeader, metadata.TenantId);
        return session;
    }

    /// <summary>What this session stamps on its events.</summary>
    public static EventMetadata Metadata(this IDocumentSession session) => new(
        session.CorrelationId, session.CausationId, session.GetHeader(EventMetadata.UserHeader)?.ToString(),
        session.GetHeader(EventMetadata.OnBehalfOfHeader)?.ToString(), session.GetHeader(EventMetadata.CouncilHeader)?.ToString());

    private static void SetOrClear(IDocumentSession session, string header, string? value)
    {
        // Sessions are stamped once, when opened: a header that has no value is simply not written.
        if (value is not null)
        {
            session.SetHeader(header, value);
        }
    }
}

/// <summary>Lightweight sessions for HTTP requests, stamped with the request's user, council and correlation id.</summary>
internal sealed class RequestSessionFactory(IDocumentStore store, IServiceProvider services) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        if (services.GetService<IEventMetadataSource>() is { } source)
        {
            session.Stamp(source.Current);
        }

        return session;
    }
}

/// <summary>Where a request's session takes its metadata from (ServiceDefaults: the user, council and correlation id).</summary>
public interface IEventMetadataSource
{
    EventMetadata Current { get; }
}
