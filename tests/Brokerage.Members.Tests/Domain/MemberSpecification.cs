using System.Text.Json;
using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.ServiceDefaults;

namespace Brokerage.Members.Tests.Domain;

/// <summary>
/// Given(events) / When(decision) / Then(event | error), pure: the member is folded from the given events by the
/// Create/Apply dispatch Marten's source generator wrote for it (what Marten itself runs), then the decision runs on it.
/// </summary>
public sealed class MemberSpecification
{
    private static readonly JsonSerializerOptions Json = BrokerageMarten.Json;
    private readonly List<object> given = [];
    private Func<Member, object>? when;

    public static readonly Guid MemberId = Guid.Parse("0191f1a0-0000-7000-8000-000000000001");
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    public static MemberRegistered Registered { get; } = new(
        MemberId, "lambeth", "Ada Lovelace", new Contact("ada@example.org", null, null), CommunicationNeeds.None, "Blue Heron", Now.AddDays(-30));

    public static MemberSpecification Given(params object[] events)
    {
        var specification = new MemberSpecification();
        specification.given.AddRange(events);
        return specification;
    }

    public MemberSpecification When(Func<Member, object> decision)
    {
        when = decision;
        return this;
    }

    public void Then(object expected)
    {
        var actual = Decide();
        Assert.IsType(expected.GetType(), actual);
        Assert.Equal(JsonSerializer.Serialize(expected, expected.GetType(), Json), JsonSerializer.Serialize(actual, actual.GetType(), Json));
    }

    public TError ThenRejected<TError>()
        where TError : Exception => Assert.Throws<TError>(() => Decide());

    private object Decide()
    {
        var member = Fold(given);
        return when!(member);
    }

    public static Member Fold(IEnumerable<object> events) =>
        GeneratedEvolver<Member>.Fold(events, MemberId, Now) ?? throw new InvalidOperationException("Given no events: a member starts with MemberRegistered.");
}
