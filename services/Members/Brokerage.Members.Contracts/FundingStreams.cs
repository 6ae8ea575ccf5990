namespace Brokerage.Members.Contracts;

/// <summary>The funding streams a personal budget comes from (DESIGN.md §2, Budgets). Health money only goes to pools that accept it.</summary>
public static class FundingStreams
{
    public const string SocialCare = "social-care";

    /// <summary>A personal health budget (NHS).</summary>
    public const string Health = "health";

    public const string MentalHealth = "mental-health";

    public static IReadOnlyList<string> All { get; } = [SocialCare, Health, MentalHealth];

    public static bool IsKnown(string? stream) => stream is not null && All.Contains(stream, StringComparer.Ordinal);
}

/// <summary>A budget year runs 1 April to 31 March and is named by the calendar year it starts in (2026 = 1 Apr 2026 – 31 Mar 2027).</summary>
public static class BudgetYears
{
    public static int Containing(DateOnly date) => date.Month >= 4 ? date.Year : date.Year - 1;

    public static DateOnly StartOf(int budgetYear) => new(budgetYear, 4, 1);

    public static DateOnly EndOf(int budgetYear) => new(budgetYear + 1, 3, 31);

    /// <summary>Years a request may name: 2000 to 2100 keeps typos out without limiting real use.</summary>
    public static bool IsPlausible(int budgetYear) => budgetYear is >= 2000 and <= 2100;
}
