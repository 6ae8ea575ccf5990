using Brokerage.EventStore;
using Brokerage.Messaging;

namespace Brokerage.Members.Api;

public static class Extensions
{
    /// <summary>The Members service's own wiring: its event store in its own database, schema "members".</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddEventStore(store =>
        {
            store.ConnectionString = configuration.GetConnectionString("EventStore")
                ?? throw new InvalidOperationException("ConnectionStrings:EventStore is not configured for the Members service.");
            store.Schema = "members";
            store.AddMessagingTables();
        });
        builder.Services.AddBrokerageMessaging(messaging =>
            messaging.RabbitMq = configuration.GetConnectionString("RabbitMq")
                ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured for the Members service."));
        return builder;
    }
}
