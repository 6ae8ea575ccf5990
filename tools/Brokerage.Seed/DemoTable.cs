namespace Brokerage.Seed;

/// <summary>The demo sign-ins as a table: person, role, what to try first, and the command that prints their token.</summary>
public static class DemoTable
{
    public const string DefaultCouncil = "lambeth";

    public static string TokenCommand(DemoPerson person) =>
        person.Council == DefaultCouncil ? $"./brokerage token --demo {person.Key}" : $"./brokerage token --demo {person.Key} --council {person.Council}";

    public static void Write(TextWriter output, DemoCouncil demo)
    {
        output.WriteLine($"Demo sign-ins for council '{demo.Council}' (development tokens; a token lasts 60 minutes):");
        var nameWidth = Math.Max(6, demo.People.Max(p => p.Name.Length));
        var roleWidth = Math.Max(4, demo.People.Max(p => p.Role.Length));
        var tryWidth = Math.Max(9, demo.People.Max(p => p.TryFirst.Length));
        output.WriteLine($"  {"PERSON".PadRight(nameWidth)}  {"ROLE".PadRight(roleWidth)}  {"TRY FIRST".PadRight(tryWidth)}  SIGN IN");
        foreach (var person in demo.People)
        {
            output.WriteLine($"  {person.Name.PadRight(nameWidth)}  {person.Role.PadRight(roleWidth)}  {person.TryFirst.PadRight(tryWidth)}  {TokenCommand(person)}");
        }

        // Only what was found: a council that had other data before the demo may lack some of it (the seed warned).
        var found = new[] { ("active pool", demo.Ids.ActivePoolId), ("open pool", demo.Ids.OpenPoolId), ("proposed pool", demo.Ids.ProposedPoolId), ("call for offers", demo.Ids.CallId) }
            .Where(x => x.Item2 != Guid.Empty).Select(x => $"{x.Item1} {x.Item2}").ToArray();
        if (found.Length > 0)
        {
            output.WriteLine($"  {string.Join("; ", found)}.");
        }

        if (demo.Ids.ActivePoolId != Guid.Empty)
        {
            output.WriteLine("  Try: curl -H \"Authorization: Bearer $(./brokerage token --demo ama)\" " +
                             $"{demo.Services.GetValueOrDefault("pooledFunds", "http://127.0.0.1:5102/")}api/pools/{demo.Ids.ActivePoolId}/ledger");
        }
    }
}
