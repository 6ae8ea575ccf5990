using Brokerage.PooledFunds.Api.Pools;
using Brokerage.ServiceDefaults;

namespace Brokerage.PooledFunds.Api.ReadModels;

public sealed record LedgerFigures(long Pledged, long Available, long Reserved, long Paid);

public sealed record FundingStreamLedger(string FundingStream, long Pledged, long Available, long Reserved, long Paid);

/// <summary>
/// One member's line. <c>memberId</c> is shown to council staff and for the caller's own lines (or those of members they
/// represent); other members appear by pseudonym only. <c>conditionalAmount</c> is pledged on condition and not yet money.
/// </summary>
public sealed record MemberLedgerLine(
    Guid? MemberId, string Pseudonym, string FundingStream, int BudgetYear, PledgeStatus Status,
    long Pledged, long Available, long Reserved, long Paid, long ConditionalAmount);

public sealed record ReservationLine(Guid ContractId, long Amount, long Reserved, long Paid, bool Released, DateTimeOffset ReservedAt);

public sealed record PaymentLine(Guid PaymentId, Guid ContractId, Guid InvoiceId, string TransferId, long Amount, DateTimeOffset RecordedAt);

/// <summary>
/// A pool's ledger: pledged, available, reserved and paid, in total, per funding stream and per member, with the
/// reservations and payments behind them. Invariants (checked on every change): available ≥ 0, reserved ≥ 0,
/// pledged = available + reserved + paid; every payment traces to a contract, an invoice and a transfer.
/// </summary>
public sealed record LedgerView(
    Guid PoolId,
    string PoolName,
    PoolStatus Status,
    DateTimeOffset? AsOf,
    string Currency,
    LedgerFigures Totals,
    IReadOnlyList<FundingStreamLedger> FundingStreams,
    IReadOnlyList<MemberLedgerLine> Members,
    IReadOnlyList<ReservationLine> Reservations,
    IReadOnlyList<PaymentLine> Payments)
{
    public static LedgerView From(Pool pool, DateTimeOffset? asOf, Func<Guid, bool> mayIdentify)
    {
        var pledges = pool.Pledges.Values.OrderBy(p => p.JoinedAt).ThenBy(p => p.MemberId).ToList();
        return new LedgerView(
            pool.Id,
            pool.Name,
            pool.Status,
            asOf,
            Money.Currency,
            new LedgerFigures(pledges.Sum(p => p.LiveAmount), pledges.Sum(p => p.Available), pledges.Sum(p => p.Reserved), pledges.Sum(p => p.Paid)),
            pledges.GroupBy(p => p.FundingStream).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new FundingStreamLedger(g.Key, g.Sum(p => p.LiveAmount), g.Sum(p => p.Available), g.Sum(p => p.Reserved), g.Sum(p => p.Paid)))
                .ToList(),
            pledges.Select(p => new MemberLedgerLine(
                mayIdentify(p.MemberId) ? p.MemberId : null, p.Pseudonym, p.FundingStream, p.BudgetYear, p.Status,
                p.LiveAmount, p.Available, p.Reserved, p.Paid, p.Status == PledgeStatus.Conditional ? p.Amount : 0)).ToList(),
            pool.Reservations.Values.OrderBy(r => r.ReservedAt).ThenBy(r => r.ContractId)
                .Select(r => new ReservationLine(r.ContractId, r.Amount, r.Remaining, r.Paid, r.Released, r.ReservedAt)).ToList(),
            pool.Payments.Values.OrderBy(p => p.RecordedAt).ThenBy(p => p.PaymentId)
                .Select(p => new PaymentLine(p.PaymentId, p.ContractId, p.InvoiceId, p.TransferId, p.Amount, p.RecordedAt)).ToList());
    }
}
