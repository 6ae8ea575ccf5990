using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Brokerage.PooledFunds.Api.Pools;

public enum PoolStatus
{
    Proposed,
    Open,
    Active,
    WindingDown,
    Closed,
}

public enum PledgeStatus
{
    /// <summary>Goes live only when the pool is activated; holds no headroom until then.</summary>
    Conditional,

    /// <summary>Holds the member's headroom; its money is in the ledger.</summary>
    Live,

    /// <summary>The member left; what was paid from the pledge stays pledged for the record.</summary>
    Withdrawn,
}

/// <summary>A notice to lower (or withdraw) a pledge below what is reserved on the member's behalf.</summary>
public sealed record Notice(long Amount, bool Withdrawal, DateTimeOffset RecordedAt);

/// <summary>
/// A member's pledge to the pool and its ledger line. For a live pledge: Amount (pledged) = Available + Reserved + Paid.
/// </summary>
public sealed record Pledge(
    Guid MemberId,
    string Pseudonym,
    int BudgetYear,
    string FundingStream,
    long Amount,
    PledgeStatus Status,
    long Reserved,
    long Paid,
    Notice? Notice,
    DateTimeOffset JoinedAt)
{
    /// <summary>What the member's headroom holds for this pledge: nothing while conditional.</summary>
    [JsonIgnore]
    public long LiveAmount => Status == PledgeStatus.Conditional ? 0 : Amount;

    [JsonIgnore]
    public long Available => LiveAmount - Reserved - Paid;

    /// <summary>Counted as one of the pool's members (live or conditional, not withdrawn).</summary>
    [JsonIgnore]
    public bool IsMember => Status != PledgeStatus.Withdrawn;
}

/// <summary>Funds reserved for one contract; <see cref="Shares"/> is what is still reserved per member.</summary>
public sealed record Reservation(Guid ContractId, long Amount, ImmutableDictionary<Guid, long> Shares, long Paid, bool Released, DateTimeOffset ReservedAt)
{
    [JsonIgnore]
    public long Remaining => Shares.Values.Sum();
}

/// <summary>The outcome of one AdjustReservation: the reservation's amount and unpaid remainder then, or why it was refused.</summary>
public sealed record AdjustmentOutcome(Guid ContractId, long Amount, long Reserved, string? Rejection, DateTimeOffset At);

/// <summary>
/// A payment; <paramref name="Reversed"/> is how much of its transfer the payment provider has reversed since, and
/// <paramref name="Shares"/> what each member still has paid through it.
/// </summary>
public sealed record Payment(
    Guid PaymentId, Guid ContractId, Guid InvoiceId, string TransferId, long Amount, ImmutableDictionary<Guid, long> Shares, DateTimeOffset RecordedAt,
    long Reversed = 0);

