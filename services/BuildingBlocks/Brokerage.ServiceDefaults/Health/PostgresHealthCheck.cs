using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Brokerage.ServiceDefaults;

/// <summary>Ready when the service's own database (<c>ConnectionStrings:EventStore</c>) answers <c>SELECT 1</c>.</summary>
internal sealed class PostgresHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public const string Name = "postgres";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (configuration.GetConnectionString("EventStore") is not { Length: > 0 } connectionString)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "ConnectionStrings:EventStore is not configured.");
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            // The connection string (and its password) must not reach the response: the description stays generic.
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL does not answer.", exception);
        }
    }
}
