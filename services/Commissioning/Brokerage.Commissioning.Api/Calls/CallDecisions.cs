using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.Calls;

/// <summary>The call's decisions: pure functions of its state and a command.</summary>
public static partial class CallDecisions
{
    private static void Require(CallForOffers call, string action, params CallStatus[] allowed)
    {
        if (!allowed.Contains(call.Status))
        {
            throw new CallNotInState(Kebab(call.Status), action);
        }
    }

    public static string Kebab(CallStatus status) => status.ToString().ToLowerInvariant();
}
