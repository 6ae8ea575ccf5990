using Brokerage.PooledFunds.Api.Pools;
using Brokerage.ServiceDefaults;

namespace Brokerage.PooledFunds.Api.ReadModels;

public sealed record LedgerFigures(long Pledged, long Available, long Reserved, long Paid);

public sealed record FundingStreamLedger(string FundingStream, long Pledged, long Available, long Reserved, long Paid);

/// <summary>
/// One member's line. <c>memberId</c> and <c>fundingStream</c> are shown to council staff and for the caller's own lines
/// (or those of members they represent); other members appear by pseudonym and amounts only, since a <c>health</c> or
/// <c>mental-health</c> budget is health data. <c>conditionalAmount</c> is pledged on condition and not yet money.
/// </summary>
public sealed record MemberLedgerLine(
    Guid? MemberId, string Pseudonym, string? FundingStream, int BudgetYear, PledgeStatus Status,
    long Pledged, long Available, long Reserved, long Paid, long ConditionalAmount);

public sealed record ReservationLine(Guid ContractId, long Amount, long Reserved, long Paid, bool Released, DateTimeOffset ReservedAt);

/// <summary>A payment; <c>reversed</c> is how much of its transfer the payment provider reversed since (back in reserved).</summary>
public sealed record PaymentLine(Guid PaymentId, Guid ContractId, Guid InvoiceId, string TransferId, long Amount, long Reversed, DateTimeOffset RecordedAt);

/// <summary>
/// A pool's ledger: pledged, available, reserved and paid, in total, per funding stream and per member, with the
/// reservations and payments behind them. Invariants (checked on every change): available ≥ 0, reserved ≥ 0,
/// pledged = available + reserved + paid; every payment traces to a contract, an invoice and a transfer.
/// <para>
/// Members' funding streams are their own (DESIGN.md, Pools): a member reading the ledger sees the stream of their own
/// lines only, and the totals per stream only when every stream holding money has at least
/// <see cref="MinimumContributorsPerStream"/> contributors — all or none, since one stream left out could be worked out
/// from the total and the others. <c>fundingStreamsWithheld</c> then says why the list is empty. Council staff see everything.
/// </para>
/// </summary>
public sealed record LedgerView(
    Guid PoolId,
    string PoolName,
    PoolStatus Status,
    DateTimeOffset? AsOf,
    string Currency,
    LedgerFigures Totals,
    IReadOnlyList<FundingStreamLedger> FundingStreams,
    bool FundingStreamsWithheld,
    IReadOnlyList<MemberLedgerLine> Members,
    IReadOnlyList<ReservationLine> Reservations,
    IReadOnlyList<PaymentLine> Payments)
{
    public const int MinimumContributorsPerStream = 3;

    /// <summary>The ledger as <paramref name="reader"/> may see it: everything for council staff, or a member's view with their own lines identified.</summary>
    public static LedgerView From(Pool pool, DateTimeOffset? asOf, LedgerReader reader)
    {
        var pledges = pool.Pledges.Values.OrderBy(p => p.JoinedAt).ThenBy(p => p.MemberId).ToList();
        bool Identified(Guid member) => reader.IsCouncilStaff || reader.Own.Contains(member);
        // A stream holding money (live or conditional) with fewer contributors than the minimum would point at its members.
        var streams = pledges.GroupBy(p => p.FundingStream).Where(g => g.Sum(MoneyIn) > 0).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var withheld = !reader.IsCouncilStaff && streams.Any(g => g.Count(p => MoneyIn(p) > 0) < MinimumContributorsPerStream);
        return new LedgerView(
            pool.Id,
            pool.Name,
            pool.Status,
            asOf,
            Money.Currency,
            new LedgerFigures(pledges.Sum(p => p.LiveAmount), pledges.Sum(p => p.Available), pledges.Sum(p => p.Reserved), pledges.Sum(p => p.Paid)),
            withheld
                ? []
                : streams.Select(g => new FundingStreamLedger(g.Key, g.Sum(p => p.LiveAmount), g.Sum(p => p.Available), g.Sum(p => p.Reserved), g.Sum(p => p.Paid)))
                    .ToList(),
            withheld,
            pledges.Select(p => new MemberLedgerLine(
                Identified(p.MemberId) ? p.MemberId : null, p.Pseudonym, Identified(p.MemberId) ? p.FundingStream : null, p.BudgetYear, p.Status,
                p.LiveAmount, p.Available, p.Reserved, p.Paid, ConditionalAmount(p))).ToList(),
            pool.Reservations.Values.OrderBy(r => r.ReservedAt).ThenBy(r => r.ContractId)
                .Select(r => new ReservationLine(r.ContractId, r.Amount, r.Remaining, r.Paid, r.Released, r.ReservedAt)).ToList(),
            pool.Payments.Values.OrderBy(p => p.RecordedAt).ThenBy(p => p.PaymentId)
                .Select(p => new PaymentLine(p.PaymentId, p.ContractId, p.InvoiceId, p.TransferId, p.Amount, p.Reversed, p.RecordedAt)).ToList());
    }

    private static long ConditionalAmount(Pledge pledge) => pledge.Status == PledgeStatus.Conditional ? pledge.Amount : 0;

    private static long MoneyIn(Pledge pledge) => pledge.LiveAmount + ConditionalAmount(pledge);
}

/// <summary>Who reads a ledger: council staff, or a member (or representative) with the members they are.</summary>
public sealed record LedgerReader(bool IsCouncilStaff, IReadOnlyCollection<Guid> Own)
{
    public static readonly LedgerReader CouncilStaff = new(true, []);
}
