using System.Text.Json.Serialization;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.ServiceDefaults;

namespace Brokerage.Commissioning.Api.Invoices;

// An invoice's `delivered` text and a dispute's reason may hold health information: they stay in this service's database
// and its API answers to the provider, the pool's members and council staff; never in a message, a log line or an error text.

/// <summary>The states an invoice can be in, as the API shows them.</summary>
public static class InvoiceStatus
{
    public const string Submitted = "submitted";
    public const string Disputed = "disputed";

    /// <summary>Approved (a confirmation or an overruled dispute) and <c>PayInvoice</c> sent: waiting for PooledFunds.</summary>
    public const string Paying = "paying";
    public const string Paid = "paid";
    public const string Failed = "failed";

    /// <summary>Paid, then the payment provider reversed the transfer: recorded, not hidden.</summary>
    public const string Reversed = "reversed";
    public const string Rejected = "rejected";
    public const string Withdrawn = "withdrawn";

    /// <summary>States in which the invoice no longer holds its period: the provider may invoice it again.</summary>
    public static bool FreesPeriod(string status) => status is Rejected or Withdrawn;
}

/// <summary>Who acts on an invoice: the token's role and subject, and the member a member or representative acts for.</summary>
public sealed record InvoiceActor(string Role, string UserId, Guid? MemberId = null)
{
    public bool IsBroker => Role == Roles.Broker;

    public bool SpeaksForMember => Role is Roles.Member or Roles.Representative && MemberId is not null;
}

/// <summary>One thing that happened to an invoice: what, when, by whom (role, the member acted for, the user) and why.</summary>
/// <param name="Step">submitted, withdrawn, confirmed, disputed, dispute-upheld, dispute-overruled, approved, rejected,
/// payment-retried, paid, payment-failed or reversed.</param>
public sealed record InvoiceStep(string Step, DateTimeOffset At, string ByRole, Guid? MemberId = null, string? UserId = null, string? Reason = null);

public sealed record InvoiceReversal(string TransferId, long Amount, DateTimeOffset ReversedAt);

