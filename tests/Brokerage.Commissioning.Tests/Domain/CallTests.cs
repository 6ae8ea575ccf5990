using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Needs;
using static Brokerage.Commissioning.Tests.Domain.Given;

namespace Brokerage.Commissioning.Tests.Domain;

public sealed class CallTests
{
    private static readonly Need Need = Need.Create(new NeedRaised(Guid.NewGuid(), PoolId, Council, M1, "t", "d", "u", Now));

    private static CallTerms Terms(DateTimeOffset? closesAt = null) => new(
        "Title", "Description", ["Outcome"], ["community-activities"], 1_000_000, "GBP", 12, new DateOnly(2027, 4, 1),
        new EvaluationWeights(40, 30, 30), closesAt ?? Now.AddDays(7), StandstillRules.Pcr2015, 48);

    private static DraftCall Draft(DateTimeOffset? closesAt = null) => new(Guid.NewGuid(), Terms(closesAt), "broker-1", Now);

    private static CallForOffers Call(params object[] events) => State<CallForOffers>(events);

    // Drafting
    [Fact]
    public void GivenActivePool_WhenBrokerDraftsCall_ThenCallDrafted()
    {
        var drafted = CallDecisions.Handle(Pool(), Need, Draft());
        Assert.Equal(Need.Id, drafted.NeedId);
        Assert.Equal(CallStatus.Draft, CallForOffers.Create(drafted).Status);
    }

    [Theory]
    [InlineData("open")]
    [InlineData("winding-down")]
    [InlineData("closed")]
    public void GivenPoolNotActive_WhenBrokerDraftsCall_ThenRejected(string status) =>
        Assert.Throws<PoolNotActive>(() => CallDecisions.Handle(Pool(status), Need, Draft()));

    [Fact]
    public void GivenActivePool_WhenDraftClosesInThePast_ThenRejected() =>
        Assert.Throws<ClosingTimeNotInFuture>(() => CallDecisions.Handle(Pool(), Need, Draft(Now.AddMinutes(-1))));

    // Editing a draft
    [Fact]
    public void GivenDraft_WhenBrokerEditsIt_ThenDraftCallEditedAndTheCallHasTheNewTerms()
    {
        var d = Drafted();
        var terms = Terms() with { Title = "Evening and weekend support", Outcomes = ["Go out", "Meet friends"], VotingWindowHours = 72 };
        var edited = CallDecisions.Handle(Call(d), new EditDraftCall(d.NeedId, terms, "broker-2", Now.AddHours(1)));
        Assert.NotNull(edited);
        Assert.Equal("broker-2", edited.EditedBy);
        var call = Call(d, edited);
        Assert.True(call.Terms.SameAs(terms));
        Assert.Equal(CallStatus.Draft, call.Status);
        Assert.Equal(d.NeedId, call.NeedId);
    }

    [Fact]
    public void GivenDraft_WhenEditedWithTheTermsItHas_ThenNothingIsRecorded()
    {
        var d = Drafted();
        var same = Call(d).Terms with { Outcomes = [.. d.Outcomes], ServiceCategories = [.. d.ServiceCategories] }; // equal lists, other instances
        Assert.Null(CallDecisions.Handle(Call(d), new EditDraftCall(d.NeedId, same, "broker-1", Now)));
    }

