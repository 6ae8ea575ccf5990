using System.Text.Json;
using Brokerage.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Brokerage.Messaging;

/// <summary>What the relay last saw, for health checks and operators.</summary>
public sealed class OutboxRelayStatus
{
    private readonly Lock gate = new();

    public bool BrokerReachable { get; private set; } = true;

    public DateTimeOffset? UnreachableSince { get; private set; }

    public string? LastError { get; private set; }

    public long Published { get; private set; }

    internal void Succeeded(int count)
    {
        lock (gate)
        {
            BrokerReachable = true;
            UnreachableSince = null;
            LastError = null;
            Published += count;
        }
    }

    internal void Failed(Exception? error, DateTimeOffset now)
    {
        lock (gate)
        {
            BrokerReachable = false;
            UnreachableSince ??= now;
            LastError = error?.GetType().Name;
        }
    }
}

public sealed class OutboxRelayOptions
{
    public int BatchSize { get; set; } = 200;

    /// <summary>How long the relay sleeps when nothing wakes it (a NOTIFY normally wakes it at once).</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Oldest pending message age above which health reports the relay as lagging.</summary>
    public TimeSpan LagWarning { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// Publishes committed outbox rows to RabbitMQ in outbox order, then deletes them. One relay per database is
/// active at a time (an advisory lock), so scale-out replicas do not reorder or double-publish. While the broker
/// is down it backs off with Polly and reports it; rows simply wait. A crash after publishing but before deleting
/// republishes the same message ids, which consumers' inboxes absorb.
/// </summary>
public sealed class OutboxRelay(
    ServiceStorage store,
    IBus bus,
    OutboxRelayStatus status,
    OutboxRelayOptions options,
    ILogger<OutboxRelay> logger,
    TimeProvider? clock = null) : BackgroundService
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly SemaphoreSlim wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pipeline = new ResiliencePipelineBuilder<int>()
            .AddRetry(new RetryStrategyOptions<int>
            {
                ShouldHandle = new PredicateBuilder<int>().Handle<Exception>(e => e is not OperationCanceledException || !stoppingToken.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = options.MaxBackoff,
                OnRetry = args =>
                {
                    status.Failed(args.Outcome.Exception, clock.GetUtcNow());
                    logger.LogWarning("Outbox relay cannot reach the broker ({Error}); retry {Attempt} in {Delay}",
                        args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.PublishTimeout + TimeSpan.FromSeconds(5) })
            .Build();

        _ = Task.Run(() => ListenAsync(stoppingToken), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await pipeline.ExecuteAsync(async ct => await RelayBatchAsync(ct), stoppingToken);
                if (published > 0)
                {
                    status.Succeeded(published);
                    continue;
                }

                status.Succeeded(0);
                await wake.WaitAsync(options.IdlePoll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Outbox relay failed; restarting its loop");
                await Task.Delay(options.MaxBackoff, stoppingToken);
            }
        }
    }

    /// <summary>Publishes one batch; returns how many messages left the outbox (0 when there were none, or another replica is relaying).</summary>
    internal async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var leader = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, tx))
        {
            leader.Parameters.AddWithValue("key", MessagingSchema.LockKey($"{store.Schema}:outbox-relay"));
            if (!(bool)(await leader.ExecuteScalarAsync(ct))!)
            {
                return 0;
            }
        }

        var batch = new List<(long Seq, Guid Id, object Message, Type Type, string? Correlation, string? Causation, string? User, string? OnBehalfOf, string? Tenant)>();
        var unreadable = new List<(long Seq, Guid Id, string Type, string Reason)>();
        await using (var read = new NpgsqlCommand($"""
            SELECT seq, message_id, message_type, body::text, correlation_id, causation_id, user_id, on_behalf_of, tenant_id
            FROM {store.Schema}.outbox ORDER BY seq LIMIT @limit
            """, connection, tx))
        {
            read.Parameters.AddWithValue("limit", options.BatchSize);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var typeName = reader.GetString(2);
                var (type, message, reason) = Read(typeName, reader.GetString(3));
                if (type is null || message is null)
                {
                    unreadable.Add((reader.GetInt64(0), reader.GetGuid(1), typeName, reason ?? "unreadable"));
                    continue;
                }

                batch.Add((reader.GetInt64(0), reader.GetGuid(1), message, type,
                    Nullable(reader, 4), Nullable(reader, 5), Nullable(reader, 6), Nullable(reader, 7), Nullable(reader, 8)));
            }
        }

        if (unreadable.Count > 0)
        {
            await ParkAsync(connection, tx, unreadable, ct);
        }

        if (batch.Count == 0)
        {
            await tx.CommitAsync(ct);
            return unreadable.Count;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.PublishTimeout);

        // Started in outbox order on one bus; each publish awaits the broker's confirm.
        var publishes = batch.Select(m => bus.Publish(m.Message, m.Type, Pipe.Execute<PublishContext>(context =>
        {
            context.MessageId = m.Id;
            if (Guid.TryParse(m.Correlation, out var correlation))
            {
                context.CorrelationId = correlation;
                context.ConversationId = correlation;
            }

            SetHeader(context, MessageHeaders.Causation, m.Causation);
            SetHeader(context, MessageHeaders.UserId, m.User);
            SetHeader(context, MessageHeaders.OnBehalfOf, m.OnBehalfOf);
            SetHeader(context, MessageHeaders.Council, m.Tenant);
        }), timeout.Token)).ToList();
        await Task.WhenAll(publishes);

