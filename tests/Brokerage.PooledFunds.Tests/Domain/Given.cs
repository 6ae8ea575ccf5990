using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;

namespace Brokerage.PooledFunds.Tests.Domain;

/// <summary>Builds the "Given" of a domain test from events, the way Marten folds a stream: Create, then each Apply.</summary>
internal static class Given
{
    public const string Council = "lambeth";
    public const string Social = "social-care";
    public const string Health = "health";
    public const int Year = 2026;

    public static readonly DateTimeOffset At = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    public static readonly Guid PoolId = Guid.Parse("00000000-0000-0000-0000-0000000000aa");

    public static Guid Member(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    public static PoolProposed Proposed(int minimumMembers = 1, long target = 0, string[]? streams = null) => new(
        PoolId, Council, "Saturday club", "Weekend activities", ["Meet people"], streams ?? [Social],
        new Governance(minimumMembers, target, 50, Governance.OneMemberOneVote), "Four weeks' notice.", "broker-ada", null, At);

    public static Pool Pool(params object[] events) => Pool(Proposed(), events);

    public static Pool Pool(PoolProposed proposed, params object[] events)
    {
        var pool = Brokerage.PooledFunds.Api.Pools.Pool.Create(proposed);
        foreach (var e in events)
        {
            pool = pool.Evolve(e);
        }

        LedgerInvariants.Assert(pool);
        return pool;
    }

    public static Pool OpenPool(params object[] events) => Pool([new PoolOpened(PoolId, At), .. events]);

    public static Pool ActivePool(params object[] events) => Pool([new PoolOpened(PoolId, At), new PoolActivated(PoolId, At), .. events]);

    public static PledgeMade Pledge(int member, long amount, bool conditional = false, string stream = Social) =>
        new(PoolId, Member(member), $"M{member}", Year, stream, amount, conditional, At);

    public static MemberBudget Budget(int member, long allocation = 10_000, bool consent = true, string stream = Social, params object[] events)
    {
        var id = Member(member);
        var budget = MemberBudget.Create(new MemberBudgetOpened(id, Council, At))
            .Apply(new MemberRegistrationRecorded(id, $"M{member}", At))
            .Apply(new AllocationRecorded(id, Year, stream, allocation, "allocated", At));
        if (consent)
        {
            budget = budget.Apply(new PoolingConsentRecorded(id, true, At));
        }

        foreach (var e in events)
        {
            budget = budget.Evolve(e);
        }

        return budget;
    }

    public static LivePledgeSet Live(int member, long amount, Guid? pool = null, string stream = Social) =>
        new(Member(member), pool ?? PoolId, Year, stream, amount, At);

    public static IReadOnlyList<MemberShare> Shares(params (int Member, long Amount)[] shares) =>
        shares.Select(s => new MemberShare(Member(s.Member), s.Amount)).ToList();
}

internal static class Then
{
    /// <summary>Compares events by value (their JSON), so lists inside events compare element by element.</summary>
    public static void Events(IEnumerable<object> expected, IEnumerable<object> actual)
    {
        static string Show(IEnumerable<object> events) =>
            string.Join("\n", events.Select(e => $"{e.GetType().Name} {System.Text.Json.JsonSerializer.Serialize(e, e.GetType())}"));

        Assert.Equal(Show(expected), Show(actual));
    }
}
