using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Pools;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;

namespace Brokerage.Commissioning.Tests.Domain;

/// <summary>Builds state from events with the Create/Apply dispatch the store's snapshots use, without a database.</summary>
public static class Given
{
    public static T State<T>(params object[] events) where T : class =>
        GeneratedEvolver<T>.Fold(events)!;

    public static readonly DateTimeOffset Now = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero); // a Monday

    public const string Council = "lambeth";

    public static readonly Guid PoolId = Guid.NewGuid();
    public static readonly Guid M1 = Guid.NewGuid();
    public static readonly Guid M2 = Guid.NewGuid();
    public static readonly Guid M3 = Guid.NewGuid();
    public static readonly Guid M4 = Guid.NewGuid();

    public static Pool Pool(string status = "active", int quorum = 50, string method = "one-member-one-vote", params Guid[] members)
    {
        var events = new List<object>
        {
            new PoolOpened(PoolId, Council, "Pool", ["social-care"], new PoolGovernance(2, 1000, "GBP", quorum, method), Now),
        };
        events.AddRange((members.Length == 0 ? new[] { M1, M2, M3, M4 } : members).Select(m => (object)new PoolMemberJoined(PoolId, Council, m, Now)));
        switch (status)
        {
            case "active":
                events.Add(new PoolActivated(PoolId, Council, Now));
                break;
            case "winding-down":
                events.Add(new PoolActivated(PoolId, Council, Now));
                events.Add(new PoolWindingDown(PoolId, Council, Now));
                break;
            case "closed":
                events.Add(new PoolClosed(PoolId, Council, Now));
                break;
        }

        return State<Pool>([.. events]);
    }

    public static CallDrafted Drafted(Guid? callId = null, EvaluationWeights? weights = null, string rule = StandstillRules.Pcr2015, int term = 12) => new(
        callId ?? Guid.NewGuid(), Council, PoolId, Guid.NewGuid(), "Evening support", "Community support", ["Go out"], ["community-activities"], 1_200_000, "GBP",
        term, new DateOnly(2027, 4, 1), weights ?? new EvaluationWeights(40, 30, 30), Now.AddDays(7), rule, 48, "broker-1", Now);

    public static CallBid Bid(long price, int minutes = 0, int? quality = null, string name = "Provider") =>
        new(Guid.NewGuid(), Guid.NewGuid(), name, price, "GBP", 5, "Proposal", ["Outcome"], Now.AddMinutes(minutes), quality, quality is null ? null : "reason");

    /// <summary>Events of a call that is being evaluated: published, closed, bids received with the four members voting for 48 hours.</summary>
    public static object[] Evaluating(CallDrafted drafted, params CallBid[] bids) =>
    [
        drafted,
        new CallPublished(drafted.CallId, Now),
        new CallClosed(drafted.CallId, drafted.ClosesAt),
        new BidsReceived(drafted.CallId, bids, [M1, M2, M3, M4], 50, "one-member-one-vote", drafted.ClosesAt, drafted.ClosesAt.AddHours(48), drafted.ClosesAt),
    ];

    public static DateTimeOffset AfterVoting(CallDrafted drafted) => drafted.ClosesAt.AddHours(49);
}
