using Brokerage.Members.Api.Pledges;
using Brokerage.Members.Contracts;
using Brokerage.Messaging;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;
using MassTransit;

namespace Brokerage.Members.Api.IntegrationEvents;

/// <summary>
/// Keeps the "pledged" part of a member's budget view from PooledFunds' MemberPledgesChanged. Idempotent per message
/// (the inbox) and per business key (the budget view keeps the highest version per member, year and stream).
/// </summary>
public sealed partial class MemberPledgesChangedConsumer(ILogger<MemberPledgesChangedConsumer> logger) : IConsumer<MemberPledgesChanged>
{
    public Task Consume(ConsumeContext<MemberPledgesChanged> context)
    {
        var m = context.Message;
        if (m.MemberId == Guid.Empty || !FundingStreams.IsKnown(m.FundingStream) || !BudgetYears.IsPlausible(m.BudgetYear)
            || m.Pledged < 0 || m.Pledged > Money.MaximumAmount || !Money.IsSupportedCurrency(m.Currency) || m.Version < 0)
        {
            // Nothing to retry: a malformed figure would only fail again. Ids only in the log.
            LogIgnored(logger, m.MemberId, context.MessageId);
            return Task.CompletedTask;
        }

        context.Session().Events.Append(
            PledgeStreams.For(m.MemberId),
            new PledgesRecorded(m.MemberId, m.CouncilId, m.BudgetYear, m.FundingStream, m.Pledged, m.Currency, m.Version, m.ChangedAt));
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Warning, "Ignored a malformed MemberPledgesChanged for member {MemberId} (message {MessageId})")]
    private static partial void LogIgnored(ILogger logger, Guid memberId, Guid? messageId);
}

public sealed class MemberPledgesChangedConsumerDefinition : ConsumerDefinition<MemberPledgesChangedConsumer>
{
    // Deliveries for one member serialise on their pledges stream; a few at once keeps the pool of connections calm.
    public MemberPledgesChangedConsumerDefinition() => ConcurrentMessageLimit = 8;
}
