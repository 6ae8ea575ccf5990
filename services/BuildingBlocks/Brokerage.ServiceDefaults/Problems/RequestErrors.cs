using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Collects what is wrong with a request, field by field, so the caller gets every problem in one 400.
/// Request records declare their members nullable (a missing field then reaches the endpoint, not the JSON reader)
/// and the endpoint checks them here:
/// <code>
/// var errors = new RequestErrors();
/// var name = errors.Text("name", request.Name, maxLength: 200);
/// var amount = errors.Amount("amount", request.Amount);
/// errors.Currency("currency", request.Currency);
/// if (errors.Any) return errors.ToProblem();
/// </code>
/// Messages say what is expected and never echo the value (it may be personal or health data).
/// </summary>
public sealed class RequestErrors
{
    private readonly List<(string Field, string Message)> errors = [];

    public bool Any => errors.Count > 0;

    public RequestErrors Add(string field, string message)
    {
        errors.Add((field, message));
        return this;
    }

    /// <summary>Adds <paramref name="message"/> for <paramref name="field"/> when <paramref name="condition"/> is false.</summary>
    public RequestErrors Check(bool condition, string field, string message) => condition ? this : Add(field, message);

    /// <summary>
    /// A required, non-blank text of at most <paramref name="maxLength"/> characters, trimmed. Blank means nothing a reader
    /// could see: white space and invisible format characters (a zero-width space) alike.
    /// </summary>
    public string Text(string field, string? value, int maxLength = 200)
    {
        if (IsBlank(value))
        {
            Add(field, "A value is required.");
            return "";
        }

        var trimmed = Trim(value!);
        Check(trimmed.Length <= maxLength, field, $"Must be at most {maxLength} characters.");
        return trimmed;
    }

    /// <summary>An optional text: null or blank is null; otherwise trimmed and at most <paramref name="maxLength"/> characters.</summary>
    public string? OptionalText(string field, string? value, int maxLength = 200)
    {
        if (IsBlank(value))
        {
            return null;
        }

        var trimmed = Trim(value!);
        Check(trimmed.Length <= maxLength, field, $"Must be at most {maxLength} characters.");
        return trimmed;
    }

    /// <summary>A required value of a value type (an id, a date, a number).</summary>
    public T Required<T>(string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            Add(field, "A value is required.");
            return default;
        }

        return value.Value;
    }

    /// <summary>A required id that is not the empty GUID.</summary>
    public Guid Id(string field, Guid? value)
    {
        var id = Required(field, value);
        if (value is not null && id == Guid.Empty)
        {
            Add(field, "Must be a valid id.");
        }

        return id;
    }

    /// <summary>A required whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public int Range(string field, int? value, int minimum, int maximum)
    {
        var number = Required(field, value);
        if (value is not null && (number < minimum || number > maximum))
        {
            Add(field, $"Must be a whole number from {minimum} to {maximum}.");
        }

        return number;
    }

    /// <summary>
    /// A required amount of money in minor units (pence): positive (or zero when <paramref name="allowZero"/>) and at most
    /// <see cref="Money.MaximumAmount"/>. JSON numbers that do not fit a 64-bit integer never get here: the reader refuses them.
    /// </summary>
    public long Amount(string field, long? value, bool allowZero = false)
    {
        var amount = Required(field, value);
        if (value is null)
        {
            return 0;
        }

        if (amount < 0 || (amount == 0 && !allowZero))
        {
            Add(field, allowZero ? "Must be zero or a positive whole number of pence." : "Must be a positive whole number of pence.");
        }
        else if (amount > Money.MaximumAmount)
        {
            Add(field, $"Must be at most {Money.MaximumAmount} pence.");
        }

        return amount;
    }

    /// <summary>A required ISO 4217 currency this system handles (GBP).</summary>
    public string Currency(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "A value is required.");
            return "";
        }

        Check(Money.IsSupportedCurrency(value), field, $"Must be {Money.Currency}.");
        return value;
    }

    /// <summary>A required value from a fixed list, e.g. a funding stream.</summary>
    public string OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "A value is required.");
            return "";
        }

        Check(allowed.Contains(value, StringComparer.Ordinal), field, $"Must be one of: {string.Join(", ", allowed)}.");
        return value;
    }

    /// <summary>A required, non-empty list of values from a fixed list, without repeats.</summary>
    public IReadOnlyList<string> SomeOf(string field, IReadOnlyList<string?>? values, IReadOnlyCollection<string> allowed)
    {
        if (values is null || values.Count == 0)
        {
            Add(field, "At least one value is required.");
            return [];
        }

        for (var i = 0; i < values.Count; i++)
        {
            Check(values[i] is { } value && allowed.Contains(value, StringComparer.Ordinal), $"{field}[{i}]", $"Must be one of: {string.Join(", ", allowed)}.");
        }

        Check(values.Distinct(StringComparer.Ordinal).Count() == values.Count, field, "Each value may appear once.");
        return values.OfType<string>().ToArray();
    }

    /// <summary>A required list of texts (1 to <paramref name="maxItems"/>), each non-blank and at most <paramref name="maxLength"/> characters.</summary>
    public IReadOnlyList<string> Texts(string field, IReadOnlyList<string?>? values, int maxItems = 20, int maxLength = 500)
    {
        if (values is null || values.Count == 0)
        {
            Add(field, "At least one value is required.");
            return [];
        }

        Check(values.Count <= maxItems, field, $"At most {maxItems} values.");
        return values.Select((value, i) => Text($"{field}[{i}]", value, maxLength)).ToArray();
    }

    public ValidationProblem ToProblem() => Problems.Validation([.. errors]);

    /// <summary>True when <paramref name="value"/> shows nothing: null, empty, or only white space and format characters (Unicode Cf).</summary>
    public static bool IsBlank(string? value) => value is null || value.All(Invisible);

    private static bool Invisible(char c) => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    private static string Trim(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && Invisible(value[start]))
        {
            start++;
        }

        while (end > start && Invisible(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }
}

/// <summary>Money rules shared by every service: integer minor units with a currency (DESIGN.md §2, Money).</summary>
public static class Money
{
    /// <summary>The only currency the councils using this system hold budgets in.</summary>
    public const string Currency = "GBP";

    /// <summary>£100 million in pence: far above any personal or pooled budget, and sums of many stay far from overflow.</summary>
    public const long MaximumAmount = 10_000_000_000;

    public static bool IsSupportedCurrency(string? currency) => string.Equals(currency, Currency, StringComparison.Ordinal);
}