/// <summary>A pool's state: its description, governance, lifecycle, pledges and ledger (stream id = pool id).</summary>
public sealed record Pool(
    Guid Id,
    string CouncilId,
    string Name,
    string Purpose,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> FundingStreams,
    Governance Governance,
    string Rules,
    PoolStatus Status,
    string ProposedBy,
    Guid? ProposedForMember,
    DateTimeOffset ProposedAt,
    ImmutableDictionary<Guid, Pledge> Pledges,
    ImmutableDictionary<Guid, Reservation> Reservations,
    ImmutableDictionary<Guid, Payment> Payments,
    ImmutableDictionary<Guid, string> RejectedReservations,
    ImmutableDictionary<Guid, AdjustmentOutcome>? AdjustmentOutcomes = null)
{
    /// <summary>Every AdjustReservation decided, by adjustment id.</summary>
    [JsonIgnore]
    public ImmutableDictionary<Guid, AdjustmentOutcome> Adjustments => AdjustmentOutcomes ?? ImmutableDictionary<Guid, AdjustmentOutcome>.Empty;

    public bool Accepts(string fundingStream) => FundingStreams.Contains(fundingStream, StringComparer.Ordinal);

    public Pledge? PledgeOf(Guid memberId) => Pledges.GetValueOrDefault(memberId);

    [JsonIgnore]
    public int MemberCount => Pledges.Values.Count(p => p.IsMember);

    /// <summary>Live plus conditional pledges of current members: what counts towards the target at activation.</summary>
    [JsonIgnore]
    public long PledgedIncludingConditional => Pledges.Values.Where(p => p.IsMember).Sum(p => p.Amount);

    [JsonIgnore]
    public long Available => Pledges.Values.Sum(p => p.Available);

    [JsonIgnore]
    public long Reserved => Pledges.Values.Sum(p => p.Reserved);

    public static Pool Create(PoolProposed e) => new(
        e.PoolId, e.CouncilId, e.Name, e.Purpose, e.Outcomes, e.FundingStreams, e.Governance, e.Rules, PoolStatus.Proposed,
        e.ProposedBy, e.ProposedForMember, e.ProposedAt, ImmutableDictionary<Guid, Pledge>.Empty, ImmutableDictionary<Guid, Reservation>.Empty,
        ImmutableDictionary<Guid, Payment>.Empty, ImmutableDictionary<Guid, string>.Empty);

    public Pool Apply(PoolOpened e) => this with { Status = PoolStatus.Open };

    public Pool Apply(PoolActivated e) => this with { Status = PoolStatus.Active };

    public Pool Apply(PoolWindingDown e) => this with { Status = PoolStatus.WindingDown };

    public Pool Apply(PoolClosed e) => this with { Status = PoolStatus.Closed };

    public Pool Apply(PledgeMade e)
    {
        var earlierPaid = PledgeOf(e.MemberId)?.Paid ?? 0;
        var pledge = new Pledge(
            e.MemberId, e.Pseudonym, e.BudgetYear, e.FundingStream, earlierPaid + e.Amount,
            e.Conditional ? PledgeStatus.Conditional : PledgeStatus.Live, 0, earlierPaid, null, e.MadeAt);
        return WithPledge(pledge);
    }

    public Pool Apply(PledgeRaised e) => Change(e.MemberId, p => p with { Amount = e.Amount, Notice = null });

    public Pool Apply(PledgeLowered e) => Change(e.MemberId, p => p with
    {
        Amount = e.Amount,
        Notice = e.ByNotice && p.Notice is { } notice && notice.Amount < e.Amount ? notice : null,
    });

    public Pool Apply(PledgeWithdrawn e) => Change(e.MemberId, p => p with { Amount = e.RemainingAmount, Status = PledgeStatus.Withdrawn, Notice = null });

    public Pool Apply(NoticeRecorded e) => Change(e.MemberId, p => p with { Notice = new Notice(e.Amount, e.Withdrawal, e.RecordedAt) });

    public Pool Apply(PledgeWentLive e) => Change(e.MemberId, p => p with { Status = PledgeStatus.Live });

    public Pool Apply(SurplusReturned e) => Change(e.MemberId, p => p with { Amount = p.Amount - e.Amount, Status = PledgeStatus.Withdrawn, Notice = null });

    public Pool Apply(ConditionalPledgeLapsed e) => Change(e.MemberId, p => p with { Amount = 0, Status = PledgeStatus.Withdrawn, Notice = null });

    public Pool Apply(ContractFundsReserved e)
    {
        var pool = this;
        foreach (var share in e.Shares)
        {
            pool = pool.Change(share.MemberId, p => p with { Reserved = p.Reserved + share.Amount });
        }

        var shares = e.Shares.Where(s => s.Amount > 0).ToImmutableDictionary(s => s.MemberId, s => s.Amount);
        return pool with { Reservations = pool.Reservations.SetItem(e.ContractId, new Reservation(e.ContractId, e.Amount, shares, 0, false, e.ReservedAt)) };
    }

    public Pool Apply(ContractReservationRejected e) => this with { RejectedReservations = RejectedReservations.SetItem(e.ContractId, e.Reason) };

    public Pool Apply(ContractReservationReleased e)
    {
        var pool = this;
        foreach (var share in e.Shares)
        {
            pool = pool.Change(share.MemberId, p => p with { Reserved = p.Reserved - share.Amount });
        }

        var reservation = pool.Reservations[e.ContractId];
        var left = reservation.Shares;
        foreach (var share in e.Shares)
        {
            left = left.SetItem(share.MemberId, left.GetValueOrDefault(share.MemberId) - share.Amount);
        }

        return pool with
        {
            Reservations = pool.Reservations.SetItem(e.ContractId, reservation with { Shares = WithoutZeros(left), Released = true }),
        };
    }

    public Pool Apply(ContractReservationAdjusted e)
    {
        var pool = this;
        var left = pool.Reservations[e.ContractId].Shares;
        foreach (var share in e.Added)
        {
            pool = pool.Change(share.MemberId, p => p with { Reserved = p.Reserved + share.Amount });
            left = left.SetItem(share.MemberId, left.GetValueOrDefault(share.MemberId) + share.Amount);
        }

        foreach (var share in e.Released)
        {
            pool = pool.Change(share.MemberId, p => p with { Reserved = p.Reserved - share.Amount });
            left = left.SetItem(share.MemberId, left.GetValueOrDefault(share.MemberId) - share.Amount);
        }

        var reservation = pool.Reservations[e.ContractId] with { Amount = e.Amount, Shares = WithoutZeros(left) };
        return pool with
        {
            Reservations = pool.Reservations.SetItem(e.ContractId, reservation),
            AdjustmentOutcomes = pool.Adjustments.SetItem(
                e.AdjustmentId, new AdjustmentOutcome(e.ContractId, e.Amount, reservation.Remaining, null, e.AdjustedAt)),
        };
    }

    public Pool Apply(ContractReservationAdjustmentRejected e) => this with
    {
        AdjustmentOutcomes = Adjustments.SetItem(
            e.AdjustmentId,
            new AdjustmentOutcome(e.ContractId, e.Amount, Reservations.GetValueOrDefault(e.ContractId)?.Remaining ?? 0, e.Reason, e.RejectedAt)),
    };

    public Pool Apply(ContractPaymentRecorded e)
    {
        var pool = this;
        foreach (var share in e.Shares)
        {
            pool = pool.Change(share.MemberId, p => p with { Reserved = p.Reserved - share.Amount, Paid = p.Paid + share.Amount });
        }

        var reservation = pool.Reservations[e.ContractId];
        var left = reservation.Shares;
        foreach (var share in e.Shares)
        {
            left = left.SetItem(share.MemberId, left.GetValueOrDefault(share.MemberId) - share.Amount);
        }

        var shares = e.Shares.Where(s => s.Amount > 0).ToImmutableDictionary(s => s.MemberId, s => s.Amount);
        return pool with
        {
            Reservations = pool.Reservations.SetItem(e.ContractId, reservation with { Shares = WithoutZeros(left), Paid = reservation.Paid + e.Amount }),
            Payments = pool.Payments.SetItem(e.PaymentId, new Payment(e.PaymentId, e.ContractId, e.InvoiceId, e.TransferId, e.Amount, shares, e.RecordedAt)),
        };
    }

    public Pool Apply(ContractPaymentReversed e)
    {
        var pool = this;
        foreach (var share in e.Shares)
        {
            pool = pool.Change(share.MemberId, p => p with { Reserved = p.Reserved + share.Amount, Paid = p.Paid - share.Amount });
        }

        var reservation = pool.Reservations[e.ContractId];
        var back = reservation.Shares;
        foreach (var share in e.Shares.Where(s => s.Amount > 0))
        {
            back = back.SetItem(share.MemberId, back.GetValueOrDefault(share.MemberId) + share.Amount);
        }

        // The payment's shares are what each member still has paid through it, so a second reversal splits what is left.
        var payment = pool.Payments[e.PaymentId];
        var paid = payment.Shares;
        foreach (var share in e.Shares)
        {
            paid = paid.SetItem(share.MemberId, paid.GetValueOrDefault(share.MemberId) - share.Amount);
        }

        return pool with
        {
            // Reversed money is the contract's again; a released reservation holds it once more until the broker releases it.
            Reservations = pool.Reservations.SetItem(e.ContractId, reservation with
            {
                Shares = back,
                Paid = reservation.Paid - e.Amount,
                Amount = reservation.Released ? reservation.Paid : reservation.Amount,
                Released = false,
            }),
            Payments = pool.Payments.SetItem(e.PaymentId, payment with { Reversed = payment.Reversed + e.Amount, Shares = WithoutZeros(paid) }),
        };
    }

    public static Pool? Fold(IEnumerable<object> events)
    {
        Pool? pool = null;
        foreach (var e in events)
        {
            pool = pool is null ? Create((PoolProposed)e) : pool.Evolve(e);
        }

        return pool;
    }

    private Pool WithPledge(Pledge pledge) => this with { Pledges = Pledges.SetItem(pledge.MemberId, pledge) };

    private Pool Change(Guid memberId, Func<Pledge, Pledge> change) =>
        Pledges.TryGetValue(memberId, out var pledge)
            ? WithPledge(change(pledge))
            : throw new LedgerInvariantViolated($"An event names member {memberId}, who has no pledge in pool {Id}.");

    private static ImmutableDictionary<Guid, long> WithoutZeros(ImmutableDictionary<Guid, long> shares) =>
        shares.Where(s => s.Value != 0).ToImmutableDictionary();
}

