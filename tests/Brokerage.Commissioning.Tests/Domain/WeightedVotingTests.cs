using System.Text.Json;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;
using static Brokerage.Commissioning.Tests.Domain.Given;
using Pool = Brokerage.Commissioning.Api.Pools.Pool;

namespace Brokerage.Commissioning.Tests.Domain;

/// <summary>Voting "weighted-by-pledge": weights fixed from the pool's live pledges when the bids are opened.</summary>
public sealed class WeightedVotingTests
{
    private const string Weighted = "weighted-by-pledge";

    /// <summary>M1 pledged 10,000p, M2 and M3 1,000p each, M4 nothing live.</summary>
    private static Pool PledgedPool(string method = Weighted) =>
        Pledged(Pool(quorum: 50, method: method), (M1, 10_000, 3), (M2, 1_000, 4), (M3, 1_000, 5));

    private static Pool Pledged(Pool pool, params (Guid Member, long Amount, long Version)[] pledges) =>
        pledges.Aggregate(pool, (p, x) => p.Apply(new PoolPledgeChanged(PoolId, Council, x.Member, x.Amount, "GBP", x.Version, Now)));

    /// <summary>A call whose bids were opened in <paramref name="pool"/>, both bids quality-scored alike, with <paramref name="votes"/> cast.</summary>
    private static (CallDrafted D, CallForOffers Call) Opened(Pool pool, CallBid[] bids, params (Guid Member, CallBid Bid)[] votes)
    {
        var d = Drafted(weights: new EvaluationWeights(20, 20, 60));
        var published = State<CallForOffers>(d, new CallPublished(d.CallId, Now));
        var call = State<CallForOffers>([d, new CallPublished(d.CallId, Now), .. CallDecisions.Handle(published, new OpenBids(bids, pool, d.ClosesAt))]);

        foreach (var b in bids)
        {
            call = call.Apply(new QualityScored(d.CallId, b.BidId, 70, "r", "b", Now));
        }

        foreach (var (member, bid) in votes)
        {
            call = call.Apply(CallDecisions.Handle(call, new CastVote(member, bid.BidId, null, d.ClosesAt.AddHours(1))));
        }

        return (d, call);
    }

    [Fact]
    public void GivenPledgeChangesOutOfOrder_WhenTheyArrive_ThenTheHighestVersionWins()
    {
        var pool = State<Pool>(
            new PoolPledgeChanged(PoolId, Council, M1, 3_000, "GBP", 7, Now),
            new PoolPledgeChanged(PoolId, Council, M1, 5_000, "GBP", 4, Now),
            new PoolPledgeChanged(PoolId, Council, M2, 1_000, "GBP", 2, Now),
            new PoolPledgeChanged(PoolId, Council, M1, 3_000, "GBP", 7, Now));
        Assert.Equal(3_000, pool.LivePledged(M1));
        Assert.Equal(1_000, pool.LivePledged(M2));
        Assert.Equal(0, pool.LivePledged(M3));
    }

    [Fact]
    public void GivenAPoolVotingByPledge_WhenBidsOpen_ThenEachElectorsLivePledgeIsFixedAsTheirWeight()
    {
        var d = Drafted();
        var pool = PledgedPool();
        var events = CallDecisions.Handle(State<CallForOffers>(d, new CallPublished(d.CallId, Now)), new OpenBids([Bid(100)], pool, d.ClosesAt));

        var received = events.OfType<BidsReceived>().Single();
        Assert.Equal(Weighted, received.VotingMethod);
        Assert.Equal(new Dictionary<Guid, long> { [M1] = 10_000, [M2] = 1_000, [M3] = 1_000, [M4] = 0 }, received.Weights);
    }

    [Fact]
    public void GivenAPoolVotingOneMemberOneVote_WhenBidsOpen_ThenNoWeightsAreRecorded()
    {
        var d = Drafted();
        var events = CallDecisions.Handle(State<CallForOffers>(d, new CallPublished(d.CallId, Now)), new OpenBids([Bid(100)], PledgedPool("one-member-one-vote"), d.ClosesAt));
        Assert.Null(events.OfType<BidsReceived>().Single().Weights);
    }

    [Fact]
    public void GivenUnevenPledges_WhenTheSameVotesAreCounted_ThenOneMemberOneVoteAndWeightedByPledgeAwardDifferentBids()
    {
        var a = Bid(100_000, name: "A");
        var b = Bid(100_000, name: "B");
        (Guid, CallBid)[] votes = [(M1, a), (M2, b), (M3, b)];

        var (dCount, byCount) = Opened(PledgedPool("one-member-one-vote"), [a, b], votes);
        var (dWeight, byWeight) = Opened(PledgedPool(), [a, b], votes);

        var countScores = Evaluation.Score(byCount, Evaluation.Vote(byCount));
        Assert.Equal((33.33m, 66.67m), (countScores[0].VoteScore, countScores[1].VoteScore));
        Assert.Equal(b.BidId, CallDecisions.Handle(byCount, new AwardCall(Guid.NewGuid(), null, "broker-1", AfterVoting(dCount))).BidId);

        var vote = Evaluation.Vote(byWeight);
        Assert.True(vote.QuorumMet); // 3 of 4 members voted
        Assert.Equal(12_000, vote.WeightCast);
        var scores = Evaluation.Score(byWeight, vote);
        Assert.Equal((83.33m, 16.67m), (scores[0].VoteScore, scores[1].VoteScore)); // 100 × 10,000 / 12,000 and 100 × 2,000 / 12,000
        Assert.Equal((10_000L, 2_000L), (scores[0].WeightOfVotes, scores[1].WeightOfVotes));
        Assert.Equal((1, 2), (scores[0].Votes, scores[1].Votes));
        Assert.Equal((84m, 44m), (scores[0].Total, scores[1].Total)); // (20 × 100 + 20 × 70 + 60 × vote score) / 100
        var awarded = CallDecisions.Handle(byWeight, new AwardCall(Guid.NewGuid(), null, "broker-1", AfterVoting(dWeight)));
        Assert.Equal(a.BidId, awarded.BidId);
        Assert.Equal(12_000, awarded.Vote.WeightCast);
    }

