using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Commissioning.Api.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>
/// The Development clock can move for one council: a walkthrough in its own council passes its calls' closing times
/// and standstills, and the demo council's calls stay where they were.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class ClockPerCouncilTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    [Fact]
    public async Task GivenCallsInTwoCouncils_WhenOneCouncilsClockMovesPastClosing_ThenOnlyThatCouncilsCallCloses()
    {
        var ours = await PublishedCallAsync(Tokens.Council);
        var walkthrough = "walk-" + Guid.NewGuid().ToString("N")[..8];
        var theirs = await PublishedCallAsync(walkthrough);

        var moved = await S.As(null).PostAsJsonAsync("/dev/clock", new { advanceSeconds = 3 * 3600, council = walkthrough.ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var clock = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(walkthrough, clock.GetProperty("council").GetString());
        Assert.InRange(clock.GetProperty("now").GetDateTimeOffset() - S.Service.Now, TimeSpan.FromHours(3) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(3));
        await S.WaitForStatusAsync(theirs, CallStatus.Closed);
        Assert.InRange((await S.CallAsync(theirs))!.ClosedAt!.Value - S.Service.Now, TimeSpan.FromHours(3) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(3));

        // One more round of the timers, run here so that it has surely looked at our call after the other clock moved.
        var timers = S.Service.Services.GetServices<IHostedService>().OfType<CallTimers>().Single();
        await timers.RunOnceAsync(CancellationToken.None);
        Assert.Equal(CallStatus.Published, (await S.CallAsync(ours))!.Status);
    }

    [Theory]
    [InlineData("{\"advanceSeconds\":60,\"council\":\"not a council\"}")]
    [InlineData("{\"advanceSeconds\":60,\"council\":\"\"}")]
    public async Task GivenACouncilThatIsNotACouncilId_WhenMovingItsClock_ThenBadRequestNamingIt(string body)
    {
        var response = await S.As(null).PostAsync("/dev/clock", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("council", out _));
    }

    /// <summary>A published call of <paramref name="council"/> closing in two hours, with the pool and need behind it.</summary>
    private async Task<Guid> PublishedCallAsync(string council)
    {
        var member = Guid.NewGuid();
        var pool = await S.PoolAsync([member], council: council);
        var need = await S.As(Tokens.Member(member, council)).PostAsJsonAsync($"/api/pools/{pool}/needs", new { title = "Evenings", description = "Going out" });
        Assert.Equal(HttpStatusCode.Created, need.StatusCode);
        var needId = (await need.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var broker = S.As(Tokens.Broker(council));
        var drafted = await broker.PostAsJsonAsync("/api/calls", S.CallRequest(needId, closesInHours: 2));
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        var callId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await broker.PostAsync($"/api/calls/{callId}/publish", null)).StatusCode);
        return callId;
    }
}
