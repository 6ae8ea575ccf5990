using Brokerage.Messaging;
using Brokerage.ProviderOffers.Api.Calls;
using Brokerage.ProviderOffers.Api.Calls.CancellingCall;
using Brokerage.ProviderOffers.Api.Calls.ClosingCall;
using Brokerage.ProviderOffers.Api.Calls.RecordingAward;
using Brokerage.ProviderOffers.Api.Calls.RecordingCall;
using MassTransit;
using CommissioningEvents = Brokerage.Commissioning.Contracts;
using Published = Brokerage.ProviderOffers.Contracts;

namespace Brokerage.ProviderOffers.Api.IntegrationEvents;

/// <summary>Records a call Commissioning published, so verified providers in its categories can see it and bid.</summary>
public sealed class CallForOffersPublishedConsumer : IConsumer<CommissioningEvents.CallForOffersPublished>
{
    public async Task Consume(ConsumeContext<CommissioningEvents.CallForOffersPublished> context)
    {
        var m = context.Message;
        var call = await context.Session().Events.FetchForWriting<CallForOffers>(m.CallId, context.CancellationToken);
        var events = RecordCall.Handle(call.Aggregate, new RecordCall(
            m.CallId, m.CouncilId, m.PoolId, m.Title, m.Description, m.Outcomes, m.ServiceCategories, m.MaximumAnnualPrice, m.Currency,
            m.TermMonths, m.StartDate, m.ClosesAt, m.PublishedAt));
        call.AppendMany(events);
    }
}

/// <summary>
/// Closes the call and opens its bids: <see cref="Published.BidsOpened"/> goes out exactly once per call, in the same
/// transaction as the close. A duplicate close (any message id) finds the call closed and publishes nothing.
/// </summary>
public sealed class CallForOffersClosedConsumer(TimeProvider clock) : IConsumer<CommissioningEvents.CallForOffersClosed>
{
    public async Task Consume(ConsumeContext<CommissioningEvents.CallForOffersClosed> context)
    {
        var m = context.Message;
        var session = context.Session();
        var call = await session.Events.FetchForWriting<CallForOffers>(m.CallId, context.CancellationToken);
        var state = call.Aggregate ?? throw new CallNotYetKnown(m.CallId);
        var events = CloseCall.Handle(state, new CloseCall(m.CallId, m.ClosedAt, clock.GetUtcNow()));
        if (events is not [CallClosed closed])
        {
            return;
        }

        call.AppendOne(closed);
        var opened = state.LiveBids
            .Select(bid => new Published.OpenedBid(
                bid.BidId, bid.ProviderId, bid.ProviderName, bid.AnnualPrice, bid.Currency, bid.Capacity, bid.Proposal, bid.OutcomeCommitments,
                bid.SubmittedAt, bid.Revision, bid.LastRevisedAt))
            .ToList();
        session.Publish(new Published.BidsOpened(m.CallId, state.CouncilId, opened, closed.OpenedAt));
    }
}

public sealed class CallForOffersCancelledConsumer : IConsumer<CommissioningEvents.CallForOffersCancelled>
{
    public async Task Consume(ConsumeContext<CommissioningEvents.CallForOffersCancelled> context)
    {
        var m = context.Message;
        var call = await context.Session().Events.FetchForWriting<CallForOffers>(m.CallId, context.CancellationToken);
        var events = CancelCall.Handle(call.Aggregate ?? throw new CallNotYetKnown(m.CallId), new CancelCall(m.CallId, m.Reason, m.CancelledAt));
        call.AppendMany(events);
    }
}

/// <summary>Records the award and every bidder's scores, so each provider can read its own result.</summary>
public sealed class CallForOffersAwardedConsumer : IConsumer<CommissioningEvents.CallForOffersAwarded>
{
    public async Task Consume(ConsumeContext<CommissioningEvents.CallForOffersAwarded> context)
    {
        var m = context.Message;
        var call = await context.Session().Events.FetchForWriting<CallForOffers>(m.CallId, context.CancellationToken);
        var scores = m.Scores.Select(s => new BidderScore(s.BidId, s.ProviderId, s.PriceScore, s.QualityScore, s.VoteScore, s.Total)).ToList();
        var events = RecordAward.Handle(
            call.Aggregate ?? throw new CallNotYetKnown(m.CallId),
            new RecordAward(m.CallId, m.ContractId, m.BidId, m.ProviderId, m.AnnualPrice, m.Currency, scores, m.StandstillEndsAt, m.AwardedAt));
        call.AppendMany(events);
    }
}

public sealed class AwardRevertedConsumer : IConsumer<CommissioningEvents.AwardReverted>
{
    public async Task Consume(ConsumeContext<CommissioningEvents.AwardReverted> context)
    {
        var m = context.Message;
        var call = await context.Session().Events.FetchForWriting<CallForOffers>(m.CallId, context.CancellationToken);
        var events = RecordAwardReverted.Handle(
            call.Aggregate ?? throw new CallNotYetKnown(m.CallId), new RecordAwardReverted(m.CallId, m.ContractId, m.BidId, m.Reason, m.RevertedAt));
        call.AppendMany(events);
    }
}
