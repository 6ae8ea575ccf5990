using Brokerage.Messaging.Sagas;
using MassTransit;

namespace Brokerage.Messaging.Tests;

// Integration messages as a producer would publish them.
public sealed record PledgeRecorded(Guid PledgeId, Guid PoolId, long Amount);

public sealed record AlwaysFails(Guid Id);

// What the consuming service records: one event per effect, so effects can be counted exactly.
public sealed record PledgeCounted(Guid PoolId, Guid PledgeId, long Amount);

/// <summary>Counts pledges into a per-pool stream through the message's session; the inbox filter commits it.</summary>
public sealed class PledgeCounter : IConsumer<PledgeRecorded>
{
    public Task Consume(ConsumeContext<PledgeRecorded> context)
    {
        var m = context.Message;
        context.Session().Events.Append(m.PoolId, new PledgeCounted(m.PoolId, m.PledgeId, m.Amount));
        return Task.CompletedTask;
    }
}

/// <summary>A second consumer of the same message: the inbox is per consumer, so it applies its own effect once too.</summary>
public sealed class PledgeAuditor : IConsumer<PledgeRecorded>
{
    public Task Consume(ConsumeContext<PledgeRecorded> context)
    {
        var m = context.Message;
        context.Session().Events.Append(AuditStream(m.PoolId), new PledgeCounted(m.PoolId, m.PledgeId, m.Amount));
        return Task.CompletedTask;
    }

    public static Guid AuditStream(Guid poolId) => new(poolId.ToByteArray().Select(b => (byte)~b).ToArray());
}

public sealed class FailingConsumer : IConsumer<AlwaysFails>
{
    public Task Consume(ConsumeContext<AlwaysFails> context) => throw new InvalidOperationException("provider account is closed");
}

// A saga: collects contributions to a pot and, when it reaches its target, announces it through the outbox.
public sealed record PotOpened(Guid PotId, long Target);

public sealed record PotContributed(Guid PotId, long Amount);

public sealed record PotFilled(Guid PotId, long Total, int Contributions);

public sealed class PotState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public long Target { get; set; }

    public long Total { get; set; }

    public int Contributions { get; set; }
}

public sealed class PotStateMachine : MassTransitStateMachine<PotState>
{
    public PotStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Opened, e => e.CorrelateById(c => c.Message.PotId));
        Event(() => Contributed, e => e.CorrelateById(c => c.Message.PotId));

        Initially(When(Opened)
            .Then(c => c.Saga.Target = c.Message.Target)
            .TransitionTo(Collecting));

        During(Collecting, When(Contributed)
            .Then(c =>
            {
                c.Saga.Total += c.Message.Amount;
                c.Saga.Contributions++;
            })
            .If(c => c.Saga.Total >= c.Saga.Target, filled => filled
                .PublishViaOutbox(c => new PotFilled(c.Saga.CorrelationId, c.Saga.Total, c.Saga.Contributions))
                .TransitionTo(Filled)));

        During(Filled, When(Contributed).Then(c =>
        {
            c.Saga.Total += c.Message.Amount;
            c.Saga.Contributions++;
        }));
    }

    public State Collecting { get; private set; } = null!;

    public State Filled { get; private set; } = null!;

    public Event<PotOpened> Opened { get; private set; } = null!;

    public Event<PotContributed> Contributed { get; private set; } = null!;
}

/// <summary>Records every PotFilled it receives, so a test can see a saga's outgoing message arrive exactly once.</summary>
public sealed class PotFilledRecorder : IConsumer<PotFilled>
{
    public Task Consume(ConsumeContext<PotFilled> context)
    {
        context.Session().Events.Append(context.Message.PotId, new PledgeCounted(context.Message.PotId, Guid.NewGuid(), context.Message.Total));
        return Task.CompletedTask;
    }
}
