using Brokerage.Seed;
using Brokerage.ServiceDefaults;
using Microsoft.Extensions.Configuration;

// Seeds a demo council through the services' public APIs (./brokerage seed), writes .local/demo.json and prints the sign-ins.
const string Usage = """
    usage: brokerage seed [--council lambeth] [--members-url URL] [--pooled-funds-url URL] [--provider-offers-url URL]
                          [--commissioning-url URL] [--demo-file PATH] [--wait-seconds 120]
      Seeds a Lambeth-style demo council once; a council that already has members is left as it is.
      URLs default to BROKERAGE_MEMBERS_URL, BROKERAGE_POOLEDFUNDS_URL, BROKERAGE_PROVIDEROFFERS_URL,
      BROKERAGE_COMMISSIONING_URL, else http://127.0.0.1:5101 … 5104 (./brokerage up).
      The demo people are written to .local/demo.json; ./brokerage token --demo NAME prints a token for one.
    """;

var council = DemoTable.DefaultCouncil;
string? demoFile = null;
var waitSeconds = 120;
Uri Url(string variable, Uri fallback) =>
    Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? new Uri(value.TrimEnd('/') + "/") : fallback;
var members = Url("BROKERAGE_MEMBERS_URL", ServiceUrls.Local.Members);
var pooledFunds = Url("BROKERAGE_POOLEDFUNDS_URL", ServiceUrls.Local.PooledFunds);
var providerOffers = Url("BROKERAGE_PROVIDEROFFERS_URL", ServiceUrls.Local.ProviderOffers);
var commissioning = Url("BROKERAGE_COMMISSIONING_URL", ServiceUrls.Local.Commissioning);

try
{
    for (var i = 0; i < args.Length; i++)
    {
        var option = args[i];
        if (option is "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{option} needs a value.");
        Uri AsUrl() => Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"{option} must be an http(s) URL.");
        switch (option)
        {
            case "--council": council = value; break;
            case "--members-url": members = AsUrl(); break;
            case "--pooled-funds-url": pooledFunds = AsUrl(); break;
            case "--provider-offers-url": providerOffers = AsUrl(); break;
            case "--commissioning-url": commissioning = AsUrl(); break;
            case "--demo-file": demoFile = value; break;
            case "--wait-seconds":
                waitSeconds = int.TryParse(value, out var s) && s is >= 1 and <= 3600 ? s : throw new ArgumentException("--wait-seconds must be 1 to 3600.");
                break;
            default: throw new ArgumentException($"Unknown option {option}.");
        }
    }

    var tokens = TokenSettings.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build(), allowDevelopmentKey: true);
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    var seeder = new DemoCouncilSeeder(http, new ServiceUrls(members, pooledFunds, providerOffers, commissioning), council, tokens, Console.Out,
        TimeSpan.FromSeconds(waitSeconds));
    Console.WriteLine($"==> seeding the demo council '{council}'");
    var result = await seeder.SeedAsync();
    foreach (var warning in result.Warnings)
    {
        Console.WriteLine($"    warning: {warning}");
    }

    var path = demoFile ?? DemoFile.DefaultPath();
    DemoFile.Save(path, result.Council);
    Console.WriteLine(result.AlreadySeeded ? $"    already seeded; demo people in {path}" : $"    seeded; demo people in {path}");
    Console.WriteLine();
    DemoTable.Write(Console.Out, result.Council);
    return 0;
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"brokerage seed: {error.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
catch (SeedFailed error)
{
    Console.Error.WriteLine($"brokerage seed: {error.Message}");
    return 1;
}
