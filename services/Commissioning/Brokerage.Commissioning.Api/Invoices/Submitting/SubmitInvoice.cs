using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.ServiceDefaults;

namespace Brokerage.Commissioning.Api.Invoices;

/// <param name="ScheduledAmount">What the schedule said the period was worth when it was invoiced.</param>
/// <param name="Reason">Why less than the scheduled amount is invoiced; null when it is the whole amount.</param>
public sealed record InvoiceSubmitted(
    Guid InvoiceId, Guid ContractId, string CouncilId, Guid PoolId, Guid ProviderId, int PeriodNumber, DateOnly PeriodStart, DateOnly PeriodEnd,
    long Amount, string Currency, long ScheduledAmount, string? Reason, string Delivered, string Reference, string SubmittedBy, DateTimeOffset SubmittedAt);

/// <param name="Delivered">What was delivered in the period, in the provider's words.</param>
/// <param name="Reference">The provider's own invoice reference.</param>
public sealed record SubmitInvoice(
    Guid InvoiceId, int PeriodNumber, long Amount, string Currency, string? Reason, string Delivered, string Reference, InvoiceActor Actor, DateTimeOffset Now);

/// <summary>The invoice and the claim of its period, saved together.</summary>
public sealed record Submission(InvoiceSubmitted Submitted, InvoicePeriodClaimed Claimed);

public static partial class InvoiceDecisions
{
    /// <summary>
    /// The contracted provider invoices one period of an active contract's schedule: at most the period's amount (less with
    /// a reason), once per period unless the invoice holding it was withdrawn or rejected (<paramref name="claim"/>).
    /// </summary>
    public static Submission Handle(ServiceContract contract, InvoicedPeriod? claim, SubmitInvoice c)
    {
        if (c.Actor.Role != Roles.Provider || c.Actor.UserId != contract.ProviderId.ToString())
        {
            throw new NotTheContractedProvider();
        }

        if (contract.Status != ServiceContract.Active)
        {
            throw new ContractNotActive(contract.Status);
        }

        var period = contract.Schedule.FirstOrDefault(i => i.Number == c.PeriodNumber) ?? throw new NoSuchPeriod(c.PeriodNumber, contract.Schedule.Count);
        if (claim?.InvoiceId is { } holder)
        {
            throw new PeriodAlreadyInvoiced(c.PeriodNumber, holder);
        }

        if (c.Currency != contract.Currency)
        {
            throw new InvoiceCurrencyMismatch(contract.Currency);
        }

        if (c.Amount > period.Amount)
        {
            throw new InvoiceOverPeriodAmount(c.PeriodNumber, period.Amount);
        }

        if (c.Amount < period.Amount && c.Reason is null)
        {
            throw new ReasonRequiredForLess(period.Amount);
        }

        return new Submission(
            new InvoiceSubmitted(
                c.InvoiceId, contract.Id, contract.CouncilId, contract.PoolId, contract.ProviderId, period.Number, period.PeriodStart, period.PeriodEnd,
                c.Amount, contract.Currency, period.Amount, c.Amount < period.Amount ? c.Reason : null, c.Delivered, c.Reference, c.Actor.UserId, c.Now),
            new InvoicePeriodClaimed(contract.Id, period.Number, c.InvoiceId, c.Now));
    }
}
