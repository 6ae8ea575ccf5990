namespace Brokerage.Commissioning.Api.Calls;

/// <summary>The standstill period between the award and the contract.</summary>
public static class StandstillRules
{
    /// <summary>Public Contracts Regulations 2015: 10 calendar days.</summary>
    public const string Pcr2015 = "pcr-2015";

    /// <summary>Procurement Act 2023: 8 working days (Monday to Friday; bank holidays are not taken into account).</summary>
    public const string ProcurementAct2023 = "procurement-act-2023";

    public static IReadOnlyList<string> All { get; } = [Pcr2015, ProcurementAct2023];

    /// <summary>The moment the standstill ends: the same time of day, 10 calendar days or 8 working days after the award.</summary>
    public static DateTimeOffset EndsAt(string rule, DateTimeOffset awardedAt)
    {
        switch (rule)
        {
            case Pcr2015:
                return awardedAt.AddDays(10);
            case ProcurementAct2023:
                var end = awardedAt;
                var working = 0;
                while (working < 8)
                {
                    end = end.AddDays(1);
                    if (end.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                    {
                        working++;
                    }
                }

                return end;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), "Unknown standstill rule.");
        }
    }
}
