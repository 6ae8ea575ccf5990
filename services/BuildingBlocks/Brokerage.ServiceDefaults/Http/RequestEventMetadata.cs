using System.Globalization;
using System.Security.Claims;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Brokerage.ServiceDefaults;

/// <summary>Every event an HTTP request appends records who did it, in which council, under which correlation id.</summary>
internal sealed class RequestEventMetadata(IHttpContextAccessor http, ICorrelationContext correlation) : IEventMetadataSource
{
    public EventMetadata Current
    {
        get
        {
            var user = http.HttpContext?.User;
            return new EventMetadata(
                CorrelationId: correlation.CorrelationId,
                UserId: user?.FindFirst(BrokerageClaims.Subject)?.Value,
                TenantId: user?.FindFirst(BrokerageClaims.Council)?.Value);
        }
    }
}

public static class EventSessionHttpExtensions
{
    /// <summary>
    /// Records that the events of this session were done for <paramref name="memberId"/>: when a representative acts,
    /// every event then says who acted (user) for whom (on behalf of). Call it after checking <c>user.MayActFor(memberId)</c>.
    /// </summary>
    public static IDocumentSession ActingFor(this IDocumentSession session, ClaimsPrincipal user, Guid memberId)
    {
        if (user.FindFirst(BrokerageClaims.Role)?.Value == Roles.Representative)
        {
            session.SetHeader(EventMetadata.OnBehalfOfHeader, memberId.ToString());
        }

        return session;
    }
}

/// <summary>
/// Optimistic concurrency over HTTP: a GET answers with <c>ETag: "version"</c>; a write may send <c>If-Match</c> with it,
/// and a stale version is 412 (through Marten's <see cref="ConcurrencyException"/>).
/// </summary>
public static class StreamVersions
{
    /// <summary>The expected stream version from <c>If-Match</c>; null when absent or "*". A malformed value is a 400 through <see cref="BadHttpRequestException"/>.</summary>
    public static long? IfMatch(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
               && long.TryParse(tag[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw new BadHttpRequestException("Failed to bind parameter \"string If-Match\": it must be an ETag such as \"3\".");
    }

    /// <summary>
    /// Throws <see cref="ConcurrencyException"/> (412 with <c>If-Match</c>) when the caller expected another version than
    /// the one loaded. Call it after deciding the caller may know the stream exists, so a stale version never reveals that it does.
    /// </summary>
    public static void EnsureVersion<T>(this IEventStream<T> stream, long? expectedVersion) where T : class
    {
        if (expectedVersion is { } expected && expected != (stream.CurrentVersion ?? 0))
        {
            throw new ConcurrencyException($"Stream {stream.Id} was expected at version {expected} but is at {stream.CurrentVersion ?? 0}.", typeof(T), stream.Id);
        }
    }

    /// <summary>Sets <c>ETag</c> to the stream version.</summary>
    public static void SetETag(HttpResponse response, long version) =>
        response.Headers[HeaderNames.ETag] = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
