using Brokerage.Commissioning.Api.Apis;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.Messaging;
using Brokerage.PooledFunds.Contracts;
using Marten;
using MassTransit;

namespace Brokerage.Commissioning.Api.IntegrationEvents;

/// <summary>
/// PooledFunds' answer to a varied contract's AdjustReservation: the pending terms take effect (and ContractVaried goes
/// out), or the refusal is recorded and the contract keeps its terms. Keyed on the adjustment id: a repeat, or an answer for
/// an ended contract, changes nothing.
/// </summary>
public sealed class ReservationAdjustmentConsumer(TimeProvider clock) : IConsumer<ReservationAdjusted>, IConsumer<ReservationAdjustmentRejected>
{
    public Task Consume(ConsumeContext<ReservationAdjusted> context) =>
        Settle(context, context.Message.ContractId, new SettleVariation(context.Message.AdjustmentId, null, clock.GetUtcNow()));

    public Task Consume(ConsumeContext<ReservationAdjustmentRejected> context) =>
        Settle(context, context.Message.ContractId, new SettleVariation(context.Message.AdjustmentId, context.Message.Reason, clock.GetUtcNow()));

    private static async Task Settle(ConsumeContext context, Guid contractId, SettleVariation settle)
    {
        var session = context.Session();
        var stream = await session.Events.FetchForWriting<ServiceContract>(contractId, context.CancellationToken);
        if (stream.Aggregate is not { } contract || ServiceContract.Handle(contract, settle) is not { } settled)
        {
            return;
        }

        stream.AppendOne(settled);
        if (settled is ContractAmended amended)
        {
            session.Publish(ContractsApi.Varied(contract, amended));
        }
    }
}
