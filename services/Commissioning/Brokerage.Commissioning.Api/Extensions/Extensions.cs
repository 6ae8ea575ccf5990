using Brokerage.EventStore;

namespace Brokerage.Commissioning.Api;

public static class Extensions
{
    /// <summary>The Commissioning service's own wiring: its event store in its own database, schema "commissioning".</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddEventStore(store =>
        {
            store.ConnectionString = configuration.GetConnectionString("EventStore")
                ?? throw new InvalidOperationException("ConnectionStrings:EventStore is not configured for the Commissioning service.");
            store.Schema = "commissioning";
        });
        return builder;
    }
}
