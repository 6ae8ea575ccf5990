using Brokerage.ProviderOffers.Api.Calls;
using Brokerage.ProviderOffers.Api.Calls.CancellingCall;
using Brokerage.ProviderOffers.Api.Calls.ClosingCall;
using Brokerage.ProviderOffers.Api.Calls.RecordingAward;
using Brokerage.ProviderOffers.Api.Calls.RecordingCall;
using Brokerage.ProviderOffers.Api.Calls.RevisingBid;
using Brokerage.ProviderOffers.Api.Calls.SubmittingBid;
using Brokerage.ProviderOffers.Api.Calls.WithdrawingBid;
using Brokerage.ProviderOffers.Api.Providers;
using Brokerage.ProviderOffers.Api.Providers.RegisteringProvider;
using Brokerage.ProviderOffers.Api.Providers.SuspendingProvider;
using Brokerage.ProviderOffers.Api.Providers.VerifyingProvider;
using static Brokerage.ProviderOffers.Tests.Domain.Spec;

namespace Brokerage.ProviderOffers.Tests.Domain;

public sealed class CallTests
{
    private static readonly Guid CallId = Guid.NewGuid();
    private static readonly Guid ProviderId = Guid.NewGuid();
    private static readonly Guid OtherProviderId = Guid.NewGuid();
    private static readonly Guid BidId = Guid.NewGuid();
    private static readonly Guid OtherBidId = Guid.NewGuid();
    private static readonly DateTimeOffset Published = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ClosesAt = Published.AddDays(14);
    private static readonly DateTimeOffset Before = ClosesAt.AddMinutes(-1);
    private static readonly string[] Commitments = ["Same carers each week"];

    private static readonly CallForOffersRecorded Recorded = new(
        CallId, "lambeth", Guid.NewGuid(), "Home care", "Weekday home care", ["Stay at home"], ["home-care", "respite"], 5_000_000, "GBP", 24,
        new DateOnly(2027, 1, 1), ClosesAt, Published);

    private static readonly BidSubmitted Submitted = new(CallId, "lambeth", BidId, ProviderId, "Acme Care Ltd", 4_000_000, "GBP", 10, "Proposal", Commitments, Before.AddDays(-1));
    private static readonly BidSubmitted OtherSubmitted = new(CallId, "lambeth", OtherBidId, OtherProviderId, "Other Ltd", 4_500_000, "GBP", 8, "Other", Commitments, Before.AddDays(-1));

    private static Provider VerifiedProvider(Guid? id = null, string[]? categories = null, string[]? councils = null, bool suspended = false)
    {
        var providerId = id ?? ProviderId;
        var events = new List<object>
        {
            new ProviderRegistered(providerId, "Acme Care Ltd", new RegistrationNumbers(null, null, null), categories ?? ["home-care"], ["Brixton"], councils ?? ["lambeth"], Published),
            new ProviderVerified(providerId, "lambeth", "broker", null, Published),
        };
        if (suspended)
        {
            events.Add(new ProviderSuspended(providerId, "lambeth", "broker", "Review", Published));
        }

        return Given<Provider>([.. events]);
    }

    private static SubmitBid Submit(long price = 4_000_000, DateTimeOffset? at = null, string currency = "GBP") =>
        new(CallId, BidId, ProviderId, price, currency, 10, "Proposal", Commitments, at ?? Before.AddDays(-1));

    private static ReviseBid Revise(long price = 3_800_000, int? expected = null, DateTimeOffset? at = null, Guid? providerId = null, Guid? bidId = null) =>
        new(CallId, bidId ?? BidId, providerId ?? ProviderId, price, "GBP", 12, "Better", Commitments, expected, at ?? Before);

    // Recording the call

    [Fact]
    public void GivenNoCall_WhenCommissioningPublishesIt_ThenTheCallIsRecorded() =>
        Then(RecordCall.Handle(null, new RecordCall(
            CallId, "lambeth", Recorded.PoolId, "Home care", "Weekday home care", Recorded.Outcomes, Recorded.ServiceCategories, 5_000_000, "GBP", 24,
            Recorded.StartDate, ClosesAt, Published)), Recorded);

