using System.Text;
using Brokerage.ServiceDefaults;
using JasperFx;
using Marten;

namespace Brokerage.Members.Api.Members.HoldingPseudonyms;

/// <summary>
/// A pseudonym is what other members and providers see of a member, so within a council it names one member at a time.
/// Each pseudonym (compared without regard to case, spacing or invisible characters) has a stream of its own, claimed in the same transaction
/// as the member's registration or correction: two members racing for one pseudonym cannot both get it. A closed
/// membership keeps its pseudonym, because its record stays readable under that name.
/// </summary>
public sealed record PseudonymClaim(Guid? HeldBy)
{
    public static PseudonymClaim Create(PseudonymClaimed e) => new(e.MemberId);

    public PseudonymClaim Apply(PseudonymClaimed e) => new(e.MemberId);

    public PseudonymClaim Apply(PseudonymReleased e) => new((Guid?)null);

    /// <summary>The events that give <paramref name="memberId"/> the pseudonym: none if they hold it already.</summary>
    public static object[] Claim(PseudonymClaim? claim, Guid memberId, string councilId, DateTimeOffset now) => claim?.HeldBy switch
    {
        { } holder when holder == memberId => [],
        { } => throw new PseudonymTaken(),
        null => [new PseudonymClaimed(memberId, councilId, now)],
    };

    /// <summary>The events that free the pseudonym <paramref name="memberId"/> gives up: none if they did not hold it.</summary>
    public static object[] Release(PseudonymClaim? claim, Guid memberId, DateTimeOffset now) =>
        claim?.HeldBy == memberId ? [new PseudonymReleased(memberId, now)] : [];

    /// <summary>
    /// The comparison key: "Blue  Heron", "blue heron", "BLUE\u200bHERON" and "Blueheron" are one pseudonym. Case is folded,
    /// and white space and invisible format characters are left out, so nobody can take a pseudonym that reads the same as
    /// another's. (NFKC comes from ICU: Members runs with globalization on, ADR 0014.)
    /// </summary>
    public static string Normalise(string pseudonym) =>
        new string(pseudonym.Normalize(NormalizationForm.FormKC)
            .Where(c => !char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            .ToArray()).ToUpperInvariant().ToLowerInvariant();

    /// <summary>The claim's stream id: name-based, so it holds neither the pseudonym nor the council in clear.</summary>
    public static Guid StreamFor(string councilId, string pseudonym) => NameBasedStreamId.For($"members/pseudonym/{councilId}/{Normalise(pseudonym)}");

    /// <summary>
    /// Adds to <paramref name="session"/> the claim of <paramref name="pseudonym"/> for the member and, when they had
    /// another, its release; both are saved with the member's own events.
    /// </summary>
    public static async Task ChangeAsync(
        IDocumentSession session, string councilId, Guid memberId, string? previous, string pseudonym, DateTimeOffset now, CancellationToken ct)
    {
        if (previous is not null && Normalise(previous) == Normalise(pseudonym))
        {
            return;
        }

        var wanted = await session.Events.FetchForWriting<PseudonymClaim>(StreamFor(councilId, pseudonym), ct);
        wanted.AppendMany(Claim(wanted.Aggregate, memberId, councilId, now));
        if (previous is not null)
        {
            var given = await session.Events.FetchForWriting<PseudonymClaim>(StreamFor(councilId, previous), ct);
            given.AppendMany(Release(given.Aggregate, memberId, now));
        }
    }

    /// <summary>
    /// True when a save failed because another member claimed <paramref name="pseudonym"/> first: its stream moved on
    /// since it was read, or, for a pseudonym nobody had used, was started by the other save.
    /// </summary>
    public static bool LostRaceFor(Exception saveFailure, string councilId, string pseudonym) => saveFailure switch
    {
        ConcurrencyException e => Equals(e.Id, StreamFor(councilId, pseudonym)),
        Marten.Exceptions.ExistingStreamIdCollisionException e => Equals(e.Id, StreamFor(councilId, pseudonym)),
        _ => false,
    };
}

public sealed record PseudonymClaimed(Guid MemberId, string CouncilId, DateTimeOffset ClaimedAt);

public sealed record PseudonymReleased(Guid MemberId, DateTimeOffset ReleasedAt);

public sealed class PseudonymTaken()
    : MemberRuleBroken("Another member of this council already uses this pseudonym; choose another");
