using Brokerage.Messaging;
using Brokerage.PooledFunds.Contracts;
using Marten;
using MassTransit;
using Npgsql;

namespace Brokerage.Commissioning.Api.IntegrationEvents;

/// <summary>
/// Keeps Commissioning's read model of pools (status, governance, members, live pledges) from PooledFunds' events: each is appended to
/// the pool's stream here and projected inline into the <see cref="Pools.Pool"/> document. The inbox makes it idempotent.
/// </summary>
public sealed class PoolEventsConsumer :
    IConsumer<PoolOpened>, IConsumer<PoolActivated>, IConsumer<PoolWindingDown>, IConsumer<PoolClosed>,
    IConsumer<PoolMemberJoined>, IConsumer<PoolMemberLeft>, IConsumer<PoolPledgeChanged>
{
    public Task Consume(ConsumeContext<PoolOpened> context) => Record(context, context.Message.PoolId, context.Message);

    public Task Consume(ConsumeContext<PoolActivated> context) => Record(context, context.Message.PoolId, context.Message);

    public Task Consume(ConsumeContext<PoolWindingDown> context) => Record(context, context.Message.PoolId, context.Message);

    public Task Consume(ConsumeContext<PoolClosed> context) => Record(context, context.Message.PoolId, context.Message);

    public Task Consume(ConsumeContext<PoolMemberJoined> context) => Record(context, context.Message.PoolId, context.Message);

    public Task Consume(ConsumeContext<PoolMemberLeft> context) => Record(context, context.Message.PoolId, context.Message);

    public Task Consume(ConsumeContext<PoolPledgeChanged> context) => Record(context, context.Message.PoolId, context.Message);

    private static async Task Record(ConsumeContext context, Guid poolId, object message)
    {
        // A pool's events arrive together (its opening, its members joining) and any of them may start its stream: one
        // writer per pool at a time, as racing appends would mostly fail and burn their retries (Marten's Rich append mode
        // reads the stream's version when saving, after this lock).
        var session = context.Session();
        await session.BeginTransactionAsync(context.CancellationToken);
        await using (var writer = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", session.Connection))
        {
            writer.Parameters.Add(new NpgsqlParameter { Value = $"commissioning-pool:{poolId}" });
            await writer.ExecuteNonQueryAsync(context.CancellationToken);
        }

        session.Events.Append(poolId, message);
    }
}
