using Brokerage.ServiceDefaults;
using Microsoft.Extensions.Configuration;

// Prints a development token on stdout, signed with Auth__SigningKey when set, else the development key.
const string Usage = """
    usage: brokerage token --role ROLE --council COUNCIL [--sub ID] [--acts-for ID]... [--minutes 60] [--name NAME]
      ROLE is one of: member, representative, provider, broker, council-admin
      --acts-for may repeat, or list ids separated by commas (a representative's members)
      The token is signed with Auth__SigningKey (base64) when set, else with the development key.
    """;

string? role = null, council = null, subject = null, name = null;
var actsFor = new List<string>();
var minutes = 60;

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
        switch (option)
        {
            case "--role": role = value; break;
            case "--council": council = value; break;
            case "--sub": subject = value; break;
            case "--name": name = value; break;
            case "--acts-for": actsFor.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
            case "--minutes":
                minutes = int.TryParse(value, out var m) && m is >= 1 and <= 7 * 24 * 60
                    ? m
                    : throw new ArgumentException("--minutes must be a whole number between 1 and 10080.");
                break;
            default: throw new ArgumentException($"Unknown option {option}.");
        }
    }

    if (role is null || council is null)
    {
        throw new ArgumentException("--role and --council are required.");
    }

    var settings = TokenSettings.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build(), allowDevelopmentKey: true);
    Console.WriteLine(DevelopmentTokens.Issue(role, subject ?? $"dev-{role}", council, actsFor, TimeSpan.FromMinutes(minutes), name, settings));
    return 0;
}
catch (Exception error) when (error is ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"brokerage token: {error.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
