namespace Brokerage.Portal.Services.Models;

// What the Portal reads from Members (docs/api/members.md).

public sealed record BudgetStream(string FundingStream, long AllocatedAmount, long PledgedAmount, long HeadroomAmount, bool OverPledged, DateTimeOffset? PledgedAsOf);

public sealed record MemberBudget(Guid MemberId, int BudgetYear, DateOnly StartsOn, DateOnly EndsOn, IReadOnlyList<BudgetStream> Streams);
