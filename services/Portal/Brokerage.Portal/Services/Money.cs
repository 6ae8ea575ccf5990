using System.Globalization;

namespace Brokerage.Portal.Services;

/// <summary>Money as people read and type it (pounds), and as the services keep it (integer pence).</summary>
public static class Money
{
    // The invariant culture writes money and dates as en-GB does (1,234.56; 3 December 2026), without ICU.
    private static readonly CultureInfo British = CultureInfo.InvariantCulture;

    /// <summary>£1,234.56; whole pounds keep their pence (£12.00), as GOV.UK's style guide shows money in a table.</summary>
    public static string Format(long pence) =>
        (pence < 0 ? "−£" : "£") + (Math.Abs((decimal)pence) / 100m).ToString("#,##0.00", British);

    /// <summary>
    /// Reads pounds as typed ("12", "1,234.5", "£1,234.56") into pence exactly. Refuses more than two decimal places
    /// ("12.345"), negative amounts, letters and amounts above <paramref name="max"/> pence, with the GOV.UK message.
    /// </summary>
    public static (long? Pence, string? Error) ReadPounds(string? typed, string what, long max = 10_000_000_000)
    {
        var text = (typed ?? "").Trim().Replace(",", "").Replace(" ", "");
        if (text.StartsWith('£'))
        {
            text = text[1..];
        }

        if (text.Length == 0)
        {
            return (null, $"Enter {what}");
        }

        if (text.StartsWith('-') || text.StartsWith('−'))
        {
            return (null, $"The amount must be more than £0");
        }

        var parts = text.Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 && parts.Length == 1 || !parts.All(p => p.All(char.IsAsciiDigit)))
        {
            return (null, $"The amount must be an amount of money, like 150 or 150.50");
        }

        if (parts.Length == 2 && parts[1].Length > 2)
        {
            return (null, $"The amount must be in pounds and pence, with no more than 2 numbers after the point, like 150.50");
        }

        if (parts[0].Length > 12)
        {
            return (null, $"The amount must be {Format(max)} or less");
        }

        var pounds = parts[0].Length == 0 ? 0 : long.Parse(parts[0], CultureInfo.InvariantCulture);
        var pence = parts.Length == 2 ? long.Parse(parts[1].PadRight(2, '0'), CultureInfo.InvariantCulture) : 0;
        var total = pounds * 100 + pence;
        if (total > max)
        {
            return (null, $"The amount must be {Format(max)} or less");
        }

        return total <= 0 ? (null, $"The amount must be more than £0") : (total, null);
    }

    /// <summary>Pence as pounds for a form field to show again ("1234.50").</summary>
    public static string ToPounds(long pence) => (pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);

}
