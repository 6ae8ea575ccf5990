using Brokerage.Seed;
using Brokerage.ServiceDefaults;
using Microsoft.Extensions.Configuration;

// Prints a development token on stdout, signed with Auth__SigningKey when set, else the development key.
const string Usage = """
    usage: brokerage token --role ROLE --council COUNCIL [--sub ID] [--acts-for ID]... [--minutes 60] [--name NAME]
           brokerage token --demo NAME [--council COUNCIL] [--minutes 60]
           brokerage token --demo
      ROLE is one of: member, representative, provider, broker, council-admin
      --acts-for may repeat, or list ids separated by commas (a representative's members)
      --demo NAME: a person of a seeded demo council (.local/demo.json, written by ./brokerage up and ./brokerage seed),
        by short name or full name; --demo alone lists them.
      The token is signed with Auth__SigningKey (base64) when set, else with the development key.
    """;

string? role = null, council = null, subject = null, name = null, demo = null;
var listDemo = false;
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

        if (option == "--demo" && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
        {
            listDemo = true;
            continue;
        }

        var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{option} needs a value.");
        switch (option)
        {
            case "--role": role = value; break;
            case "--council": council = value; break;
            case "--sub": subject = value; break;
            case "--name": name = value; break;
            case "--demo": demo = value; break;
            case "--acts-for": actsFor.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
            case "--minutes":
                minutes = int.TryParse(value, out var m) && m is >= 1 and <= 7 * 24 * 60
                    ? m
                    : throw new ArgumentException("--minutes must be a whole number between 1 and 10080.");
                break;
            default: throw new ArgumentException($"Unknown option {option}.");
        }
    }

    var settings = TokenSettings.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build(), allowDevelopmentKey: true);
    if (listDemo || demo is not null)
    {
        if (role is not null || subject is not null || name is not null || actsFor.Count > 0)
        {
            throw new ArgumentException("--demo fills in role, sub, acts-for and name itself; give only --council and --minutes with it.");
        }

        var path = DemoFile.DefaultPath();
        var file = DemoFile.Read(path);
        if (file.Councils.Count == 0)
        {
            throw new InvalidOperationException($"No demo council is seeded yet ({path} is missing): run ./brokerage up or ./brokerage seed.");
        }

        if (listDemo)
        {
            foreach (var seeded in file.Councils.Values.Where(c => council is null || c.Council == council))
            {
                DemoTable.Write(Console.Out, seeded);
                Console.WriteLine();
            }

            return 0;
        }

        var person = DemoPersonNamed(file, demo!, council);
        Console.WriteLine(DevelopmentTokens.Issue(person.Role, person.Sub, person.Council, person.ActsFor, TimeSpan.FromMinutes(minutes), person.Name, settings));
        return 0;
    }

    if (role is null || council is null)
    {
        throw new ArgumentException("--role and --council are required (or --demo NAME).");
    }

    Console.WriteLine(DevelopmentTokens.Issue(role, subject ?? $"dev-{role}", council, actsFor, TimeSpan.FromMinutes(minutes), name, settings));
    return 0;
}
catch (Exception error) when (error is ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"brokerage token: {error.Message}");
    if (error is ArgumentException)
    {
        Console.Error.WriteLine(Usage);
    }

    return 2;
}

// Without --council, a name seeded in several councils means the default council's person.
static DemoPerson DemoPersonNamed(DemoFile file, string name, string? council)
{
    var found = file.Find(name, council);
    if (found.Count > 1 && council is null)
    {
        found = found.Where(p => p.Council == DemoTable.DefaultCouncil).ToList();
    }

    return found.Count switch
    {
        1 => found[0],
        0 => throw new InvalidOperationException(
            $"No demo person '{name}'{(council is null ? "" : $" in council '{council}'")}. Demo people: " +
            string.Join(", ", file.Councils.Values.Where(c => council is null || c.Council == council).SelectMany(c => c.People).Select(p => p.Key).Distinct()) +
            " (./brokerage token --demo lists them)."),
        _ => throw new InvalidOperationException($"'{name}' is a demo person in several councils ({string.Join(", ", found.Select(p => p.Council))}): add --council."),
    };
}
