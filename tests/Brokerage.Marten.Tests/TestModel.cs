using Marten.Events.Projections;

namespace Brokerage.Marten.Tests;

// A miniature pool ledger: enough domain to exercise Marten the way the services use it.
public sealed record LedgerOpened(Guid LedgerId, string Council);

public sealed record AmountPledged(Guid LedgerId, Guid MemberId, long Amount);

public sealed record AmountPaid(Guid LedgerId, long Amount);

/// <summary>The ledger aggregate, kept as an inline snapshot (the stream's own document).</summary>
public sealed record Ledger(Guid Id, string Council, long Pledged, long Paid, int Entries)
{
    public static readonly Type[] Events = [typeof(LedgerOpened), typeof(AmountPledged), typeof(AmountPaid)];

    public static Ledger Create(LedgerOpened e) => new(e.LedgerId, e.Council, 0, 0, 0);

    public Ledger Apply(AmountPledged e) => this with { Pledged = Pledged + e.Amount, Entries = Entries + 1 };

    public Ledger Apply(AmountPaid e) => this with { Paid = Paid + e.Amount, Entries = Entries + 1 };
}

/// <summary>A document per member across ledgers: how much they pledged and how many pledges were applied to it.</summary>
public sealed class MemberTotal
{
    public Guid Id { get; set; }

    public long Pledged { get; set; }

    /// <summary>Counts applications: an event applied twice shows as one too many.</summary>
    public int Pledges { get; set; }
}

public sealed class MemberTotalProjection : MultiStreamProjection<MemberTotal, Guid>
{
    public MemberTotalProjection() => Identity<AmountPledged>(e => e.MemberId);

    public void Apply(MemberTotal total, AmountPledged e)
    {
        total.Pledged += e.Amount;
        total.Pledges++;
    }
}

/// <summary>An event that gained an optional field after some were stored.</summary>
public sealed record PledgeNoted(Guid LedgerId, long Amount, string? Reason = null);

/// <summary>An integration message a ledger command publishes through the outbox.</summary>
public sealed record PledgeTaken(Guid LedgerId, int Attempt);
