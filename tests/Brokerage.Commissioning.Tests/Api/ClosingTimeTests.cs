using Brokerage.Commissioning.Api.Calls;

namespace Brokerage.Commissioning.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class ClosingTimeTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    [Fact]
    public async Task GivenAClosingTimeWithAFractionOfAMicrosecond_WhenTheClockReachesItExactly_ThenTheCallClosesWithoutWaitingForTheClockToMoveOn()
    {
        var member = Guid.NewGuid();
        var need = await S.NeedAsync(await S.PoolAsync([member]), member);
        // 0.9 µs past a whole microsecond: PostgreSQL rounds the stored time up, and truncated "now" would stay below it.
        var dayAhead = S.Service.Now.AddHours(24);
        var closesAt = new DateTimeOffset(dayAhead.Ticks - (dayAhead.Ticks % 10) + 9, TimeSpan.Zero);
        var callId = await S.DraftAsync(need, S.CallRequest(need, closesAt: closesAt));
        await S.PublishAsync(callId);

        S.Service.Clock.Advance(closesAt - S.Service.Now);

        Assert.Equal(closesAt, S.Service.Now);
        await S.WaitForStatusAsync(callId, CallStatus.Closed);
    }
}
