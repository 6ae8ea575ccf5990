using Brokerage.Members.Contracts;
using Brokerage.Messaging;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Budgets.RecordingBudgets;
using Brokerage.ServiceDefaults;
using MassTransit;

namespace Brokerage.PooledFunds.Api.IntegrationEvents;

/// <summary>
/// Keeps each member's budget stream (stream id = member id) from the Members service's events: registration,
/// allocations and reassessments (with history), pooling consent, closure. The inbox makes each message count once;
/// the decisions are also idempotent by business key, and order-independent.
/// </summary>
public sealed partial class MemberBudgetConsumer(TimeProvider clock, ILogger<MemberBudgetConsumer> logger) :
    IConsumer<MemberRegistered>,
    IConsumer<BudgetAllocated>,
    IConsumer<BudgetReassessed>,
    IConsumer<PoolingConsentGiven>,
    IConsumer<PoolingConsentWithdrawn>,
    IConsumer<MemberClosed>
{
    public Task Consume(ConsumeContext<MemberRegistered> context)
    {
        var m = context.Message;
        return Record(context, m.MemberId, budget => BudgetFacts.Handle(budget, new RecordRegistration(m.MemberId, m.CouncilId, m.Pseudonym, m.RegisteredAt)));
    }

    public Task Consume(ConsumeContext<BudgetAllocated> context)
    {
        var m = context.Message;
        return IsUsable(m.FundingStream, m.BudgetYear, m.Amount, m.Currency)
            ? Record(context, m.MemberId, budget => BudgetFacts.Handle(budget, new RecordAllocation(
                m.MemberId, m.CouncilId, m.BudgetYear, m.FundingStream, m.Amount, BudgetFacts.Allocated, m.AllocatedAt, clock.GetUtcNow())))
            : Ignore(nameof(BudgetAllocated));
    }

    public Task Consume(ConsumeContext<BudgetReassessed> context)
    {
        var m = context.Message;
        return IsUsable(m.FundingStream, m.BudgetYear, m.Amount, m.Currency)
            ? Record(context, m.MemberId, budget => BudgetFacts.Handle(budget, new RecordAllocation(
                m.MemberId, m.CouncilId, m.BudgetYear, m.FundingStream, m.Amount, BudgetFacts.Reassessed, m.ReassessedAt, clock.GetUtcNow())))
            : Ignore(nameof(BudgetReassessed));
    }

    public Task Consume(ConsumeContext<PoolingConsentGiven> context)
    {
        var m = context.Message;
        return Record(context, m.MemberId, budget => BudgetFacts.Handle(budget, new RecordPoolingConsent(m.MemberId, m.CouncilId, true, m.GivenAt)));
    }

    public Task Consume(ConsumeContext<PoolingConsentWithdrawn> context)
    {
        var m = context.Message;
        return Record(context, m.MemberId, budget => BudgetFacts.Handle(budget, new RecordPoolingConsent(m.MemberId, m.CouncilId, false, m.WithdrawnAt)));
    }

    public Task Consume(ConsumeContext<MemberClosed> context)
    {
        var m = context.Message;
        return Record(context, m.MemberId, budget => BudgetFacts.Handle(budget, new RecordClosure(m.MemberId, m.CouncilId, m.ClosedAt)));
    }

    private static async Task Record(ConsumeContext context, Guid memberId, Func<MemberBudget?, IReadOnlyList<object>> decide)
    {
        var stream = await context.Session().Events.FetchForWriting<MemberBudget>(memberId, context.CancellationToken);
        var events = decide(stream.Aggregate);
        if (events.Count > 0)
        {
            stream.AppendMany([.. events]); // nothing new (a duplicate by business key): nothing written
        }
    }

    private static bool IsUsable(string fundingStream, int budgetYear, long amount, string currency) =>
        FundingStreams.IsKnown(fundingStream) && BudgetYears.IsPlausible(budgetYear) && amount is >= 0 and <= Money.MaximumAmount
        && Money.IsSupportedCurrency(currency);

    private Task Ignore(string messageType)
    {
        LogIgnored(logger, messageType);
        return Task.CompletedTask;
    }

    // Ids and figures are not logged either: the message type is enough to find it in the broker's records.
    [LoggerMessage(LogLevel.Warning, "Ignored a {MessageType} with an unknown funding stream, implausible year, amount or currency")]
    private static partial void LogIgnored(ILogger logger, string messageType);
}