        await using (var delete = new NpgsqlCommand($"DELETE FROM {store.Schema}.outbox WHERE seq = ANY(@seqs)", connection, tx))
        {
            delete.Parameters.AddWithValue("seqs", batch.Select(m => m.Seq).ToArray());
            await delete.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return batch.Count + unreadable.Count;
    }

    private (Type? Type, object? Message, string? Reason) Read(string typeName, string body)
    {
        try
        {
            var type = Type.GetType(typeName, throwOnError: false);
            if (type is null)
            {
                return (null, null, "The message type no longer loads.");
            }

            return JsonSerializer.Deserialize(body, type, BrokerageMarten.Json) is { } message
                ? (type, message, null)
                : (null, null, "The body is null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or IOException or TypeLoadException or BadImageFormatException)
        {
            return (null, null, $"The body does not read as its type ({e.GetType().Name}).");
        }
    }

    // Moves rows that cannot be published out of the way, so one bad row never blocks the messages behind it.
    private async Task ParkAsync(NpgsqlConnection connection, NpgsqlTransaction tx, List<(long Seq, Guid Id, string Type, string Reason)> rows, CancellationToken ct)
    {
        await using var park = new NpgsqlCommand($"""
            WITH moved AS (DELETE FROM {store.Schema}.outbox WHERE seq = ANY(@seqs) RETURNING *)
            INSERT INTO {store.Schema}.outbox_parked
                (seq, message_id, message_type, body, correlation_id, causation_id, user_id, on_behalf_of, tenant_id, created_at, reason)
            SELECT m.seq, m.message_id, m.message_type, m.body, m.correlation_id, m.causation_id, m.user_id, m.on_behalf_of, m.tenant_id,
                   m.created_at, r.reason
            FROM moved m JOIN unnest(@seqs, @reasons) AS r(seq, reason) ON r.seq = m.seq
            """, connection, tx);
        park.Parameters.AddWithValue("seqs", rows.Select(r => r.Seq).ToArray());
        park.Parameters.AddWithValue("reasons", rows.Select(r => r.Reason).ToArray());
        await park.ExecuteNonQueryAsync(ct);
        foreach (var row in rows)
        {
            logger.LogError("Parked outbox message {MessageId} of type {MessageType}: {Reason}", row.Id, row.Type, row.Reason);
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.DataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => wake.Release();
                await using (var listen = new NpgsqlCommand($"LISTEN {MessagingSchema.NotifyChannel(store.Schema)}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Outbox listener lost its connection ({Error}); polling until it reconnects", e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static void SetHeader(PublishContext context, string name, string? value)
    {
        if (value is not null)
        {
            context.Headers.Set(name, value);
        }
    }

    private static string? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

/// <summary>
/// Forgets inbox entries older than <see cref="OutboxRelayOptions.InboxRetention"/>, hourly, whether or not this
/// replica relays. Domain consumers key on business ids (a payment id) for duplicates that arrive later than that.
/// </summary>
public sealed class InboxPruning(ServiceStorage store, OutboxRelayOptions options, ILogger<InboxPruning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var hourly = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await Inbox.ForgetOlderThanAsync(store, options.InboxRetention, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Inbox pruning failed ({Error}); it runs again in an hour", e.GetType().Name);
            }
        }
        while (await hourly.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>Ready while the relay reaches the broker; degraded (with how long and how much is waiting) while it cannot.</summary>
public sealed class OutboxRelayHealthCheck(ServiceStorage store, OutboxRelayStatus status, OutboxRelayOptions options, TimeProvider? clock = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT count(*), COALESCE(EXTRACT(EPOCH FROM (clock_timestamp() - min(created_at))), 0)::float8,
                   (SELECT count(*) FROM {store.Schema}.outbox_parked)
            FROM {store.Schema}.outbox
            """, connection);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var pending = reader.GetInt64(0);
        var lag = TimeSpan.FromSeconds(reader.GetDouble(1));
        var parked = reader.GetInt64(2);
        var data = new Dictionary<string, object> { ["pending"] = pending, ["oldest_pending_seconds"] = Math.Round(lag.TotalSeconds, 1), ["published"] = status.Published, ["parked"] = parked };

        if (!status.BrokerReachable)
        {
            var down = (clock ?? TimeProvider.System).GetUtcNow() - (status.UnreachableSince ?? DateTimeOffset.UtcNow);
            return HealthCheckResult.Degraded($"Broker unreachable for {down.TotalSeconds:0}s; {pending} messages waiting in the outbox", data: data);
        }

        if (parked > 0)
        {
            return HealthCheckResult.Degraded($"{parked} outbox messages are parked because they cannot be read (see {store.Schema}.outbox_parked)", data: data);
        }

        return lag > options.LagWarning
            ? HealthCheckResult.Degraded($"Outbox relay is {lag.TotalSeconds:0}s behind; {pending} messages waiting", data: data)
            : HealthCheckResult.Healthy($"{pending} messages waiting", data);
    }
}
