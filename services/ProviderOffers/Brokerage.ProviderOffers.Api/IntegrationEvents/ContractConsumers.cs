using Brokerage.Messaging;
using Brokerage.ProviderOffers.Api.ProviderContracts;
using MassTransit;
using CommissioningEvents = Brokerage.Commissioning.Contracts;

namespace Brokerage.ProviderOffers.Api.IntegrationEvents;

/// <summary>Keeps the provider's copy of its contracts: started once per contract id, varied, ended once.</summary>
public sealed class ContractStartedConsumer : IConsumer<CommissioningEvents.ContractStarted>
{
    public async Task Consume(ConsumeContext<CommissioningEvents.ContractStarted> context)
    {
        var m = context.Message;
        var contract = await context.Session().Events.FetchForWriting<ProviderContract>(m.ContractId, context.CancellationToken);
        var events = ProviderContract.Start(contract.Aggregate, new ContractStarted(
            m.ContractId, m.CallId, m.CouncilId, m.PoolId, m.ProviderId, m.AnnualPrice, m.Currency, m.StartDate, m.EndDate, m.StartedAt));
        contract.AppendMany(events);
    }
}

public sealed class ContractVariedConsumer : IConsumer<CommissioningEvents.ContractVaried>
{
    public async Task Consume(ConsumeContext<CommissioningEvents.ContractVaried> context)
    {
        var m = context.Message;
        var contract = await context.Session().Events.FetchForWriting<ProviderContract>(m.ContractId, context.CancellationToken);
        var events = ProviderContract.Vary(
            contract.Aggregate ?? throw new ContractNotYetKnown(m.ContractId),
            new ContractVaried(m.ContractId, m.AnnualPrice, m.Currency, m.EndDate, m.Reason, m.VariedAt));
        contract.AppendMany(events);
    }
}

public sealed class ContractEndedConsumer : IConsumer<CommissioningEvents.ContractEnded>
{
    public async Task Consume(ConsumeContext<CommissioningEvents.ContractEnded> context)
    {
        var m = context.Message;
        var contract = await context.Session().Events.FetchForWriting<ProviderContract>(m.ContractId, context.CancellationToken);
        var events = ProviderContract.End(contract.Aggregate ?? throw new ContractNotYetKnown(m.ContractId), new ContractEnded(m.ContractId, m.Reason, m.EndedAt));
        contract.AppendMany(events);
    }
}

/// <summary>A variation or end arrived before the contract's start; the consumer is retried.</summary>
public sealed class ContractNotYetKnown(Guid contractId) : Exception($"Contract {contractId} is not known yet.");
