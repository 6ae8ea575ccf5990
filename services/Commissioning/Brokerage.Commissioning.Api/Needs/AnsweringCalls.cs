using Brokerage.Commissioning.Api.Calls;

namespace Brokerage.Commissioning.Api.Needs;

/// <summary>One of the calls drafted from a need, as much of it as tells whether it answers the need.</summary>
public sealed record CallOfNeed(Guid CallId, Guid NeedId, CallStatus Status, DateTimeOffset DraftedAt, DateTimeOffset? PublishedAt);

/// <summary>
/// Which call answers a need, so the members who raised it can follow it to the vote: a need is <see cref="Open"/> until a
/// call for it exists that was not cancelled, then <see cref="Answered"/> by the latest such call.
/// </summary>
public static class AnsweringCalls
{
    public const string Open = "open";
    public const string Answered = "answered";

    public static readonly IReadOnlyList<string> Statuses = [Open, Answered];

    /// <summary>
    /// The latest-drafted call of the need that was not cancelled and that the reader may know of: council staff know of
    /// drafts, everyone else only of calls that were published (the rule of GET /api/calls/{id}). Null when there is none.
    /// </summary>
    public static CallOfNeed? Of(IEnumerable<CallOfNeed> callsOfTheNeed, bool councilStaff) =>
        callsOfTheNeed
            .Where(c => c.Status != CallStatus.Cancelled && (councilStaff || c.PublishedAt is not null))
            .OrderByDescending(c => c.DraftedAt).ThenByDescending(c => c.CallId)
            .FirstOrDefault();

    public static string StatusOf(CallOfNeed? answering) => answering is null ? Open : Answered;
}
