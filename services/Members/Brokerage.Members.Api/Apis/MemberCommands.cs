using Brokerage.Members.Api.IntegrationEvents;
using Brokerage.Members.Api.Members;
using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using Marten;

namespace Brokerage.Members.Api.Apis;

/// <summary>
/// A command on a member's stream: load, check If-Match, decide (pure), append, publish the integration messages
/// through the outbox, save once, answer with the new version as ETag.
/// </summary>
public static class MemberCommands
{
    public static async Task<long> DecideAsync(
        IDocumentSession session, HttpContext http, Guid memberId, Func<Member, object> decide, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Member>(memberId, ct);
        var member = stream.Aggregate ?? throw new MemberNotFound();
        stream.EnsureVersion(StreamVersions.IfMatch(http.Request));

        // Checked again on the state the append is versioned against, so an appointment ended a moment ago cannot slip through.
        if (http.User.Role() == Roles.Representative
            && !(Guid.TryParse(http.User.Subject(), out var representativeId)
                 && member.Representatives.TryGetValue(representativeId, out var representation) && representation.IsActive))
        {
            throw new RepresentationNotActive();
        }

        var @event = decide(member);
        session.ActingFor(http.User, memberId);
        stream.AppendOne(@event);
        if (IntegrationMessages.For(member.CouncilId, @event) is { } message)
        {
            session.Publish(message);
        }

        await session.SaveChangesAsync(ct);
        var version = stream.CurrentVersion ?? 0; // moved on by the save
        StreamVersions.SetETag(http.Response, version);
        return version;
    }
}
