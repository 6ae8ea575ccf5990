using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// One representative's appointment for one member, as this service learnt it from Members' <c>RepresentativeAppointed</c>
/// and <c>RepresentativeEnded</c>. Both times are kept, so the two messages may arrive in either order (or twice) and
/// the answer is the same: active when appointed after it was last ended. A representative may be appointed again later.
/// </summary>
public sealed record RepresentativeAppointment(
    string Id, Guid RepresentativeId, Guid MemberId, string CouncilId, DateTimeOffset? AppointedAt, DateTimeOffset? EndedAt)
{
    public bool IsActive => AppointedAt is { } appointed && (EndedAt is not { } ended || ended < appointed);

    public static string IdOf(Guid representativeId, Guid memberId) => $"{representativeId:N}:{memberId:N}";
}

/// <summary>
/// Act-for authority from Members' recorded appointments (ADR 0019). A representative's token says whom they act for
/// (<c>acts_for</c>), but a token outlives an ended appointment and can name anyone: services that grant anything for
/// <c>acts_for</c> keep the appointments in their own database and keep only the members with an active appointment
/// in the same council, before any endpoint reads the claims.
/// </summary>
public static class Representation
{
    /// <summary>Claim added once the representative's <c>acts_for</c> has been checked against the appointments.</summary>
    public const string CheckedClaim = "acts_for_checked";

    /// <summary>The value of <see cref="CheckedClaim"/> for a representative with no active appointment among the members named.</summary>
    public const string NotAppointed = "not-appointed";

    /// <summary>True for a representative whose token named no member they are appointed for (their role was set aside).</summary>
    public static bool IsUnappointedRepresentative(ClaimsPrincipal user) => user.FindFirst(CheckedClaim)?.Value == NotAppointed;

    /// <summary>Keeps appointments in this service's Marten store and checks every representative's <c>acts_for</c> against them.</summary>
    public static IServiceCollection AddRepresentationFromAppointments(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.Schema.For<RepresentativeAppointment>().UseOptimisticConcurrency(true));
        services.AddScoped<IClaimsTransformation, AppointedActsFor>();
        return services;
    }

    /// <summary>Records an appointment (idempotent; the latest appointment time wins).</summary>
    public static Task RecordAppointedAsync(IDocumentSession session, Guid memberId, string councilId, Guid representativeId, DateTimeOffset at, CancellationToken ct) =>
        RecordAsync(session, memberId, councilId, representativeId, ct, a => a with { AppointedAt = Later(a.AppointedAt, at) });

    /// <summary>Records the end of an appointment (idempotent; the latest end time wins).</summary>
    public static Task RecordEndedAsync(IDocumentSession session, Guid memberId, string councilId, Guid representativeId, DateTimeOffset at, CancellationToken ct) =>
        RecordAsync(session, memberId, councilId, representativeId, ct, a => a with { EndedAt = Later(a.EndedAt, at) });

    /// <summary>The members among <paramref name="claimed"/> that <paramref name="representativeId"/> is appointed for now, in <paramref name="councilId"/>.</summary>
    public static async Task<IReadOnlyList<Guid>> ActiveForAsync(
        IQuerySession query, Guid representativeId, string councilId, IReadOnlyCollection<Guid> claimed, CancellationToken ct)
    {
        if (claimed.Count == 0)
        {
            return [];
        }

        var appointments = await query.LoadManyAsync<RepresentativeAppointment>(ct, claimed.Select(m => RepresentativeAppointment.IdOf(representativeId, m)));
        return appointments.Where(a => a.IsActive && a.CouncilId == councilId).Select(a => a.MemberId).ToArray();
    }

    private static async Task RecordAsync(
        IDocumentSession session, Guid memberId, string councilId, Guid representativeId, CancellationToken ct,
        Func<RepresentativeAppointment, RepresentativeAppointment> change)
    {
        var id = RepresentativeAppointment.IdOf(representativeId, memberId);
        // Optimistic concurrency: two messages about one appointment at once conflict, and the loser retries with fresh state.
        if (await session.LoadAsync<RepresentativeAppointment>(id, ct) is { } known)
        {
            session.Update(change(known));
        }
        else
        {
            session.Insert(change(new RepresentativeAppointment(id, representativeId, memberId, CouncilIds.Normalise(councilId), null, null)));
        }
    }

    private static DateTimeOffset Later(DateTimeOffset? known, DateTimeOffset at) => known is { } k && k > at ? k : at;

    /// <summary>
    /// Rewrites a representative's principal so that <c>acts_for</c> holds only members with an active appointment:
    /// <see cref="ClaimsPrincipalExtensions.MayActFor"/>, <see cref="ClaimsPrincipalExtensions.MemberIdsActedFor"/> and
    /// the events' on-behalf-of header then follow the appointments, for reads and writes alike.
    /// </summary>
    private sealed class AppointedActsFor(IQuerySession query) : IClaimsTransformation
    {
        // Scoped: authentication runs once for the middleware and again for a policy that names the scheme, both with the
        // handler's cached principal, so one request looks the appointments up once.
        private (ClaimsPrincipal Token, ClaimsPrincipal Checked)? last;

        public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            if (principal.FindFirst(BrokerageClaims.Role)?.Value != Roles.Representative || principal.HasClaim(c => c.Type == CheckedClaim)
                || principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity)
            {
                return principal;
            }

            if (last is { } known && ReferenceEquals(known.Token, principal))
            {
                return known.Checked;
            }

            var claimed = principal.ActsFor().Select(a => Guid.TryParse(a, out var m) ? m : Guid.Empty).Where(m => m != Guid.Empty).ToHashSet();
            var active = Guid.TryParse(principal.FindFirst(BrokerageClaims.Subject)?.Value, out var representativeId)
                         && principal.FindFirst(BrokerageClaims.Council)?.Value is { Length: > 0 } council
                ? await ActiveForAsync(query, representativeId, council, claimed, CancellationToken.None)
                : [];

            // A representative appointed for none of the members named acts for no one here: without a role, every
            // policy refuses them (403) before an endpoint runs, rather than each endpoint treating them as a visitor.
            var kept = identity.Claims.Where(c => c.Type != BrokerageClaims.ActsFor && (active.Count > 0 || c.Type != BrokerageClaims.Role));
            var checkedIdentity = new ClaimsIdentity(kept, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
            checkedIdentity.AddClaims(active.Select(m => new Claim(BrokerageClaims.ActsFor, m.ToString())));
            checkedIdentity.AddClaim(new Claim(CheckedClaim, active.Count > 0 ? "acting" : NotAppointed));
            var result = new ClaimsPrincipal(checkedIdentity);
            last = (principal, result);
            return result;
        }
    }
}
