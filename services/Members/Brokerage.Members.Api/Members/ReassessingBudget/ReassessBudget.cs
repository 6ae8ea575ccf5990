namespace Brokerage.Members.Api.Members.ReassessingBudget;

/// <summary>
/// A broker changes an existing allocation after a reassessment. The reason is health-related: it stays in this
/// stream and the member's history, never in a message, a log line or an error.
/// </summary>
public sealed record ReassessBudget(Guid MemberId, int BudgetYear, string FundingStream, long Amount, string Currency, string Reason, DateTimeOffset ReassessedAt)
{
    public static BudgetReassessed Handle(Member member, ReassessBudget command)
    {
        member.EnsureOpen();
        var previous = member.AllocationFor(command.BudgetYear, command.FundingStream) ?? throw new NoAllocationToReassess();
        return new(command.MemberId, command.BudgetYear, command.FundingStream, previous, command.Amount, command.Currency, command.Reason, command.ReassessedAt);
    }
}

public sealed record BudgetReassessed(
    Guid MemberId, int BudgetYear, string FundingStream, long PreviousAmount, long Amount, string Currency, string Reason, DateTimeOffset ReassessedAt);
