using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brokerage.Portal.Services;

/// <summary>A signed-in session as the Portal keeps it: the serialized ticket (with the access token) and when it ends.</summary>
public sealed class StoredSession
{
    public string Id { get; set; } = "";

    public byte[] Ticket { get; set; } = [];

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Sessions live in the Portal's database, so the browser's cookie holds only a random key: the person's access token
/// never leaves the server, every Portal replica reads the same session, and signing out ends the session everywhere.
/// </summary>
public sealed class MartenTicketStore(IDocumentStore store, TimeProvider clock) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var session = store.LightweightSession();
        session.Store(new StoredSession
        {
            Id = key,
            Ticket = TicketSerializer.Default.Serialize(ticket),
            ExpiresAt = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow().Add(PortalSetup.IdleTimeout),
        });
        // Sessions that ran out are removed as new ones are written: the table holds the live ones.
        session.DeleteWhere<StoredSession>(s => s.ExpiresAt < clock.GetUtcNow().AddHours(-1));
        await session.SaveChangesAsync();
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var session = store.QuerySession();
        var stored = await session.LoadAsync<StoredSession>(key);
        return stored is null || stored.ExpiresAt <= clock.GetUtcNow() ? null : TicketSerializer.Default.Deserialize(stored.Ticket);
    }

    public async Task RemoveAsync(string key)
    {
        await using var session = store.LightweightSession();
        session.Delete<StoredSession>(key);
        await session.SaveChangesAsync();
    }
}

/// <summary>Ready when the session database answers.</summary>
public sealed class SessionStoreHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.Query<StoredSession>().AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy("The session database answers.");
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The session database does not answer.", exception);
        }
    }
}
