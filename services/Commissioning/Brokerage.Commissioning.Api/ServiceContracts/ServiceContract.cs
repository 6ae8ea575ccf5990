using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.ServiceContracts;

/// <summary>One monthly instalment of a contract's payment schedule: exact pence, the remainder on the last one.</summary>
public sealed record Instalment(int Number, DateOnly PeriodStart, DateOnly PeriodEnd, long Amount);

public sealed record ContractCommenced(
    Guid ContractId, Guid CallId, string CouncilId, Guid PoolId, Guid BidId, Guid ProviderId, string ProviderName, long AnnualPrice,
    string Currency, DateOnly StartDate, DateOnly EndDate, IReadOnlyList<Instalment> Schedule, DateTimeOffset StartedAt);

public sealed record ContractAmended(
    Guid ContractId, long AnnualPrice, DateOnly EndDate, IReadOnlyList<Instalment> Schedule, string Reason, string VariedBy, DateTimeOffset VariedAt);

/// <summary>
/// A variation that changes what the contract is worth waits for the pool: PooledFunds is asked to set the reservation to
/// the new total (<c>AdjustReservation</c>, correlated by <paramref name="AdjustmentId"/>); the terms change only once it has.
/// </summary>
public sealed record ContractVariationRequested(
    Guid ContractId, Guid AdjustmentId, long AnnualPrice, DateOnly EndDate, IReadOnlyList<Instalment> Schedule, string Reason, string VariedBy,
    DateTimeOffset RequestedAt);

/// <summary>The pool could not cover the variation (or refused it); the contract keeps its terms.</summary>
public sealed record ContractVariationRefused(Guid ContractId, Guid AdjustmentId, string Reason, DateTimeOffset RefusedAt);

public sealed record ContractTerminated(Guid ContractId, string Reason, string EndedBy, DateTimeOffset EndedAt);

/// <summary>An invoice of the contract was paid (a transfer to the provider): the contract's record of what it has paid, for OCDS.</summary>
public sealed record ContractPaymentMade(
    Guid ContractId, Guid InvoiceId, Guid PaymentId, int PeriodNumber, string TransferId, long Amount, string Currency, DateTimeOffset PaidAt);

/// <summary>The payment provider reversed a payment's transfer: recorded beside the payment, not in its place.</summary>
public sealed record ContractPaymentReversed(
    Guid ContractId, Guid InvoiceId, Guid PaymentId, string TransferId, long Amount, string Currency, DateTimeOffset ReversedAt);

/// <summary>One payment made under the contract, and its reversal if the payment provider reversed it.</summary>
public sealed record ContractPayment(
    Guid InvoiceId, Guid PaymentId, int PeriodNumber, string TransferId, long Amount, DateTimeOffset PaidAt, long? ReversedAmount = null,
    DateTimeOffset? ReversedAt = null);

/// <param name="AnnualPrice">Null keeps the current one.</param>
/// <param name="EndDate">Null keeps the current one.</param>
public sealed record VaryContract(long? AnnualPrice, DateOnly? EndDate, string Reason, string Broker, DateTimeOffset Now);

public sealed record EndContract(string Reason, string Broker, DateTimeOffset Now);

/// <summary>PooledFunds' answer to the pending variation's AdjustReservation: <paramref name="Refusal"/> is null when the funds are set.</summary>
public sealed record SettleVariation(Guid AdjustmentId, string? Refusal, DateTimeOffset Now);

/// <summary>A variation waiting for the pool to confirm the funds.</summary>
public sealed record PendingVariation(
    Guid AdjustmentId, long AnnualPrice, DateOnly EndDate, IReadOnlyList<Instalment> Schedule, string Reason, string VariedBy, DateTimeOffset RequestedAt)
{
    public long TotalAmount => Schedule.Sum(i => i.Amount);
}

