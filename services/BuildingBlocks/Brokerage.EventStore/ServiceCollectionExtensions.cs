using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Brokerage.EventStore;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the service's event store, applies its schema at start-up and runs its async projections.
    /// Events are stamped with the <see cref="TimeProvider"/> registered in the container, when there is one, so a
    /// test that moves the service's clock moves event timestamps (and as-of reads) with it.
    /// </summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, Action<EventStoreOptions> configure)
    {
        services.AddSingleton(sp =>
        {
            var options = new EventStoreOptions();
            if (sp.GetService<TimeProvider>() is { } clock)
            {
                options.Clock = clock;
            }

            configure(options);
            return options;
        });
        services.AddSingleton(sp => new DocumentStore(sp.GetRequiredService<EventStoreOptions>()));
        services.AddSingleton<ProjectionDaemon>();
        services.AddHostedService<SchemaInitializer>();
        services.AddHostedService<ProjectionDaemonService>();
        return services;
    }

    private sealed class SchemaInitializer(DocumentStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.ApplySchemaAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
