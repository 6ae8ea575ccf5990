namespace Brokerage.Members.Api.Members.AllocatingBudget;

/// <summary>A broker allocates a member's budget for a budget year and funding stream, once; later changes are reassessments.</summary>
public sealed record AllocateBudget(Guid MemberId, int BudgetYear, string FundingStream, long Amount, string Currency, DateTimeOffset AllocatedAt)
{
    public static BudgetAllocated Handle(Member member, AllocateBudget command)
    {
        member.EnsureOpen();
        if (member.AllocationFor(command.BudgetYear, command.FundingStream) is not null)
        {
            throw new BudgetAlreadyAllocated(command.BudgetYear, command.FundingStream);
        }

        return new(command.MemberId, command.BudgetYear, command.FundingStream, command.Amount, command.Currency, command.AllocatedAt);
    }
}

public sealed record BudgetAllocated(Guid MemberId, int BudgetYear, string FundingStream, long Amount, string Currency, DateTimeOffset AllocatedAt);