    [Fact]
    public void GivenRecordedCall_WhenPublishedAgain_ThenNothingChanges() =>
        ThenNothing(RecordCall.Handle(Given<CallForOffers>(Recorded), new RecordCall(
            CallId, "lambeth", Recorded.PoolId, "Changed", "", [], ["home-care"], 1, "GBP", 1, Recorded.StartDate, ClosesAt, Published)));

    // Submitting a bid

    [Fact]
    public void GivenOpenCallAndVerifiedProvider_WhenSubmittingABid_ThenBidSubmitted() =>
        Then(SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(), Submit()), Submitted);

    [Fact]
    public void GivenOpenCall_WhenBidIsExactlyTheMaximumPrice_ThenBidSubmitted() =>
        Then(SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(), Submit(5_000_000)), Submitted with { AnnualPrice = 5_000_000 });

    [Fact]
    public void GivenOpenCall_WhenBidIsAboveTheMaximumPrice_ThenRejected() =>
        ThenFails<BidOverMaximumPrice>(() => SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(), Submit(5_000_001)));

    [Fact]
    public void GivenOpenCall_WhenBidIsInAnotherCurrency_ThenRejected() =>
        ThenFails<BidCurrencyNotAccepted>(() => SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(), Submit(currency: "EUR")));

    [Fact]
    public void GivenUnverifiedProvider_WhenSubmittingABid_ThenNotEligible() =>
        ThenFails<ProviderNotEligible>(() => SubmitBid.Handle(
            Given<CallForOffers>(Recorded),
            Given<Provider>(new ProviderRegistered(ProviderId, "Acme", new RegistrationNumbers(null, null, null), ["home-care"], ["Brixton"], ["lambeth"], Published)),
            Submit()));

    [Fact]
    public void GivenSuspendedProvider_WhenSubmittingABid_ThenNotEligible() =>
        ThenFails<ProviderNotEligible>(() => SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(suspended: true), Submit()));

    [Fact]
    public void GivenProviderInOtherCategories_WhenSubmittingABid_ThenNotEligible() =>
        ThenFails<ProviderNotEligible>(() => SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(categories: ["transport"]), Submit()));

    [Fact]
    public void GivenProviderNoLongerWorkingWithTheCouncil_WhenSubmittingABid_ThenNotEligible() =>
        ThenFails<ProviderNotEligible>(() => SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(councils: ["southwark"]), Submit()));

    [Fact]
    public void GivenAnotherProvidersIdentity_WhenSubmittingABid_ThenNotEligible() =>
        ThenFails<ProviderNotEligible>(() => SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(OtherProviderId), Submit()));

    [Fact]
    public void GivenProviderAlreadyBid_WhenSubmittingAgain_ThenAlreadySubmitted() =>
        ThenFails<BidAlreadySubmitted>(() => SubmitBid.Handle(Given<CallForOffers>(Recorded, Submitted), VerifiedProvider(), Submit() with { BidId = Guid.NewGuid() }));

    [Fact]
    public void GivenProviderWithdrewItsBid_WhenSubmittingAgain_ThenAlreadySubmitted() =>
        ThenFails<BidAlreadySubmitted>(() => SubmitBid.Handle(
            Given<CallForOffers>(Recorded, Submitted, new BidWithdrawn(CallId, BidId, ProviderId, Before)), VerifiedProvider(), Submit() with { BidId = Guid.NewGuid() }));

    [Fact]
    public void GivenOpenCall_WhenBiddingExactlyAtTheClosingTime_ThenClosed() =>
        ThenFails<CallClosedForBids>(() => SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(), Submit(at: ClosesAt)));

    [Fact]
    public void GivenOpenCall_WhenBiddingAfterTheClosingTime_ThenClosed() =>
        ThenFails<CallClosedForBids>(() => SubmitBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(), Submit(at: ClosesAt.AddSeconds(1))));

    [Fact]
    public void GivenCallClosedByCommissioningEarly_WhenBidding_ThenClosed() =>
        ThenFails<CallClosedForBids>(() => SubmitBid.Handle(
            Given<CallForOffers>(Recorded, new CallClosed(CallId, Before.AddDays(-2), [], Before.AddDays(-2))), VerifiedProvider(), Submit()));

    [Fact]
    public void GivenCancelledCall_WhenBidding_ThenCancelled() =>
        ThenFails<CallCancelledForBids>(() => SubmitBid.Handle(
            Given<CallForOffers>(Recorded, new CallCancelled(CallId, "Need met", Before.AddDays(-2))), VerifiedProvider(), Submit()));

    // Revising a bid

    [Fact]
    public void GivenSubmittedBid_WhenRevisedBeforeClosing_ThenBidRevisedAsRevisionTwo() =>
        Then(
            ReviseBid.Handle(Given<CallForOffers>(Recorded, Submitted), VerifiedProvider(), Revise(expected: 1)),
            new BidRevised(CallId, BidId, ProviderId, 3_800_000, "GBP", 12, "Better", Commitments, 2, Before));

    [Fact]
    public void GivenRevisedBid_WhenRevisedAgain_ThenRevisionThree() =>
        Then(
            ReviseBid.Handle(
                Given<CallForOffers>(Recorded, Submitted, new BidRevised(CallId, BidId, ProviderId, 1, "GBP", 1, "p", Commitments, 2, Before.AddHours(-1))),
                VerifiedProvider(), Revise()),
            new BidRevised(CallId, BidId, ProviderId, 3_800_000, "GBP", 12, "Better", Commitments, 3, Before));

    [Fact]
    public void GivenSubmittedBid_WhenRevisedWithAStaleRevision_ThenStale() =>
        ThenFails<BidRevisionStale>(() => ReviseBid.Handle(
            Given<CallForOffers>(Recorded, Submitted, new BidRevised(CallId, BidId, ProviderId, 1, "GBP", 1, "p", Commitments, 2, Before.AddHours(-1))),
            VerifiedProvider(), Revise(expected: 1)));

    [Fact]
    public void GivenAnotherProvidersBid_WhenRevising_ThenNotFound() =>
        ThenFails<BidNotFound>(() => ReviseBid.Handle(Given<CallForOffers>(Recorded, OtherSubmitted), VerifiedProvider(), Revise(bidId: OtherBidId)));

    [Fact]
    public void GivenNoSuchBid_WhenRevising_ThenNotFound() =>
        ThenFails<BidNotFound>(() => ReviseBid.Handle(Given<CallForOffers>(Recorded), VerifiedProvider(), Revise()));

    [Fact]
    public void GivenWithdrawnBid_WhenRevising_ThenWithdrawn() =>
        ThenFails<BidAlreadyWithdrawn>(() => ReviseBid.Handle(
            Given<CallForOffers>(Recorded, Submitted, new BidWithdrawn(CallId, BidId, ProviderId, Before.AddHours(-1))), VerifiedProvider(), Revise()));

    [Fact]
    public void GivenSubmittedBid_WhenRevisedAtTheClosingTime_ThenClosed() =>
        ThenFails<CallClosedForBids>(() => ReviseBid.Handle(Given<CallForOffers>(Recorded, Submitted), VerifiedProvider(), Revise(at: ClosesAt)));

    [Fact]
    public void GivenClosedCall_WhenRevising_ThenClosed() =>
        ThenFails<CallClosedForBids>(() => ReviseBid.Handle(
            Given<CallForOffers>(Recorded, Submitted, new CallClosed(CallId, Before.AddHours(-1), [BidId], Before.AddHours(-1))), VerifiedProvider(), Revise()));

    [Fact]
    public void GivenCancelledCall_WhenRevising_ThenCancelled() =>
        ThenFails<CallCancelledForBids>(() => ReviseBid.Handle(
            Given<CallForOffers>(Recorded, Submitted, new CallCancelled(CallId, "Need met", Before.AddHours(-1))), VerifiedProvider(), Revise()));

    [Fact]
    public void GivenProviderSuspendedAfterBidding_WhenRevising_ThenNotEligible() =>
        ThenFails<ProviderNotEligible>(() => ReviseBid.Handle(Given<CallForOffers>(Recorded, Submitted), VerifiedProvider(suspended: true), Revise()));

    [Fact]
    public void GivenSubmittedBid_WhenRevisedAboveTheMaximumPrice_ThenRejected() =>
        ThenFails<BidOverMaximumPrice>(() => ReviseBid.Handle(Given<CallForOffers>(Recorded, Submitted), VerifiedProvider(), Revise(price: 5_000_001)));

    [Fact]
    public void GivenSubmittedBid_WhenRevisedInAnotherCurrency_ThenRejected() =>
        ThenFails<BidCurrencyNotAccepted>(() => ReviseBid.Handle(Given<CallForOffers>(Recorded, Submitted), VerifiedProvider(), Revise() with { Currency = "EUR" }));

    // Withdrawing a bid

    [Fact]
    public void GivenSubmittedBid_WhenWithdrawnBeforeClosing_ThenBidWithdrawn() =>
        Then(
            WithdrawBid.Handle(Given<CallForOffers>(Recorded, Submitted), new WithdrawBid(CallId, BidId, ProviderId, Before)),
            new BidWithdrawn(CallId, BidId, ProviderId, Before));

    [Fact]
    public void GivenWithdrawnBid_WhenWithdrawnAgain_ThenWithdrawn() =>
        ThenFails<BidAlreadyWithdrawn>(() => WithdrawBid.Handle(
            Given<CallForOffers>(Recorded, Submitted, new BidWithdrawn(CallId, BidId, ProviderId, Before.AddHours(-1))), new WithdrawBid(CallId, BidId, ProviderId, Before)));

    [Fact]
    public void GivenAnotherProvidersBid_WhenWithdrawing_ThenNotFound() =>
        ThenFails<BidNotFound>(() => WithdrawBid.Handle(Given<CallForOffers>(Recorded, OtherSubmitted), new WithdrawBid(CallId, OtherBidId, ProviderId, Before)));

    [Fact]
    public void GivenSubmittedBid_WhenWithdrawnAtTheClosingTime_ThenClosed() =>
        ThenFails<CallClosedForBids>(() => WithdrawBid.Handle(Given<CallForOffers>(Recorded, Submitted), new WithdrawBid(CallId, BidId, ProviderId, ClosesAt)));

    [Fact]
    public void GivenClosedCall_WhenWithdrawing_ThenClosed() =>
        ThenFails<CallClosedForBids>(() => WithdrawBid.Handle(
            Given<CallForOffers>(Recorded, Submitted, new CallClosed(CallId, Before.AddHours(-1), [BidId], Before.AddHours(-1))), new WithdrawBid(CallId, BidId, ProviderId, Before)));

    [Fact]
    public void GivenCancelledCall_WhenWithdrawing_ThenCancelled() =>
        ThenFails<CallCancelledForBids>(() => WithdrawBid.Handle(
            Given<CallForOffers>(Recorded, Submitted, new CallCancelled(CallId, "Need met", Before.AddHours(-1))), new WithdrawBid(CallId, BidId, ProviderId, Before)));

    // Closing, cancelling

    [Fact]
    public void GivenLiveAndWithdrawnBids_WhenCommissioningClosesTheCall_ThenOnlyLiveBidsAreOpened()
    {
        var third = Guid.NewGuid();
        var call = Given<CallForOffers>(
            Recorded, Submitted, OtherSubmitted, Submitted with { BidId = third, ProviderId = Guid.NewGuid() },
            new BidRevised(CallId, BidId, ProviderId, 3_000_000, "GBP", 9, "Revised", Commitments, 2, Before.AddHours(-2)),
            new BidWithdrawn(CallId, OtherBidId, OtherProviderId, Before.AddHours(-1)));

        Then(CloseCall.Handle(call, new CloseCall(CallId, ClosesAt, ClosesAt.AddSeconds(1))), new CallClosed(CallId, ClosesAt, [BidId, third], ClosesAt.AddSeconds(1)));
        var revised = call.LiveBids.Single(b => b.BidId == BidId);
        Assert.Equal((3_000_000, "Revised", 2), (revised.AnnualPrice, revised.Proposal, revised.Revision));
    }

    [Fact]
    public void GivenCallWithoutBids_WhenClosed_ThenClosedWithNoBidsOpened() =>
        Then(CloseCall.Handle(Given<CallForOffers>(Recorded), new CloseCall(CallId, ClosesAt, ClosesAt)), new CallClosed(CallId, ClosesAt, [], ClosesAt));

    [Fact]
    public void GivenClosedCall_WhenClosedAgain_ThenNothingHappens() =>
        ThenNothing(CloseCall.Handle(
            Given<CallForOffers>(Recorded, Submitted, new CallClosed(CallId, ClosesAt, [BidId], ClosesAt)), new CloseCall(CallId, ClosesAt.AddSeconds(5), ClosesAt.AddSeconds(5))));

    [Fact]
    public void GivenCancelledCall_WhenClosed_ThenBidsAreNeverOpened() =>
        ThenNothing(CloseCall.Handle(
            Given<CallForOffers>(Recorded, Submitted, new CallCancelled(CallId, "Need met", Before)), new CloseCall(CallId, ClosesAt, ClosesAt)));

    [Fact]
    public void GivenOpenCall_WhenCancelled_ThenCallCancelled() =>
        Then(CancelCall.Handle(Given<CallForOffers>(Recorded), new CancelCall(CallId, "Need met", Before)), new CallCancelled(CallId, "Need met", Before));

    [Fact]
    public void GivenCancelledCall_WhenCancelledAgain_ThenNothingHappens() =>
        ThenNothing(CancelCall.Handle(Given<CallForOffers>(Recorded, new CallCancelled(CallId, "Need met", Before)), new CancelCall(CallId, "Again", Before)));

    // Awards

    private static readonly Guid ContractId = Guid.NewGuid();
    private static readonly BidderScore[] Scores = [new(BidId, ProviderId, 100m, 80m, 70m, 85m)];
    private static readonly CallClosed Closed = new(CallId, ClosesAt, [BidId], ClosesAt);

    [Fact]
    public void GivenClosedCall_WhenAwarded_ThenCallAwarded() =>
        Then(
            RecordAward.Handle(Given<CallForOffers>(Recorded, Submitted, Closed), new RecordAward(CallId, ContractId, BidId, ProviderId, 4_000_000, "GBP", Scores, ClosesAt.AddDays(12), ClosesAt.AddDays(2))),
            new CallAwarded(CallId, ContractId, BidId, ProviderId, 4_000_000, "GBP", Scores, ClosesAt.AddDays(12), ClosesAt.AddDays(2)));

    [Fact]
    public void GivenAwardedCall_WhenTheSameAwardArrivesAgain_ThenNothingHappens() =>
        ThenNothing(RecordAward.Handle(
            Given<CallForOffers>(Recorded, Submitted, Closed, new CallAwarded(CallId, ContractId, BidId, ProviderId, 4_000_000, "GBP", Scores, ClosesAt, ClosesAt)),
            new RecordAward(CallId, ContractId, BidId, ProviderId, 4_000_000, "GBP", Scores, ClosesAt, ClosesAt)));

    [Fact]
    public void GivenAwardedCall_WhenTheAwardIsReverted_ThenAwardReverted() =>
        Then(
            RecordAwardReverted.Handle(
                Given<CallForOffers>(Recorded, Submitted, Closed, new CallAwarded(CallId, ContractId, BidId, ProviderId, 4_000_000, "GBP", Scores, ClosesAt, ClosesAt)),
                new RecordAwardReverted(CallId, ContractId, BidId, "Pool cannot cover it", ClosesAt.AddDays(1))),
            new AwardReverted(CallId, ContractId, BidId, "Pool cannot cover it", ClosesAt.AddDays(1)));

    [Fact]
    public void GivenRevertedAward_WhenRevertedAgain_ThenNothingHappens() =>
        ThenNothing(RecordAwardReverted.Handle(
            Given<CallForOffers>(
                Recorded, Submitted, Closed, new CallAwarded(CallId, ContractId, BidId, ProviderId, 4_000_000, "GBP", Scores, ClosesAt, ClosesAt),
                new AwardReverted(CallId, ContractId, BidId, "Pool", ClosesAt)),
            new RecordAwardReverted(CallId, ContractId, BidId, "Pool", ClosesAt)));

    [Fact]
    public void GivenNoSuchAward_WhenReverted_ThenWaitsForTheAward() =>
        ThenFails<AwardNotYetKnown>(() => RecordAwardReverted.Handle(Given<CallForOffers>(Recorded, Closed), new RecordAwardReverted(CallId, ContractId, BidId, "Pool", ClosesAt)));
}
