using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Messaging;

public sealed class MessagingOptions
{
    /// <summary>amqp://user:password@host:port/vhost</summary>
    public string RabbitMq { get; set; } = "amqp://guest:guest@127.0.0.1:55672/";

    /// <summary>Prefix for queue names, so that several test hosts on one broker keep their queues apart.</summary>
    public string? EndpointPrefix { get; set; }

    /// <summary>
    /// Quorum queues' x-delivery-limit: after this many deliveries RabbitMQ stops redelivering a message (it is dropped,
    /// as no dead-letter exchange is set). In-process retries move a failing message to _error long before that;
    /// the limit only stops a message that crashes the process from looping for ever.
    /// </summary>
    public int DeliveryLimit { get; set; } = 10;

    /// <summary>In-process retries before a message faults to its _error queue.</summary>
    public int RetryLimit { get; set; } = 5;

    /// <summary>Messages each endpoint takes at once. Consumers wait on PostgreSQL, not CPU, so this is well above the core count.</summary>
    public int PrefetchCount { get; set; } = 32;

    public bool RunOutboxRelay { get; set; } = true;

    public OutboxRelayOptions Relay { get; } = new();
}

public static class MessagingExtensions
{
    /// <summary>
    /// In-process retry intervals: four quick ones first (0, 10, 25, 50 ms), then <paramref name="retryLimit"/> growing
    /// ones (100 ms + 200 ms × (2^i − 1), at most 5 s). Most failures are a lost append race: messages about one stream
    /// that arrive together (a member's registration, allocation and consent) are consumed concurrently and all but one
    /// lose. Starting at 100 ms made each such message 0.5–1 s late; the quick retries settle them at once, and the
    /// growing ones still give a briefly unavailable dependency time. One retry filter only: MassTransit does not
    /// combine nested retry filters the way one would hope.
    /// </summary>
    public static TimeSpan[] RetryIntervals(int retryLimit) =>
    [
        TimeSpan.Zero, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(50),
        .. Enumerable.Range(0, Math.Max(0, retryLimit)).Select(i => TimeSpan.FromMilliseconds(Math.Min(100 + 200 * (Math.Pow(2, i) - 1), 5_000))),
    ];

    /// <summary>
    /// MassTransit over RabbitMQ with kebab-case quorum queues, retries, faults to _error, the inbox on every consumer
    /// and saga, the transactional outbox relay and its health check. Requires <c>AddBrokerageMarten</c> (registered before this).
    /// </summary>
    public static IServiceCollection AddBrokerageMessaging(
        this IServiceCollection services, Action<MessagingOptions> configureOptions, Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        var options = new MessagingOptions();
        configureOptions(options);

        services.AddSingleton(options);
        services.AddSingleton(options.Relay);
        services.AddSingleton<OutboxRelayStatus>();
        // After Marten's own schema (AddBrokerageMarten registers its start-up first): the outbox and inbox tables beside it.
        services.AddHostedService<MessagingSchemaInitializer>();
        services.AddHealthChecks().AddCheck<OutboxRelayHealthCheck>("outbox-relay", tags: ["ready"]);
        services.AddHostedService<InboxPruning>();
        if (options.RunOutboxRelay)
        {
            services.AddHostedService<OutboxRelay>();
        }

        // Start-up waits for the bus, so a ready service has its queues bound before it relays or serves.
        services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix, false));
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                    rabbit.SetQueueArgument("x-delivery-limit", options.DeliveryLimit);
                }
            });
            // A broker outage is Degraded, not Unhealthy: commands still commit and wait in the outbox, so replicas stay ready.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
            configureBus?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var uri = new Uri(options.RabbitMq);
                var credentials = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
                var vhost = uri.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";
                rabbit.Host(uri.Host, (ushort)(uri.IsDefaultPort ? 5672 : uri.Port), vhost, host =>
                {
                    host.Username(credentials.ElementAtOrDefault(0) is { Length: > 0 } user ? user : "guest");
                    host.Password(credentials.ElementAtOrDefault(1) ?? "guest");
                    host.PublisherConfirmation = true;
                });
                rabbit.PrefetchCount = options.PrefetchCount;
                rabbit.UseMessageRetry(retry => retry.Intervals(RetryIntervals(options.RetryLimit)));
                rabbit.UseConsumeFilter(typeof(InboxFilter<>), context);
                rabbit.ConfigureEndpoints(context);
            });
        });

        return services;
    }
}
