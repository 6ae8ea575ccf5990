using Microsoft.Extensions.Configuration;

namespace Brokerage.ServiceDefaults;

public static class ConfigurationExtensions
{
    /// <summary>
    /// <c>ConnectionStrings:<paramref name="name"/></c>, or a start-up failure that says which setting the service lacks
    /// (a service must never start half-configured).
    /// </summary>
    public static string RequiredConnectionString(this IConfiguration configuration, string name, string service) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"ConnectionStrings:{name} is not configured for the {service} service.");
}
