using System.Text.Json;
using Brokerage.ServiceDefaults;

namespace Brokerage.ProviderOffers.Tests.Domain;

/// <summary>
/// Given(events) / When(command) / Then(events | error), with no database: state is folded by the Create/Apply dispatch
/// Marten's source generator wrote for the aggregate, the one Marten itself runs.
/// </summary>
internal static class Spec
{
    private static readonly JsonSerializerOptions Json = BrokerageMarten.Json;

    public static T Given<T>(params object[] events)
        where T : class
    {
        var state = GeneratedEvolver<T>.Fold(events, Guid.Empty, DateTimeOffset.UnixEpoch);
        return state ?? throw new InvalidOperationException("Given needs at least one event.");
    }

    /// <summary>Asserts the decision produced exactly these events (compared by type and content).</summary>
    public static void Then(IEnumerable<object> actual, params object[] expected) =>
        Assert.Equal(expected.Select(Describe).ToList(), actual.Select(Describe).ToList());

    public static void Then(object actual, object expected) => Then([actual], expected);

    public static void ThenNothing(IEnumerable<object> actual) => Assert.Empty(actual);

    public static void ThenFails<TError>(Func<object> when)
        where TError : Exception => Assert.Throws<TError>(when);

    private static string Describe(object e) => $"{e.GetType().Name} {JsonSerializer.Serialize(e, e.GetType(), Json)}";
}
