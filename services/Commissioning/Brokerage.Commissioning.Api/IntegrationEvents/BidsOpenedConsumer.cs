using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Pools;
using Brokerage.Commissioning.Contracts;
using Brokerage.Messaging;
using Brokerage.ProviderOffers.Contracts;
using Marten;
using MassTransit;

namespace Brokerage.Commissioning.Api.IntegrationEvents;

/// <summary>
/// The call's bids, unsealed: the call moves to evaluating and the member vote opens. Keyed on the call id: a repeat (or a
/// second message for the same call) finds the call past this point and changes nothing.
/// </summary>
public sealed class BidsOpenedConsumer(TimeProvider clock, ILogger<BidsOpenedConsumer> logger) : IConsumer<BidsOpened>
{
    public async Task Consume(ConsumeContext<BidsOpened> context)
    {
        var m = context.Message;
        var session = context.Session();
        var call = await session.Events.FetchForWriting<CallForOffers>(m.CallId, context.CancellationToken);
        if (call.Aggregate is not { } terms || terms.CouncilId != m.CouncilId)
        {
            logger.LogWarning("Bids opened for unknown call {CallId}; ignored", m.CallId);
            return;
        }

        var pool = await session.LoadAsync<Pool>(terms.PoolId, context.CancellationToken)
            ?? new Pool(terms.PoolId, terms.CouncilId, null, Pool.Unknown, 0, Pool.OneMemberOneVote, []);
        var now = clock.GetUtcNow();
        var bids = m.Bids.Select(b => new CallBid(
            b.BidId, b.ProviderId, b.ProviderName, b.AnnualPrice, b.Currency, b.Capacity, b.Proposal, b.OutcomeCommitments, b.SubmittedAt)).ToArray();
        var events = CallDecisions.Handle(terms, new OpenBids(bids, pool, now));
        if (events.Length == 0)
        {
            return;
        }

        call.AppendMany(events);
        if (events.OfType<CallClosed>().FirstOrDefault() is { } closed)
        {
            session.Publish(new CallForOffersClosed(terms.Id, terms.CouncilId, closed.ClosedAt));
        }
    }
}
