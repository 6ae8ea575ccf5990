namespace Brokerage.Portal.Govuk;

/// <summary>A date as the GOV.UK date input asks for it: day, month and year boxes, read as typed.</summary>
public sealed class DateParts
{
    public string? Day { get; set; }

    public string? Month { get; set; }

    public string? Year { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);

    public static DateParts From(DateOnly date) => new() { Day = date.Day.ToString(), Month = date.Month.ToString(), Year = date.Year.ToString() };

    /// <summary>The date, or the GOV.UK message saying what is wrong with it (<paramref name="what"/> e.g. "the date to see the ledger on").</summary>
    public (DateOnly? Date, string? Error) Read(string what)
    {
        if (IsEmpty)
        {
            return (null, $"Enter {what}");
        }

        var missing = new[] { (Day, "day"), (Month, "month"), (Year, "year") }.Where(p => string.IsNullOrWhiteSpace(p.Item1)).Select(p => p.Item2).ToList();
        if (missing.Count > 0)
        {
            return (null, $"{Capital(what)} must include a {string.Join(" and a ", missing)}");
        }

        if (int.TryParse(Day, out var d) && int.TryParse(Month, out var m) && int.TryParse(Year, out var y) &&
            y is >= 1900 and <= 2200 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            return (new DateOnly(y, m, d), null);
        }

        return (null, $"{Capital(what)} must be a real date");
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
