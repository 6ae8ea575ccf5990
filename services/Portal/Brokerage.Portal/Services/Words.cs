using System.Globalization;

namespace Brokerage.Portal.Services;

/// <summary>The services' values as people read them.</summary>
public static class Words
{
    // The invariant culture writes money and dates as en-GB does (1,234.56; 3 December 2026), without ICU.
    private static readonly CultureInfo British = CultureInfo.InvariantCulture;

    public static string FundingStream(string stream) => stream switch
    {
        "social-care" => "Social care",
        "health" => "Health",
        "mental-health" => "Mental health",
        _ => stream,
    };

    public static IReadOnlyList<string> FundingStreams { get; } = ["social-care", "health", "mental-health"];

    public static string PoolStatus(string status) => status switch
    {
        "proposed" => "Proposed",
        "open" => "Open to join",
        "active" => "Active",
        "winding-down" => "Winding down",
        "closed" => "Closed",
        _ => status,
    };

    public static string PoolStatusColour(string status) => status switch
    {
        "open" => "blue",
        "active" => "green",
        "winding-down" => "orange",
        "closed" => "grey",
        _ => "light-blue",
    };

    public static string PledgeStatus(string status) => status switch
    {
        "live" => "Live",
        "conditional" => "Conditional",
        "withdrawn" => "Withdrawn",
        "lapsed" => "Lapsed",
        _ => status,
    };

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", British);

    public static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMMM yyyy", British);

    public static string DateTime(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMMM yyyy 'at' h:mmtt", British).Replace("AM", "am").Replace("PM", "pm");
}
