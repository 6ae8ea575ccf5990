using Brokerage.EventStore;
using Brokerage.Messaging;

namespace Brokerage.PooledFunds.Api;

public static class Extensions
{
    /// <summary>The PooledFunds service's own wiring: its event store in its own database, schema "pooledfunds".</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddEventStore(store =>
        {
            store.ConnectionString = configuration.GetConnectionString("EventStore")
                ?? throw new InvalidOperationException("ConnectionStrings:EventStore is not configured for the PooledFunds service.");
            store.Schema = "pooledfunds";
            store.AddMessagingTables();
        });
        builder.Services.AddBrokerageMessaging(messaging =>
            messaging.RabbitMq = configuration.GetConnectionString("RabbitMq")
                ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured for the PooledFunds service."));
        return builder;
    }
}
