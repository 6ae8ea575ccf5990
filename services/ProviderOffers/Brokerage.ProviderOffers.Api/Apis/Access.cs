using System.Security.Claims;
using Brokerage.ServiceDefaults;
using Marten;

namespace Brokerage.ProviderOffers.Api.Apis;

/// <summary>Who the caller is, in this service's terms.</summary>
internal static class Access
{
    public const string ProviderOrCouncilStaff = "provider-or-council-staff";

    /// <summary>The caller's own organisation id: a provider token's subject, when it is a GUID; otherwise null.</summary>
    public static Guid? OwnProviderId(this ClaimsPrincipal user) =>
        user.FindFirst(BrokerageClaims.Role)?.Value == Roles.Provider
        && Guid.TryParse(user.FindFirst(BrokerageClaims.Subject)?.Value, out var id) && id != Guid.Empty
            ? id
            : null;

    public static bool IsProvider(this ClaimsPrincipal user, Guid providerId) => user.OwnProviderId() == providerId;

    /// <summary>A broker or council admin of <paramref name="councilId"/>.</summary>
    public static bool IsStaffOf(this ClaimsPrincipal user, string councilId) =>
        user.IsCouncilStaff() && CouncilAccess.IsSameCouncil(user, councilId);
}

/// <summary>
/// Runs a command again when another writer got to the same stream first (two providers bidding on one call at the same
/// moment): the loser re-reads and decides again instead of seeing a 409 about someone else's bid.
/// </summary>
internal static class Conflicts
{
    public static Task<T> RetryAsync<T>(IDocumentSession session, Func<Task<T>> attempt) =>
        session.RetryOnConflictAsync(attempt, maxAttempts: 20, jitterStep: TimeSpan.FromMilliseconds(25));
}