/// <summary>A provider's invoice for one period of a contract's payment schedule, and what became of it.</summary>
public sealed record Invoice(
    Guid Id,
    Guid ContractId,
    string CouncilId,
    Guid PoolId,
    Guid ProviderId,
    int PeriodNumber,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    long Amount,
    string Currency,
    long ScheduledAmount,
    string? Reason,
    string Delivered,
    string Reference,
    string Status,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<InvoiceStep> Steps,
    Guid? PaymentId = null,
    string? TransferId = null,
    DateTimeOffset? PaidAt = null,
    string? FailureReason = null,
    InvoiceReversal? Reversal = null)
{
    /// <summary>The payment provider, as the author of a payment's steps.</summary>
    public const string PaymentProvider = "payment-provider";

    [JsonIgnore]
    public bool IsPaid => PaidAt is not null;

    public static Invoice Create(InvoiceSubmitted e) => new(
        e.InvoiceId, e.ContractId, e.CouncilId, e.PoolId, e.ProviderId, e.PeriodNumber, e.PeriodStart, e.PeriodEnd, e.Amount, e.Currency,
        e.ScheduledAmount, e.Reason, e.Delivered, e.Reference, InvoiceStatus.Submitted, e.SubmittedAt,
        [new InvoiceStep("submitted", e.SubmittedAt, Roles.Provider, UserId: e.SubmittedBy, Reason: e.Reason)]);

    public Invoice Apply(InvoiceWithdrawn e) => Step(InvoiceStatus.Withdrawn, new("withdrawn", e.WithdrawnAt, Roles.Provider, UserId: e.WithdrawnBy));

    public Invoice Apply(DeliveryConfirmed e) => Step(Status, new("confirmed", e.ConfirmedAt, e.Role, e.MemberId, e.ConfirmedBy));

    public Invoice Apply(DeliveryDisputed e) =>
        Step(InvoiceStatus.Disputed, new("disputed", e.DisputedAt, e.Role, e.MemberId, e.DisputedBy, e.Reason));

    public Invoice Apply(DisputeUpheld e) => Step(InvoiceStatus.Rejected, new("dispute-upheld", e.DecidedAt, Roles.Broker, UserId: e.DecidedBy, Reason: e.Reason));

    public Invoice Apply(DisputeOverruled e) => Step(Status, new("dispute-overruled", e.DecidedAt, Roles.Broker, UserId: e.DecidedBy, Reason: e.Reason));

    public Invoice Apply(InvoiceApproved e) =>
        Step(InvoiceStatus.Paying, new("approved", e.ApprovedAt, e.ApprovedByRole, UserId: e.ApprovedBy)) with { PaymentId = e.PaymentId };

    public Invoice Apply(InvoiceRejected e) => Step(InvoiceStatus.Rejected, new("rejected", e.RejectedAt, Roles.Broker, UserId: e.RejectedBy, Reason: e.Reason));

    public Invoice Apply(PaymentRetried e) =>
        Step(InvoiceStatus.Paying, new("payment-retried", e.RetriedAt, Roles.Broker, UserId: e.RetriedBy)) with { FailureReason = null };

    // A reversal that overtook its payment keeps the invoice reversed: the transfer existed and was taken back.
    public Invoice Apply(PaymentMade e) => Step(Reversal is null ? InvoiceStatus.Paid : InvoiceStatus.Reversed, new("paid", e.PaidAt, PaymentProvider))
        with { TransferId = e.TransferId, PaidAt = e.PaidAt, FailureReason = null };

    public Invoice Apply(PaymentFailed e) => Step(InvoiceStatus.Failed, new("payment-failed", e.FailedAt, PaymentProvider, Reason: e.Reason)) with { FailureReason = e.Reason };

    public Invoice Apply(PaymentTransferReversed e) => Step(InvoiceStatus.Reversed, new("reversed", e.ReversedAt, PaymentProvider))
        with { TransferId = TransferId ?? e.TransferId, Reversal = new InvoiceReversal(e.TransferId, e.Amount, e.ReversedAt) };

    /// <summary>The state after <paramref name="e"/>, for a writer that answers with the state it just decided.</summary>
    public Invoice After(object e) => e switch
    {
        InvoiceWithdrawn x => Apply(x),
        DeliveryConfirmed x => Apply(x),
        DeliveryDisputed x => Apply(x),
        DisputeUpheld x => Apply(x),
        DisputeOverruled x => Apply(x),
        InvoiceApproved x => Apply(x),
        InvoiceRejected x => Apply(x),
        PaymentRetried x => Apply(x),
        PaymentMade x => Apply(x),
        PaymentFailed x => Apply(x),
        PaymentTransferReversed x => Apply(x),
        _ => throw new ArgumentException($"An invoice does not change on {e.GetType().Name}.", nameof(e)),
    };

    private Invoice Step(string status, InvoiceStep step) => this with { Status = status, Steps = [.. Steps, step] };
}

/// <summary>The invoice's decisions: pure functions of its state (and the contract's or pool's) and a command.</summary>
public static partial class InvoiceDecisions
{
    private static void Require(Invoice invoice, string action, params string[] allowed)
    {
        if (!allowed.Contains(invoice.Status))
        {
            throw new InvoiceNotInState(invoice.Status, action);
        }
    }

    private static void RequireBroker(InvoiceActor actor, string action)
    {
        if (!actor.IsBroker)
        {
            throw new BrokersOnly(action);
        }
    }

    /// <summary>The approval that sends the invoice to be paid, under a new payment id.</summary>
    private static InvoiceApproved Approve(Invoice invoice, InvoiceActor actor, Guid paymentId, DateTimeOffset now) =>
        new(invoice.Id, paymentId, actor.Role, actor.UserId, now);

    /// <summary>True when <paramref name="e"/> ends the invoice's hold on its period (withdrawn, rejected, dispute upheld).</summary>
    public static bool FreesPeriod(object e) => e is InvoiceWithdrawn or InvoiceRejected or DisputeUpheld;

    /// <summary>What Commissioning asks PooledFunds to pay for an approved (or retried) invoice.</summary>
    public static Brokerage.PooledFunds.Contracts.PayInvoice PaymentOrder(Invoice invoice, DateTimeOffset requestedAt) => new(
        invoice.PaymentId ?? throw new InvalidOperationException("The invoice has no payment id: it was not approved."),
        invoice.Id, invoice.ContractId, invoice.PoolId, invoice.CouncilId, invoice.ProviderId, invoice.PeriodNumber, invoice.Amount,
        invoice.Currency, invoice.Reference, requestedAt);
}
