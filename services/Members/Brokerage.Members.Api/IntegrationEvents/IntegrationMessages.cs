using Brokerage.Members.Api.Members.AllocatingBudget;
using Brokerage.Members.Api.Members.AppointingRepresentative;
using Brokerage.Members.Api.Members.ClosingMembership;
using Brokerage.Members.Api.Members.CorrectingDetails;
using Brokerage.Members.Api.Members.EndingRepresentation;
using Brokerage.Members.Api.Members.GivingPoolingConsent;
using Brokerage.Members.Api.Members.ReassessingBudget;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.Members.Api.Members.WithdrawingPoolingConsent;
using Integration = Brokerage.Members.Contracts;

namespace Brokerage.Members.Api.IntegrationEvents;

/// <summary>
/// The one place where a domain event becomes the integration message other services see. Ids, money, dates and the
/// pseudonym only: never a name, contact details, a reassessment's reason or a support-plan outcome.
/// </summary>
public static class IntegrationMessages
{
    public static object? For(string councilId, object domainEvent) => domainEvent switch
    {
        MemberRegistered e => new Integration.MemberRegistered(e.MemberId, e.CouncilId, e.Pseudonym, e.RegisteredAt),
        MemberDetailsCorrected { Pseudonym: { } pseudonym } e => new Integration.MemberPseudonymChanged(e.MemberId, councilId, pseudonym, e.CorrectedAt),
        BudgetAllocated e => new Integration.BudgetAllocated(e.MemberId, councilId, e.BudgetYear, e.FundingStream, e.Amount, e.Currency, e.AllocatedAt),
        BudgetReassessed e => new Integration.BudgetReassessed(
            e.MemberId, councilId, e.BudgetYear, e.FundingStream, e.PreviousAmount, e.Amount, e.Currency, e.ReassessedAt),
        RepresentativeAppointed e => new Integration.RepresentativeAppointed(e.MemberId, councilId, e.RepresentativeId, e.Basis, e.AppointedAt),
        RepresentativeEnded e => new Integration.RepresentativeEnded(e.MemberId, councilId, e.RepresentativeId, e.EndedAt),
        PoolingConsentGiven e => new Integration.PoolingConsentGiven(e.MemberId, councilId, e.GivenAt),
        PoolingConsentWithdrawn e => new Integration.PoolingConsentWithdrawn(e.MemberId, councilId, e.WithdrawnAt),
        MemberClosed e => new Integration.MemberClosed(e.MemberId, councilId, e.ClosedAt),
        _ => null,
    };
}