public static class PoolEvolution
{
    /// <summary>The state after <paramref name="e"/> (the same Apply methods Marten's generated evolver calls, for deciding and testing in memory).</summary>
    /// <remarks>An extension, not a member: Marten's evolver generator would take an instance Evolve(object) for the whole fold, Create event included.</remarks>
    public static Pool Evolve(this Pool pool, object e) => e switch
    {
        PoolOpened x => pool.Apply(x),
        PoolActivated x => pool.Apply(x),
        PoolWindingDown x => pool.Apply(x),
        PoolClosed x => pool.Apply(x),
        PledgeMade x => pool.Apply(x),
        PledgeRaised x => pool.Apply(x),
        PledgeLowered x => pool.Apply(x),
        PledgeWithdrawn x => pool.Apply(x),
        NoticeRecorded x => pool.Apply(x),
        PledgeWentLive x => pool.Apply(x),
        SurplusReturned x => pool.Apply(x),
        ConditionalPledgeLapsed x => pool.Apply(x),
        ContractFundsReserved x => pool.Apply(x),
        ContractReservationRejected x => pool.Apply(x),
        ContractReservationReleased x => pool.Apply(x),
        ContractReservationAdjusted x => pool.Apply(x),
        ContractReservationAdjustmentRejected x => pool.Apply(x),
        ContractPaymentRecorded x => pool.Apply(x),
        ContractPaymentReversed x => pool.Apply(x),
        _ => throw new ArgumentException($"The pool has no Apply for {e.GetType().Name}.", nameof(e)),
    };
}
