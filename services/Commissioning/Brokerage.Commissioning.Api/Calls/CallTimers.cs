using System.Globalization;
using Brokerage.Commissioning.Api.Awarding;
using Brokerage.Commissioning.Api.Clock;
using Brokerage.Commissioning.Contracts;
using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Linq.MatchesSql;

namespace Brokerage.Commissioning.Api.Calls;

public sealed class CallTimerOptions
{
    /// <summary>How often (real time) each instance looks for calls to close and standstills that ended.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Closes calls at their closing time and ends standstills, without anyone pressing a button. Every instance polls;
/// each change is an append at the version it read, so when two instances see the same due call only one append
/// commits (with its outbox message) and the other's fails harmlessly with a concurrency error.
/// "Now" is the injected <see cref="TimeProvider"/>; the polling cadence is real time.
/// </summary>
public sealed class CallTimers(IDocumentStore store, TimeProvider clock, CallTimerOptions options, ILogger<CallTimers> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Call timers failed this round; retrying on the next");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        // A Development clock may be moved for one council (OffsetTimeProvider): each such council's calls are due by its
        // own time, every other call by the service's.
        var moved = clock is OffsetTimeProvider offsets ? offsets.CouncilOffsets.Keys.ToArray() : [];
        foreach (var council in moved)
        {
            await RunForAsync(council, [], ct);
        }

        await RunForAsync(null, moved, ct);
    }

    private async Task RunForAsync(string? council, string[] otherClocks, CancellationToken ct)
    {
        DateTimeOffset now;
        using (CurrentCouncil.Use(council))
        {
            now = clock.GetUtcNow();
        }

        // "Now" goes as ISO 8601 text, so PostgreSQL rounds it to microseconds exactly as it rounds the stored text: a
        // DateTimeOffset parameter is truncated instead, and a time due this very instant (0.9 µs past a microsecond) would not match.
        var nowText = now.ToString("O", CultureInfo.InvariantCulture);
        const string OfCouncil = "(?::text IS NULL OR data->>'councilId' = ?) AND NOT (data->>'councilId' = ANY(?))";
        await using var query = store.QuerySession();
        var dueToClose = await query.Query<CallForOffers>()
            .Where(c => c.MatchesSql(
                $"data->>'status' = 'published' AND (data->>'closesAt')::timestamptz <= ?::timestamptz AND {OfCouncil}",
                nowText, council!, council!, otherClocks))
            .Take(100).ToListAsync(ct);
        foreach (var call in dueToClose)
        {
            await TryAsync(call, ct, (session, stream) =>
            {
                if (CallDecisions.Handle(stream.Aggregate!, new CloseCall(now)) is { } closed)
                {
                    stream.AppendOne(closed);
                    session.Publish(new CallForOffersClosed(call.Id, call.CouncilId, closed.ClosedAt));
                }
            });
        }

        var standstillsEnded = await query.Query<CallForOffers>()
            .Where(c => c.MatchesSql(
                "data->>'status' = 'standstill' AND data->>'standstillEndedAt' IS NULL AND (data->>'standstillEndsAt')::timestamptz <= ?::timestamptz " +
                $"AND {OfCouncil}",
                nowText, council!, council!, otherClocks))
            .Take(100).ToListAsync(ct);
        foreach (var call in standstillsEnded)
        {
            await TryAsync(call, ct, (session, stream) =>
            {
                if (CallDecisions.Handle(stream.Aggregate!, new EndStandstill(now)) is { } ended)
                {
                    stream.AppendOne(ended);
                    session.Publish(new StandstillElapsed(ended.ContractId, call.Id, now));
                }
            });
        }
    }

    private async Task TryAsync(CallForOffers call, CancellationToken ct, Action<IDocumentSession, IEventStream<CallForOffers>> decide)
    {
        var callId = call.Id;
        try
        {
            // The call's council goes with its events and messages, so whoever reacts to them does so in that council's time.
            using var council = CurrentCouncil.Use(call.CouncilId);
            await using var session = store.LightweightSession().Stamp(new EventMetadata(UserId: "commissioning-timer", TenantId: call.CouncilId));
            var stream = await session.Events.FetchForWriting<CallForOffers>(callId, ct);
            if (stream.Aggregate is null)
            {
                return;
            }

            decide(session, stream);
            await session.SaveChangesAsync(ct);
        }
        catch (ConcurrencyException)
        {
            logger.LogInformation("Call {CallId} changed concurrently (another instance acted first)", callId);
        }
    }
}