    [Fact]
    public void GivenAnElectorWithNothingPledged_WhenTheyVote_ThenTheyCountTowardsTheQuorumButAddNoWeight()
    {
        var a = Bid(100_000);
        var b = Bid(100_000);
        var (_, call) = Opened(PledgedPool(), [a, b], (M2, a), (M4, b)); // 2 of 4 = the 50% quorum only with M4

        var vote = Evaluation.Vote(call);
        Assert.True(vote.QuorumMet);
        Assert.Equal(2, vote.VotesCast);
        Assert.Equal(1_000, vote.WeightCast);
        var scores = Evaluation.Score(call, vote);
        Assert.Equal((100m, 0m), (scores[0].VoteScore, scores[1].VoteScore));
        Assert.Equal((1, 1), (scores[0].Votes, scores[1].Votes));
        Assert.Equal(0L, scores[1].WeightOfVotes);
    }

    [Fact]
    public void GivenOnlyElectorsWithNothingPledgedVoted_WhenScored_ThenTheVoteDoesNotCountAndItsWeightIsRedistributed()
    {
        var a = Bid(100_000);
        var b = Bid(200_000);
        var pool = Pledged(Pool(quorum: 50, method: Weighted), (M1, 10_000, 3), (M2, 0, 4)); // M2 withdrew: 0; M3 never heard of: 0
        var (_, call) = Opened(pool, [a, b], (M2, b), (M3, b));

        var vote = Evaluation.Vote(call);
        Assert.False(vote.QuorumMet); // 2 of 4 voted, but with no weight
        Assert.Equal(0, vote.WeightCast);
        Assert.Contains("no pledge weight", vote.NotCountedReason);
        Assert.Equal((50m, 50m, 0m), (vote.PriceWeight, vote.QualityWeight, vote.VoteWeight));
        var scores = Evaluation.Score(call, vote);
        Assert.Equal((0m, 0m), (scores[0].VoteScore, scores[1].VoteScore));
        Assert.Equal((85m, 60m), (scores[0].Total, scores[1].Total)); // (100 + 70) / 2 and (50 + 70) / 2
    }

    [Fact]
    public void GivenBidsOpened_WhenAMembersPledgeChangesLater_ThenTheirWeightInTheCallStaysAsFixedAtOpening()
    {
        var a = Bid(100_000);
        var b = Bid(100_000);
        var pool = PledgedPool();
        var (_, call) = Opened(pool, [a, b], (M1, a), (M2, b), (M3, b));
        var before = Evaluation.Score(call, Evaluation.Vote(call));

        var later = Pledged(pool, (M1, 0, 9), (M2, 50_000, 10)); // M1 withdraws, M2 raises, after the opening
        Assert.Equal(50_000, later.LivePledged(M2));
        var (_, openedLater) = Opened(later, [a, b], (M1, a), (M2, b), (M3, b)); // only a call opened now sees the new pledges

        Assert.Equal(10_000, call.WeightOf(M1));
        Assert.Equal(1_000, call.WeightOf(M2));
        Assert.Equal(before, Evaluation.Score(call, Evaluation.Vote(call)));
        Assert.Equal(83.33m, before[0].VoteScore);
        Assert.Equal(0m, Evaluation.Score(openedLater, Evaluation.Vote(openedLater))[0].VoteScore);
    }

    [Fact]
    public void GivenABidsReceivedStoredBeforeWeightsExisted_WhenItLoads_ThenEveryWeightIsZeroAndTheVoteCannotCount()
    {
        var d = Drafted();
        var a = Bid(100_000, quality: 70);
        var old = new BidsReceived(d.CallId, [a], [M1, M2], 50, Weighted, d.ClosesAt, d.ClosesAt.AddHours(48), d.ClosesAt);
        var json = JsonSerializer.SerializeToNode(old, BrokerageMarten.Json)!.AsObject();
        json.Remove("weights"); // as written by the service before this field was added
        var loaded = json.Deserialize<BidsReceived>(BrokerageMarten.Json)!;
        Assert.Null(loaded.Weights);

        var call = State<CallForOffers>(d, new CallPublished(d.CallId, Now), new CallClosed(d.CallId, d.ClosesAt), loaded);
        call = call.Apply(CallDecisions.Handle(call, new CastVote(M1, a.BidId, null, d.ClosesAt.AddHours(1))));

        var vote = Evaluation.Vote(call);
        Assert.Equal(0, call.WeightOf(M1));
        Assert.False(vote.QuorumMet);
        Assert.Equal(0, vote.WeightCast);
    }
}