/// <summary>The last variation the pool refused, for the broker to read.</summary>
public sealed record RefusedVariation(Guid AdjustmentId, long AnnualPrice, DateOnly EndDate, string Reason, DateTimeOffset RefusedAt);

/// <summary>A contract awarded from a call: active, varied (still active) or ended.</summary>
public sealed record ServiceContract(
    Guid Id, Guid CallId, string CouncilId, Guid PoolId, Guid BidId, Guid ProviderId, string ProviderName, long AnnualPrice, string Currency,
    DateOnly StartDate, DateOnly EndDate, IReadOnlyList<Instalment> Schedule, string Status, DateTimeOffset StartedAt,
    int Variations = 0, DateTimeOffset? EndedAt = null, string? EndReason = null, PendingVariation? Pending = null,
    RefusedVariation? LastRefused = null, IReadOnlyList<ContractPayment>? PaymentList = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<ContractPayment> Payments => PaymentList ?? [];

    public long TotalAmount => Schedule.Sum(i => i.Amount);

    public const string Active = "active";
    public const string Ended = "ended";

    public static ServiceContract Create(ContractCommenced e) => new(
        e.ContractId, e.CallId, e.CouncilId, e.PoolId, e.BidId, e.ProviderId, e.ProviderName, e.AnnualPrice, e.Currency,
        e.StartDate, e.EndDate, e.Schedule, Active, e.StartedAt);

    public ServiceContract Apply(ContractAmended e) =>
        this with { AnnualPrice = e.AnnualPrice, EndDate = e.EndDate, Schedule = e.Schedule, Variations = Variations + 1, Pending = null };

    public ServiceContract Apply(ContractVariationRequested e) =>
        this with { Pending = new PendingVariation(e.AdjustmentId, e.AnnualPrice, e.EndDate, e.Schedule, e.Reason, e.VariedBy, e.RequestedAt) };

    public ServiceContract Apply(ContractVariationRefused e) => this with
    {
        Pending = null,
        LastRefused = Pending is { } p ? new RefusedVariation(e.AdjustmentId, p.AnnualPrice, p.EndDate, e.Reason, e.RefusedAt) : LastRefused,
    };

    public ServiceContract Apply(ContractTerminated e) => this with { Status = Ended, EndedAt = e.EndedAt, EndReason = e.Reason, Pending = null };

    public ServiceContract Apply(ContractPaymentMade e) =>
        this with { PaymentList = [.. Payments, new ContractPayment(e.InvoiceId, e.PaymentId, e.PeriodNumber, e.TransferId, e.Amount, e.PaidAt)] };

    public ServiceContract Apply(ContractPaymentReversed e) => this with
    {
        PaymentList = Payments.Select(p => p.PaymentId == e.PaymentId ? p with { ReversedAmount = e.Amount, ReversedAt = e.ReversedAt } : p).ToArray(),
    };

    /// <summary>
    /// The last day of a term of <paramref name="months"/> months starting on <paramref name="start"/>: the day before the
    /// term's monthly anniversary, or, when that month is too short to have the start's day (a contract starting on the
    /// 31st), the month's last day. So "six months after the end date" is always a period end, as a broker would expect.
    /// </summary>
    public static DateOnly EndOf(DateOnly start, int months)
    {
        var anniversary = start.AddMonths(months);
        return anniversary.Day < start.Day ? anniversary : anniversary.AddDays(-1);
    }

    /// <summary>The first day of period <paramref name="number"/> (1-based): the day after the previous period's end.</summary>
    public static DateOnly PeriodStart(DateOnly start, int number) => EndOf(start, number - 1).AddDays(1);

    /// <summary>Monthly instalments of <paramref name="total"/> over <paramref name="months"/> periods from <paramref name="firstPeriod"/>.</summary>
    public static IReadOnlyList<Instalment> MonthlySchedule(DateOnly contractStart, int firstPeriod, int months, long total)
    {
        if (months <= 0)
        {
            return [];
        }

        var each = total / months;
        var remainder = total - each * months;
        return Enumerable.Range(firstPeriod, months).Select(i => new Instalment(
            i + 1, PeriodStart(contractStart, i + 1), EndOf(contractStart, i + 1), each + (i == firstPeriod + months - 1 ? remainder : 0))).ToArray();
    }

    /// <summary>
    /// A variation that keeps the contract's total value takes effect at once (<see cref="ContractAmended"/>); one that
    /// changes it is requested (<see cref="ContractVariationRequested"/>) and waits for the pool to set the reservation to
    /// the new total, so the money reserved always matches what the contract may pay.
    /// </summary>
    public static object Handle(ServiceContract contract, VaryContract c, Guid adjustmentId)
    {
        var amended = Handle(contract, c);
        return amended.Schedule.Sum(i => i.Amount) == contract.TotalAmount
            ? amended
            : new ContractVariationRequested(
                contract.Id, adjustmentId, amended.AnnualPrice, amended.EndDate, amended.Schedule, amended.Reason, amended.VariedBy, amended.VariedAt);
    }

    /// <summary>The pool's answer to the pending variation: the new terms take effect, or the refusal is recorded. Nothing for another or a settled adjustment.</summary>
    public static object? Handle(ServiceContract contract, SettleVariation c)
    {
        if (contract.Pending is not { } pending || pending.AdjustmentId != c.AdjustmentId || contract.Status != Active)
        {
            return null;
        }

        return c.Refusal is { } reason
            ? new ContractVariationRefused(contract.Id, c.AdjustmentId, reason, c.Now)
            : new ContractAmended(contract.Id, pending.AnnualPrice, pending.EndDate, pending.Schedule, pending.Reason, pending.VariedBy, c.Now);
    }

    public static ContractAmended Handle(ServiceContract contract, VaryContract c)
    {
        if (contract.Status != Active)
        {
            throw new ContractNotActive(contract.Status);
        }

        if (contract.Pending is not null)
        {
            throw new VariationPending();
        }

        if (c.AnnualPrice is null && c.EndDate is null)
        {
            throw new NothingToVary();
        }

        var today = DateOnly.FromDateTime(c.Now.UtcDateTime);
        var endDate = c.EndDate ?? contract.EndDate;
        var months = Enumerable.Range(1, 1200).FirstOrDefault(n => EndOf(contract.StartDate, n) >= endDate);
        if (months == 0 || EndOf(contract.StartDate, months) != endDate || (c.EndDate is not null && endDate < today))
        {
            // Name the period ends either side of the date asked for (none before today), so the broker can pick one.
            var firstOpen = Enumerable.Range(1, 1200).First(n => EndOf(contract.StartDate, n) >= today);
            var after = Math.Max(months == 0 ? 1200 : EndOf(contract.StartDate, months) == endDate ? months + 1 : months, firstOpen);
            var before = after - 1 >= firstOpen ? EndOf(contract.StartDate, after - 1) : (DateOnly?)null;
            throw new EndDateNotOnPeriodBoundary(before, EndOf(contract.StartDate, after));
        }

        // Periods that have begun keep their amounts; the rest are the new annual price over the remaining months.
        var annual = c.AnnualPrice ?? contract.AnnualPrice;
        var kept = contract.Schedule.Where(i => i.PeriodStart <= today && i.Number <= months).ToArray();
        var remaining = months - kept.Length;
        var rest = MonthlySchedule(contract.StartDate, kept.Length, remaining, Calls.Evaluation.ContractValue(annual, remaining));
        return new ContractAmended(contract.Id, annual, endDate, [.. kept, .. rest], c.Reason, c.Broker, c.Now);
    }

    public static ContractTerminated Handle(ServiceContract contract, EndContract c)
    {
        if (contract.Status != Active)
        {
            throw new ContractNotActive(contract.Status);
        }

        return new ContractTerminated(contract.Id, c.Reason, c.Broker, c.Now);
    }
}
