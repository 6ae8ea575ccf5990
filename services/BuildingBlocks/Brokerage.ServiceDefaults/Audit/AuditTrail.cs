using System.Text.Json;
using Npgsql;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// One change to a stream as the council's audit trail shows it: when, what kind of change, who recorded it and for
/// whom. Never the event's data: that may hold health data (support-plan outcomes, reasons for a reassessment).
/// </summary>
/// <param name="Version">The change's place in its stream (1, 2, 3…).</param>
/// <param name="At">When it was stored.</param>
/// <param name="Event">The event type as stored, kebab-case (<c>pooling-consent-given</c>).</param>
/// <param name="RecordedBy">The token subject of who acted, or <see cref="AuditTrail.System"/> when a message or timer caused it.</param>
/// <param name="CausedByMessage">The id of the message that caused the change; null when a person acted.</param>
/// <param name="ActingFor">The member a representative acted for; null otherwise.</param>
/// <param name="CorrelationId">Ties the change to the request or message flow it was part of.</param>
/// <param name="InitiatedBy">
/// For a change a message caused: who started the flow in the service that sent it (the token subject it recorded, e.g.
/// the broker whose award made Commissioning ask for the funds); null when a person acted here or nobody did (a timer).
/// </param>
public sealed record AuditEntry(
    long Version, DateTimeOffset At, string Event, string RecordedBy, string? CausedByMessage, string? ActingFor, string? CorrelationId,
    string? InitiatedBy = null);

/// <summary>A page of a trail, oldest first; <see cref="NextAfter"/> is the <c>?after=</c> of the next page, null on the last.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextAfter);

/// <summary>
/// Reads a stream's audit trail (DESIGN.md: "every act records who acted for whom"; records kept 7 years) from the
/// metadata every event carries. Archived streams read too: they are kept for audit.
/// <code>
/// var errors = new RequestErrors();
/// var paging = AuditTrail.Paging(errors, after, limit);
/// if (errors.Any) return errors.ToProblem();
/// return TypedResults.Ok(await AuditTrail.ReadAsync(storage, id, paging, ct));
/// </code>
/// </summary>
public static class AuditTrail
{
    /// <summary>What <see cref="AuditEntry.RecordedBy"/> says when no person acted (a message or a timer).</summary>
    public const string System = "system";

    public const int DefaultLimit = 100;
    public const int MaximumLimit = 500;

    /// <summary>Which page to read: the entries after version <paramref name="After"/>, at most <paramref name="Limit"/> of them.</summary>
    public readonly record struct AuditPaging(long After, int Limit);

    /// <summary>Checks <c>?after=</c> (0 or more; default 0) and <c>?limit=</c> (1 to 500; default 100), naming the field at fault.</summary>
    public static AuditPaging Paging(RequestErrors errors, long? after, int? limit)
    {
        errors.Check(after is null or >= 0, "after", "Must be a version: a whole number, 0 or more.");
        errors.Check(limit is null or >= 1 and <= MaximumLimit, "limit", $"Must be a whole number from 1 to {MaximumLimit}.");
        return new AuditPaging(after ?? 0, limit ?? DefaultLimit);
    }

    /// <summary>The audit entry of one stored event, from its place, time, type name and metadata only, never its data.</summary>
    public static AuditEntry EntryOf(long version, DateTimeOffset at, string eventType, EventMetadata metadata)
    {
        var byMessage = metadata.CausationId is not null;
        return new AuditEntry(
            version,
            at,
            eventType,
            byMessage ? System : metadata.UserId ?? System,
            metadata.CausationId,
            metadata.OnBehalfOf,
            metadata.CorrelationId,
            byMessage ? metadata.UserId : null);
    }

    /// <summary>One page of the stream's trail, oldest first; an unknown stream reads as an empty last page.</summary>
    public static async Task<AuditPage> ReadAsync(ServiceStorage storage, Guid streamId, AuditPaging paging, CancellationToken ct = default)
    {
        // One more than the page tells whether another page follows. Only this page's rows are read, and never their data,
        // straight from Marten's events table: archived streams read too, and an event type no longer registered cannot break it.
        await using var cmd = storage.DataSource.CreateCommand($"""
            SELECT version, timestamp, type, correlation_id, causation_id, headers::text FROM {storage.Schema}.mt_events
            WHERE stream_id = $1 AND version > $2 ORDER BY version LIMIT $3
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = streamId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = paging.After });
        cmd.Parameters.Add(new NpgsqlParameter { Value = paging.Limit + 1 });
        var entries = new List<AuditEntry>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                var headers = Text(5) is { } json ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) : null;
                string? Header(string name) => headers?.GetValueOrDefault(name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
                entries.Add(EntryOf(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), new EventMetadata(
                    Text(3), Text(4), Header(EventMetadata.UserHeader), Header(EventMetadata.OnBehalfOfHeader), Header(EventMetadata.CouncilHeader))));
            }
        }

        if (entries.Count <= paging.Limit)
        {
            return new AuditPage(entries, null);
        }

        entries.RemoveRange(paging.Limit, entries.Count - paging.Limit);
        return new AuditPage(entries, entries[^1].Version);
    }
}
