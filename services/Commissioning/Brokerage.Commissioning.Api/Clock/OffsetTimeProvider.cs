using System.Collections.Concurrent;
using Brokerage.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Commissioning.Api.Clock;

/// <summary>
/// Development only: the system clock plus offsets that <c>POST /dev/clock</c> moves forward, so scenario tests across
/// processes can pass a closing time or a standstill without waiting days. An offset is either the whole service's or
/// one council's: a walkthrough that moves its own council's clock leaves the demo council's calls where they were.
/// "Now" is the system time plus the service's offset plus the offset of <see cref="CurrentCouncil"/> (the caller's,
/// the message's or the call's council).
/// </summary>
public sealed class OffsetTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly ConcurrentDictionary<string, long> councilTicks = new(StringComparer.Ordinal);
    private long offsetTicks;

    /// <summary>The offset of the whole service.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    /// <summary>The councils whose clock was moved on its own, with their own offsets (on top of <see cref="Offset"/>).</summary>
    public IReadOnlyDictionary<string, TimeSpan> CouncilOffsets => councilTicks.ToDictionary(c => c.Key, c => TimeSpan.FromTicks(c.Value));

    public override DateTimeOffset GetUtcNow() => NowFor(CurrentCouncil.Value);

    public DateTimeOffset NowFor(string? council) => inner.GetUtcNow() + OffsetFor(council);

    /// <summary>The service's offset plus <paramref name="council"/>'s own.</summary>
    public TimeSpan OffsetFor(string? council) =>
        Offset + (council is not null && councilTicks.TryGetValue(council, out var ticks) ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public void Advance(string council, TimeSpan by) => councilTicks.AddOrUpdate(council, by.Ticks, (_, ticks) => ticks + by.Ticks);
}

public static class DevClockApi
{
    public sealed record AdvanceRequest(long? AdvanceSeconds, string? Council);

    public sealed record ClockView(DateTimeOffset Now, long OffsetSeconds, string? Council);

    /// <summary>
    /// <c>POST /dev/clock</c> { "advanceSeconds": n, "council": "optional" }: moves this service's clock forward, for one
    /// council or for all. Development only, anonymous like /dev/token.
    /// </summary>
    public static IEndpointRouteBuilder MapDevClockApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/clock", Advance).AllowAnonymous().WithTags("Development")
            .WithSummary("Move the service's clock forward, for one council or all (Development only)")
            .WithDescription("Roles: anyone (Development only). With a council, only that council's calls, votes, standstills and contracts see the later time.");
        return app;
    }

    private static Results<Ok<ClockView>, ValidationProblem, ProblemHttpResult> Advance(AdvanceRequest request, TimeProvider clock)
    {
        var errors = new RequestErrors();
        var seconds = errors.Required("advanceSeconds", request.AdvanceSeconds);
        errors.Check(request.AdvanceSeconds is null || seconds is >= 0 and <= 10L * 366 * 24 * 3600, "advanceSeconds", "Must be from 0 to ten years in seconds.");
        var council = request.Council is null ? null : CouncilIds.Normalise(request.Council);
        errors.Check(council is null || CouncilIds.IsValid(council), "council", CouncilIds.Rule);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (clock is not OffsetTimeProvider offset)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This service's clock cannot be moved");
        }

        if (council is null)
        {
            offset.Advance(TimeSpan.FromSeconds(seconds));
        }
        else
        {
            offset.Advance(council, TimeSpan.FromSeconds(seconds));
        }

        return TypedResults.Ok(new ClockView(offset.NowFor(council), (long)offset.OffsetFor(council).TotalSeconds, council));
    }
}