    [Fact]
    public void GivenDraft_WhenEditedForAnotherNeed_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<NeedCannotChange>(() => CallDecisions.Handle(Call(d), new EditDraftCall(Guid.NewGuid(), Terms(), "broker-1", Now)));
    }

    [Fact]
    public void GivenDraft_WhenEditedToCloseInThePast_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<ClosingTimeNotInFuture>(() => CallDecisions.Handle(Call(d), new EditDraftCall(d.NeedId, Terms(Now), "broker-1", Now)));
    }

    [Fact]
    public void GivenCallNoLongerADraft_WhenEdited_ThenRejected()
    {
        var d = Drafted();
        object[][] notDrafts =
        [
            [d, new CallPublished(d.CallId, Now)],
            [d, new CallCancelled(d.CallId, "r", "b", Now)],
            Evaluating(d, Bid(100)),
        ];
        foreach (var events in notDrafts)
        {
            Assert.Throws<CallNotInState>(() => CallDecisions.Handle(Call(events), new EditDraftCall(d.NeedId, Terms(), "broker-1", Now)));
        }
    }

    // Publishing
    [Fact]
    public void GivenEditedDraft_WhenPublished_ThenItIsPublishedOnTheEditedTerms()
    {
        var d = Drafted();
        var edited = CallDecisions.Handle(Call(d), new EditDraftCall(d.NeedId, Terms() with { MaximumAnnualPrice = 900_000 }, "broker-1", Now))!;
        var call = Call(d, edited, CallDecisions.Handle(Call(d, edited), new PublishCall(Now)));
        Assert.Equal(CallStatus.Published, call.Status);
        Assert.Equal(900_000, call.MaximumAnnualPrice);
    }

    [Fact]
    public void GivenDraft_WhenPublished_ThenCallPublished() =>
        Assert.Equal(Now, CallDecisions.Handle(Call(Drafted()), new PublishCall(Now)).PublishedAt);

    [Fact]
    public void GivenPublishedCall_WhenPublishedAgain_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<CallNotInState>(() => CallDecisions.Handle(Call(d, new CallPublished(d.CallId, Now)), new PublishCall(Now)));
    }

    [Fact]
    public void GivenDraftWhoseClosingTimePassed_WhenPublished_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<ClosingTimeNotInFuture>(() => CallDecisions.Handle(Call(d), new PublishCall(d.ClosesAt)));
    }

    // Closing
    [Fact]
    public void GivenPublishedCallPastClosing_WhenTimersRun_ThenCallClosed()
    {
        var d = Drafted();
        Assert.NotNull(CallDecisions.Handle(Call(d, new CallPublished(d.CallId, Now)), new CloseCall(d.ClosesAt)));
    }

    [Fact]
    public void GivenPublishedCallBeforeClosing_WhenTimersRun_ThenNothing()
    {
        var d = Drafted();
        Assert.Null(CallDecisions.Handle(Call(d, new CallPublished(d.CallId, Now)), new CloseCall(d.ClosesAt.AddSeconds(-1))));
    }

    [Fact]
    public void GivenClosedCall_WhenTimersRunAgain_ThenNothing()
    {
        var d = Drafted();
        Assert.Null(CallDecisions.Handle(Call(d, new CallPublished(d.CallId, Now), new CallClosed(d.CallId, d.ClosesAt)), new CloseCall(d.ClosesAt.AddDays(1))));
    }

    // Opening bids
    [Fact]
    public void GivenClosedCall_WhenBidsOpen_ThenEvaluatingWithTheVotingWindowAndElectorate()
    {
        var d = Drafted();
        var call = Call(d, new CallPublished(d.CallId, Now), new CallClosed(d.CallId, d.ClosesAt));
        var events = CallDecisions.Handle(call, new OpenBids([Bid(100)], Pool(quorum: 60), d.ClosesAt));
        var received = Assert.IsType<BidsReceived>(Assert.Single(events));
        Assert.Equal(d.ClosesAt.AddHours(48), received.VotingClosesAt);
        Assert.Equal(4, received.Electorate.Count);
        Assert.Equal(60, received.QuorumPercent);
        Assert.Equal(CallStatus.Evaluating, call.Apply(received).Status);
    }

    [Fact]
    public void GivenPublishedCall_WhenBidsOpenBeforeTheTimersClosedIt_ThenClosedAndEvaluating()
    {
        var d = Drafted();
        var events = CallDecisions.Handle(Call(d, new CallPublished(d.CallId, Now)), new OpenBids([Bid(100)], Pool(), d.ClosesAt));
        Assert.IsType<CallClosed>(events[0]);
        Assert.IsType<BidsReceived>(events[1]);
    }

    [Fact]
    public void GivenEvaluatingCall_WhenBidsOpenAgain_ThenNothingChanges() =>
        Assert.Empty(CallDecisions.Handle(Call(Evaluating(Drafted(), Bid(100))), new OpenBids([Bid(1)], Pool(), Now)));

    [Fact]
    public void GivenCancelledCall_WhenBidsOpen_ThenNothingChanges()
    {
        var d = Drafted();
        Assert.Empty(CallDecisions.Handle(Call(d, new CallCancelled(d.CallId, "r", "b", Now)), new OpenBids([Bid(1)], Pool(), Now)));
    }

    // Quality
    [Fact]
    public void GivenEvaluatingCall_WhenBrokerScoresQuality_ThenQualityScored()
    {
        var bid = Bid(100);
        var d = Drafted();
        var scored = CallDecisions.Handle(Call(Evaluating(d, bid)), new ScoreQuality(bid.BidId, 70, "Good", "broker-1", Now));
        Assert.Equal(70, Call([.. Evaluating(d, bid), scored]).Bids.Single().QualityScore);
    }

    [Fact]
    public void GivenEvaluatingCall_WhenUnknownBidIsScored_ThenRejected() =>
        Assert.Throws<UnknownBid>(() => CallDecisions.Handle(Call(Evaluating(Drafted(), Bid(100))), new ScoreQuality(Guid.NewGuid(), 70, "r", "b", Now)));

    [Fact]
    public void GivenPublishedCall_WhenQualityIsScored_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<CallNotInState>(() => CallDecisions.Handle(Call(d, new CallPublished(d.CallId, Now)), new ScoreQuality(Guid.NewGuid(), 1, "r", "b", Now)));
    }

    // Voting
    private static (CallDrafted D, CallBid A, CallBid B, CallForOffers Call) Voting()
    {
        var d = Drafted();
        var a = Bid(100);
        var b = Bid(200);
        return (d, a, b, Call(Evaluating(d, a, b)));
    }

    [Fact]
    public void GivenOpenVote_WhenMemberVotes_ThenVoteCast()
    {
        var (d, a, _, call) = Voting();
        var cast = CallDecisions.Handle(call, new CastVote(M1, a.BidId, null, d.ClosesAt.AddHours(1)));
        Assert.Null(cast.CastBy);
    }

    [Fact]
    public void GivenOpenVote_WhenRepresentativeVotesForMember_ThenVoteCastRecordsTheRepresentative()
    {
        var (d, a, _, call) = Voting();
        Assert.Equal("rep-1", CallDecisions.Handle(call, new CastVote(M2, a.BidId, "rep-1", d.ClosesAt.AddHours(1))).CastBy);
    }

    [Fact]
    public void GivenMemberVoted_WhenTheyVoteAgain_ThenRejected()
    {
        var (d, a, b, call) = Voting();
        call = call.Apply(CallDecisions.Handle(call, new CastVote(M1, a.BidId, null, d.ClosesAt.AddHours(1))));
        Assert.Throws<AlreadyVoted>(() => CallDecisions.Handle(call, new CastVote(M1, b.BidId, "rep-9", d.ClosesAt.AddHours(2))));
    }

    [Fact]
    public void GivenOpenVote_WhenNonMemberVotes_ThenRejected()
    {
        var (d, a, _, call) = Voting();
        Assert.Throws<NotAPoolMember>(() => CallDecisions.Handle(call, new CastVote(Guid.NewGuid(), a.BidId, null, d.ClosesAt.AddHours(1))));
    }

    [Fact]
    public void GivenClosedVote_WhenMemberVotes_ThenRejected()
    {
        var (d, a, _, call) = Voting();
        Assert.Throws<VotingNotOpen>(() => CallDecisions.Handle(call, new CastVote(M1, a.BidId, null, d.ClosesAt.AddHours(48))));
    }

    [Fact]
    public void GivenCallNotEvaluating_WhenMemberVotes_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<VotingNotOpen>(() => CallDecisions.Handle(Call(d, new CallPublished(d.CallId, Now)), new CastVote(M1, Guid.NewGuid(), null, Now)));
    }

    [Fact]
    public void GivenOpenVote_WhenMemberVotesForUnknownBid_ThenRejected()
    {
        var (d, _, _, call) = Voting();
        Assert.Throws<UnknownBid>(() => CallDecisions.Handle(call, new CastVote(M1, Guid.NewGuid(), null, d.ClosesAt.AddHours(1))));
    }

    [Fact]
    public void GivenPoolVotesByPledge_WhenMemberVotes_ThenTheVoteIsCast()
    {
        var d = Drafted();
        var a = Bid(100);
        var call = Call(d, new CallPublished(d.CallId, Now), new CallClosed(d.CallId, d.ClosesAt),
            new BidsReceived(d.CallId, [a], [M1], 50, "weighted-by-pledge", d.ClosesAt, d.ClosesAt.AddHours(48), d.ClosesAt, new Dictionary<Guid, long> { [M1] = 500 }));
        Assert.Equal(new VoteCast(d.CallId, M1, a.BidId, null, d.ClosesAt.AddHours(1)), CallDecisions.Handle(call, new CastVote(M1, a.BidId, null, d.ClosesAt.AddHours(1))));
    }

    // Awarding
    private static object[] Scored(CallDrafted d, params CallBid[] bids) =>
        [.. Evaluating(d, bids), .. bids.Select(b => (object)new QualityScored(d.CallId, b.BidId, b.QualityScore ?? 50, "r", "b", Now))];

    [Fact]
    public void GivenScoredCallAfterVoting_WhenBrokerAwards_ThenTheBestScoreWinsWithEveryBiddersScores()
    {
        var d = Drafted();
        var cheap = Bid(100_000, quality: 40);
        var good = Bid(120_000, quality: 90);
        var events = Scored(d, cheap, good).Append(new VoteCast(d.CallId, M1, good.BidId, null, d.ClosesAt)).Append(new VoteCast(d.CallId, M2, good.BidId, null, d.ClosesAt)).ToArray();
        var awarded = CallDecisions.Handle(Call(events), new AwardCall(Guid.NewGuid(), null, "broker-1", AfterVoting(d)));
        Assert.Equal(good.BidId, awarded.BidId);
        Assert.Equal(2, awarded.Scores.Count);
        Assert.Equal(120_000, awarded.ContractValue);
        Assert.Equal(AfterVoting(d).AddDays(10), awarded.StandstillEndsAt);
        Assert.True(awarded.Vote.QuorumMet);
    }

    [Fact]
    public void GivenEqualScores_WhenBrokerAwards_ThenTheLowerPriceWins()
    {
        // Only quality counts: equal quality, different prices.
        var d = Drafted(weights: new EvaluationWeights(0, 100, 0));
        var dear = Bid(200, quality: 80);
        var cheap = Bid(150, quality: 80);
        Assert.Equal(cheap.BidId, CallDecisions.Handle(Call(Scored(d, dear, cheap)), new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d))).BidId);
    }

    [Fact]
    public void GivenEqualScoresAndPrices_WhenBrokerAwards_ThenTheEarliestSubmittedWins()
    {
        var d = Drafted(weights: new EvaluationWeights(0, 100, 0));
        var later = Bid(150, minutes: 10, quality: 80);
        var earlier = Bid(150, minutes: 5, quality: 80);
        Assert.Equal(earlier.BidId, CallDecisions.Handle(Call(Scored(d, later, earlier)), new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d))).BidId);
    }

    [Fact]
    public void GivenOpenVote_WhenBrokerAwards_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<VotingStillOpen>(() => CallDecisions.Handle(Call(Scored(d, Bid(100))), new AwardCall(Guid.NewGuid(), null, "b", d.ClosesAt.AddHours(1))));
    }

    [Fact]
    public void GivenUnscoredBid_WhenBrokerAwards_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<QualityScoresMissing>(() => CallDecisions.Handle(Call(Evaluating(d, Bid(100))), new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d))));
    }

    [Fact]
    public void GivenNoBids_WhenBrokerAwards_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<NoBidsToAward>(() => CallDecisions.Handle(Call(Evaluating(d)), new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d))));
    }

    [Fact]
    public void GivenNoRevert_WhenBrokerNamesALowerScoringBid_ThenRejected()
    {
        var d = Drafted();
        var best = Bid(100, quality: 90);
        var worse = Bid(200, quality: 10);
        Assert.Throws<AwardMustFollowScores>(() => CallDecisions.Handle(Call(Scored(d, best, worse)), new AwardCall(Guid.NewGuid(), worse.BidId, "b", AfterVoting(d))));
    }

    [Fact]
    public void GivenNoRevert_WhenBrokerNamesAnUnknownBid_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<UnknownBid>(() => CallDecisions.Handle(Call(Scored(d, Bid(100))), new AwardCall(Guid.NewGuid(), Guid.NewGuid(), "b", AfterVoting(d))));
    }

    private static (CallDrafted D, CallBid Best, CallBid Next, CallBid Last, CallForOffers Call) Reverted()
    {
        var d = Drafted();
        var best = Bid(100, quality: 90);
        var next = Bid(110, quality: 60);
        var last = Bid(300, quality: 10);
        var call = Call(Scored(d, best, next, last));
        var awarded = CallDecisions.Handle(call, new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d)));
        call = call.Apply(awarded);
        call = call.Apply(CallDecisions.Handle(call, new RevertAward(awarded.ContractId, "Pool cannot cover it", AfterVoting(d)))!);
        return (d, best, next, last, call);
    }

    [Fact]
    public void GivenRevertedAward_WhenBrokerAwardsWithoutNamingABid_ThenTheNextBestWins()
    {
        var (d, _, next, _, call) = Reverted();
        Assert.Equal(CallStatus.Evaluating, call.Status);
        Assert.Equal(next.BidId, CallDecisions.Handle(call, new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d))).BidId);
    }

    [Fact]
    public void GivenRevertedAward_WhenBrokerNamesAnotherBid_ThenThatBidIsAwarded()
    {
        var (d, _, _, last, call) = Reverted();
        Assert.Equal(last.BidId, CallDecisions.Handle(call, new AwardCall(Guid.NewGuid(), last.BidId, "b", AfterVoting(d))).BidId);
    }

    [Fact]
    public void GivenRevertedAward_WhenBrokerNamesTheRevertedBid_ThenRejected()
    {
        var (d, best, _, _, call) = Reverted();
        Assert.Throws<BidAlreadyReverted>(() => CallDecisions.Handle(call, new AwardCall(Guid.NewGuid(), best.BidId, "b", AfterVoting(d))));
    }

    [Fact]
    public void GivenEveryBidReverted_WhenBrokerAwards_ThenRejected()
    {
        var d = Drafted();
        var only = Bid(100, quality: 50);
        var call = Call(Scored(d, only));
        var awarded = CallDecisions.Handle(call, new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d)));
        call = call.Apply(awarded);
        call = call.Apply(CallDecisions.Handle(call, new RevertAward(awarded.ContractId, "No funds", AfterVoting(d)))!);
        Assert.Throws<NoBidsToAward>(() => CallDecisions.Handle(call, new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d))));
    }

    [Fact]
    public void GivenAwardedCall_WhenBrokerAwardsAgain_ThenRejected()
    {
        var (d, call, _) = Awarded();
        Assert.Throws<CallNotInState>(() => CallDecisions.Handle(call, new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d))));
    }

    // The saga's steps
    private static (CallDrafted D, CallForOffers Call, CallAwarded Award) Awarded(string rule = StandstillRules.Pcr2015)
    {
        var d = Drafted(rule: rule);
        var call = Call(Scored(d, Bid(100, quality: 50)));
        var awarded = CallDecisions.Handle(call, new AwardCall(Guid.NewGuid(), null, "b", AfterVoting(d)));
        return (d, call.Apply(awarded), awarded);
    }

    [Fact]
    public void GivenAwardedCall_WhenFundsAreRejected_ThenTheAwardIsRevertedWithTheReason()
    {
        var (_, call, award) = Awarded();
        var reverted = CallDecisions.Handle(call, new RevertAward(award.ContractId, "Pool cannot cover it", Now))!;
        var after = call.Apply(reverted);
        Assert.Equal("reverted", after.Awards.Single().Status);
        Assert.Equal("Pool cannot cover it", after.Awards.Single().RevertReason);
    }

    [Fact]
    public void GivenAwardedCall_WhenARejectionForAnotherContractArrives_ThenNothing()
    {
        var (_, call, _) = Awarded();
        Assert.Null(CallDecisions.Handle(call, new RevertAward(Guid.NewGuid(), "r", Now)));
    }

    [Fact]
    public void GivenAwardedCall_WhenFundsAreReserved_ThenTheStandstillBegins()
    {
        var (_, call, award) = Awarded();
        var began = CallDecisions.Handle(call, new BeginStandstill(award.ContractId, Now))!;
        Assert.Equal(award.StandstillEndsAt, began.StandstillEndsAt);
        Assert.Equal(CallStatus.Standstill, call.Apply(began).Status);
    }

    [Fact]
    public void GivenStandstill_WhenFundsReservedArrivesAgain_ThenNothing()
    {
        var (_, call, award) = Awarded();
        call = call.Apply(CallDecisions.Handle(call, new BeginStandstill(award.ContractId, Now))!);
        Assert.Null(CallDecisions.Handle(call, new BeginStandstill(award.ContractId, Now)));
    }

    [Fact]
    public void GivenStandstill_WhenItsEndPasses_ThenStandstillEndedOnceAndTheCallIsContracted()
    {
        var (_, call, award) = Awarded();
        call = call.Apply(CallDecisions.Handle(call, new BeginStandstill(award.ContractId, Now))!);
        Assert.Null(CallDecisions.Handle(call, new EndStandstill(award.StandstillEndsAt.AddSeconds(-1))));
        Assert.Null(CallDecisions.Handle(call, new ContractCall(award.ContractId, award.StandstillEndsAt)));
        var ended = CallDecisions.Handle(call, new EndStandstill(award.StandstillEndsAt))!;
        call = call.Apply(ended);
        Assert.Null(CallDecisions.Handle(call, new EndStandstill(award.StandstillEndsAt.AddDays(1))));
        var contracted = CallDecisions.Handle(call, new ContractCall(award.ContractId, award.StandstillEndsAt))!;
        Assert.Equal(CallStatus.Contracted, call.Apply(contracted).Status);
    }

    // Cancelling
    [Fact]
    public void GivenCallBeforeTheContract_WhenBrokerCancels_ThenCallCancelledWithTheReason()
    {
        var d = Drafted();
        foreach (var call in new[] { Call(d), Call(d, new CallPublished(d.CallId, Now)), Call(Evaluating(d, Bid(1))), Awarded().Call })
        {
            var cancelled = CallDecisions.Handle(call, new CancelCall("Need met elsewhere", "b", Now));
            Assert.Equal(CallStatus.Cancelled, call.Apply(cancelled).Status);
        }
    }

    [Fact]
    public void GivenCancelledCall_WhenBrokerCancelsAgain_ThenRejected()
    {
        var d = Drafted();
        Assert.Throws<CallNotInState>(() => CallDecisions.Handle(Call(d, new CallCancelled(d.CallId, "r", "b", Now)), new CancelCall("r", "b", Now)));
    }

    [Fact]
    public void GivenContractedCall_WhenBrokerCancels_ThenRejected()
    {
        var (_, call, award) = Awarded();
        call = call.Apply(CallDecisions.Handle(call, new BeginStandstill(award.ContractId, Now))!);
        call = call.Apply(CallDecisions.Handle(call, new EndStandstill(award.StandstillEndsAt))!);
        call = call.Apply(CallDecisions.Handle(call, new ContractCall(award.ContractId, award.StandstillEndsAt))!);
        Assert.Throws<CallNotInState>(() => CallDecisions.Handle(call, new CancelCall("r", "b", Now)));
    }
}
