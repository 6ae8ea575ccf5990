using Brokerage.Members.Api.Members.AllocatingBudget;
using Brokerage.Members.Api.Members.ReassessingBudget;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.ServiceDefaults;
using JasperFx;
using JasperFx.Events;

namespace Brokerage.Members.Api.ReadModels;

/// <summary>A member's allocations per budget year and funding stream, each with its full history (reasons included: Members only).</summary>
public sealed record AllocationsView([property: Identity] Guid MemberId, IReadOnlyList<AllocationEntry> Allocations)
{
    public static AllocationsView Create(MemberRegistered e) => new(e.MemberId, []);

    public AllocationsView Apply(BudgetAllocated e, IEvent stored) => this with
    {
        Allocations =
        [
            .. Allocations,
            new AllocationEntry(e.BudgetYear, e.FundingStream, e.Amount, e.Currency,
                [new AllocationChange("allocated", e.Amount, null, null, e.AllocatedAt, EventMetadata.Of(stored).UserId)]),
        ],
    };

    public AllocationsView Apply(BudgetReassessed e, IEvent stored) => this with
    {
        Allocations = Allocations
            .Select(a => a.BudgetYear == e.BudgetYear && a.FundingStream == e.FundingStream
                ? a with
                {
                    Amount = e.Amount,
                    History = [.. a.History, new AllocationChange("reassessed", e.Amount, e.PreviousAmount, e.Reason, e.ReassessedAt, EventMetadata.Of(stored).UserId)],
                }
                : a)
            .ToArray(),
    };

    public AllocationEntry? For(int budgetYear, string fundingStream) =>
        Allocations.FirstOrDefault(a => a.BudgetYear == budgetYear && a.FundingStream == fundingStream);
}

public sealed record AllocationEntry(int BudgetYear, string FundingStream, long Amount, string Currency, IReadOnlyList<AllocationChange> History);

/// <summary>One step of an allocation's history. <paramref name="RecordedBy"/> is the staff id from the token.</summary>
public sealed record AllocationChange(string Kind, long Amount, long? PreviousAmount, string? Reason, DateTimeOffset At, string? RecordedBy);
