namespace Brokerage.EventStore.Tests;

// A miniature pool ledger: enough domain to exercise the store the way the services will.
public sealed record LedgerOpened(Guid LedgerId, string Council, DateTimeOffset OpenedAt);

public sealed record AmountPledged(Guid LedgerId, Guid MemberId, long Amount);

public sealed record AmountPaid(Guid LedgerId, long Amount);

public sealed record Ledger(Guid Id, string Council, long Pledged, long Paid, int Entries)
{
    public static Ledger Create(LedgerOpened e) => new(e.LedgerId, e.Council, 0, 0, 0);

    public Ledger Apply(AmountPledged e) => this with { Pledged = Pledged + e.Amount, Entries = Entries + 1 };

    public Ledger Apply(AmountPaid e) => this with { Paid = Paid + e.Amount, Entries = Entries + 1 };
}

/// <summary>A document per member: how much they pledged, across ledgers.</summary>
public sealed record MemberTotal(Guid MemberId, long Pledged, int Pledges);

public sealed class MemberTotalProjection : DocumentProjection<MemberTotal>
{
    public MemberTotalProjection() => Handles<AmountPledged>();

    protected override string? DocumentId(IEvent e) => e.Data is AmountPledged p ? p.MemberId.ToString() : null;

    protected override MemberTotal Evolve(MemberTotal? current, IEvent e)
    {
        var pledged = (AmountPledged)e.Data;
        return current is null
            ? new MemberTotal(pledged.MemberId, pledged.Amount, 1)
            : current with { Pledged = current.Pledged + pledged.Amount, Pledges = current.Pledges + 1 };
    }
}

/// <summary>Records the order in which an async projection saw events, across all streams.</summary>
public sealed record SeenEvents(string Id, List<long> Sequences);

public sealed class SeenEventsProjection : DocumentProjection<SeenEvents>
{
    public SeenEventsProjection() => Handles<AmountPledged>();

    protected override string DocumentId(IEvent e) => "all";

    protected override SeenEvents Evolve(SeenEvents? current, IEvent e)
    {
        var seen = current ?? new SeenEvents("all", []);
        seen.Sequences.Add(e.Sequence);
        return seen;
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
