using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Commissioning.Api.Clock;

/// <summary>
/// Development only: the system clock plus an offset that <c>POST /dev/clock</c> moves forward, so scenario tests across
/// processes can pass a closing time or a standstill without waiting days.
/// </summary>
public sealed class OffsetTimeProvider(TimeProvider inner) : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

public static class DevClockApi
{
    public sealed record AdvanceRequest(long? AdvanceSeconds);

    public sealed record ClockView(DateTimeOffset Now, long OffsetSeconds);

    /// <summary><c>POST /dev/clock</c> { "advanceSeconds": n }: moves this service's clock forward. Development only, anonymous like /dev/token.</summary>
    public static IEndpointRouteBuilder MapDevClockApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/clock", Advance).AllowAnonymous().WithTags("Development")
            .WithSummary("Move the service's clock forward (Development only)").WithDescription("Roles: anyone (Development only).");
        return app;
    }

    private static Results<Ok<ClockView>, ValidationProblem, ProblemHttpResult> Advance(AdvanceRequest request, TimeProvider clock)
    {
        var errors = new Brokerage.ServiceDefaults.RequestErrors();
        var seconds = errors.Required("advanceSeconds", request.AdvanceSeconds);
        errors.Check(request.AdvanceSeconds is null || seconds is >= 0 and <= 10L * 366 * 24 * 3600, "advanceSeconds", "Must be from 0 to ten years in seconds.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (clock is not OffsetTimeProvider offset)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This service's clock cannot be moved");
        }

        offset.Advance(TimeSpan.FromSeconds(seconds));
        return TypedResults.Ok(new ClockView(offset.GetUtcNow(), (long)offset.Offset.TotalSeconds));
    }
}
