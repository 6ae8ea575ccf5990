using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Brokerage.FakeStripe;

public static class FakeStripeSetup
{
    public static IServiceCollection AddFakeStripe(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FakeStripeOptions>(configuration.GetSection(FakeStripeOptions.Section));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PlatformAccounts>(provider => PlatformAccounts.From(provider.GetRequiredService<IOptions<FakeStripeOptions>>().Value));
        services.AddSingleton<Faults>();
        services.AddSingleton<Webhooks>();
        services.AddSingleton<Transfers>();
        services.AddSingleton<StripeCall>();
        services.AddHttpClient(Webhooks.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        return services;
    }
}
