using Brokerage.Messaging;
using Brokerage.PooledFunds.Contracts;
using MassTransit;

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

    private static Task Record(ConsumeContext context, Guid poolId, object message)
    {
        context.Session().Events.Append(poolId, message);
        return Task.CompletedTask;
    }
}
