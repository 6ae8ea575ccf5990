using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Contracts;
using Brokerage.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Commissioning.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class VotingTests(ServiceFixture fixture)
{
    private Scenario S => fixture.Scenario;

    [Fact]
    public async Task GivenOpenVote_WhenMembersRepresentativesAndOthersVote_ThenOneMemberOneVoteIsKept()
    {
        Guid[] members = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var a = Scenario.Bid("Streatham Steps", 700_000);
        var b = Scenario.Bid("Clapham Companions", 750_000);
        var (_, callId) = await S.EvaluatingCallAsync(members, [a, b]);

        // A member votes once; a second vote is refused.
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[0]), callId, a.BidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await S.VoteAsync(Tokens.Member(members[0]), callId, b.BidId)).StatusCode);

        // A representative votes for the member they represent, recorded as such; the member then cannot vote again.
        var representative = Guid.NewGuid();
        var rep = await S.AppointedRepresentativeAsync(representative, members[1]);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(rep, callId, b.BidId, members[1])).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await S.VoteAsync(Tokens.Member(members[1]), callId, a.BidId)).StatusCode);
        var events = await S.Service.ReadAsync(q => q.Events.FetchStreamAsync(callId));
        var repVote = events.Select(e => (e.Data as VoteCast, Metadata: EventMetadata.Of(e))).Single(x => x.Item1?.MemberId == members[1]);
        Assert.Equal(representative.ToString(), repVote.Item1!.CastBy);
        Assert.Equal(members[1].ToString(), repVote.Metadata.OnBehalfOf);
        Assert.Equal(representative.ToString(), repVote.Metadata.UserId);

        // A representative for someone else, and a non-member, are refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await S.VoteAsync(rep, callId, b.BidId, members[2])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await S.VoteAsync(Tokens.Member(Guid.NewGuid()), callId, a.BidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await S.VoteAsync(Tokens.Member(members[2]), callId, a.BidId, members[0])).StatusCode);
        // A member of another council does not see the call at all.
        Assert.Equal(HttpStatusCode.NotFound, (await S.VoteAsync(Tokens.Member(members[2], Tokens.OtherCouncil), callId, a.BidId)).StatusCode);

        // Members see their own vote, not the tallies, while the window is open.
        var evaluation = await S.As(Tokens.Member(members[0])).GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/evaluation");
        Assert.True(evaluation.GetProperty("votingOpen").GetBoolean());
        Assert.Equal(a.BidId, evaluation.GetProperty("yourVotes")[0].GetProperty("bidId").GetGuid());
        Assert.Equal(JsonValueKind.Null, evaluation.GetProperty("bids")[0].GetProperty("votes").ValueKind);

        // After the window, votes are refused.
        S.PassVotingWindow((await S.CallAsync(callId))!);
        Assert.Equal(HttpStatusCode.Conflict, (await S.VoteAsync(Tokens.Member(members[2]), callId, a.BidId)).StatusCode);
        var call = (await S.CallAsync(callId))!;
        Assert.Equal(2, call.Votes.Count);
    }

    [Fact]
    public async Task GivenQuorumNotMet_WhenTheCallIsAwarded_ThenTheVoteWeightIsRedistributedAndRecorded()
    {
        Guid[] members = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var a = Scenario.Bid("Tulse Hill Together", 800_000, 1);
        var b = Scenario.Bid("Norwood Neighbours", 1_000_000, 2);
        var (_, callId) = await S.EvaluatingCallAsync(members, [a, b], quorumPercent: 75);
        await S.ScoreAsync(callId, a.BidId, 50);
        await S.ScoreAsync(callId, b.BidId, 100);
        // 2 of 4 vote (quorum 75%): not met, both for b.
        await S.VoteAsync(Tokens.Member(members[0]), callId, b.BidId);
        await S.VoteAsync(Tokens.Member(members[1]), callId, b.BidId);
        S.PassVotingWindow((await S.CallAsync(callId))!);

        Assert.Equal(HttpStatusCode.Accepted, (await S.AwardAsync(callId)).StatusCode);
        var award = (await S.CallAsync(callId))!.Awards.Single();
        // Weights 40/30/30 → 57.14/42.86/0. a: (40·100 + 30·50)/70 = 78.57; b: (40·80 + 30·100)/70 = 88.57.
        Assert.False(award.Vote.QuorumMet);
        Assert.Equal(57.14m, award.Vote.PriceWeight);
        Assert.Equal(42.86m, award.Vote.QualityWeight);
        Assert.Equal(78.57m, award.Scores.Single(s => s.BidId == a.BidId).Total);
        Assert.Equal(88.57m, award.Scores.Single(s => s.BidId == b.BidId).Total);
        Assert.Equal(b.BidId, award.BidId);
    }

    /// <summary>Four members (pledged 10,000p, 1,000p, 1,000p and nothing) of a pool voting by pledge, a call with two bids opened.</summary>
    private async Task<(Guid[] Members, Brokerage.ProviderOffers.Contracts.OpenedBid A, Brokerage.ProviderOffers.Contracts.OpenedBid B, Guid CallId)> WeightedCallAsync()
    {
        Guid[] members = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var a = Scenario.Bid("Brixton Buddies", 500_000, 1);
        var b = Scenario.Bid("Herne Hill Helpers", 500_000, 2);
        var poolId = await S.PoolAsync(members, votingMethod: "weighted-by-pledge");
        await S.PledgeChangedAsync(poolId, members[0], 10_000, version: 5);
        await S.PledgeChangedAsync(poolId, members[0], 7_000, version: 4, wait: false); // older: arrives late, changes nothing
        await S.PledgeChangedAsync(poolId, members[1], 1_000, version: 6);
        await S.PledgeChangedAsync(poolId, members[2], 1_000, version: 7);
        var needId = await S.NeedAsync(poolId, members[0]);
        var callId = await S.DraftAsync(needId, S.CallRequest(needId, price: 20, quality: 20, vote: 60));
        await S.PublishAsync(callId);
        await S.CloseAsync(callId);
        await S.OpenBidsAsync(callId, a, b);

        // After the opening a pledge change moves the pool, not the call's weights.
        await S.PledgeChangedAsync(poolId, members[1], 50_000, version: 9);
        await S.ScoreAsync(callId, a.BidId, 70);
        await S.ScoreAsync(callId, b.BidId, 70);
        return (members, a, b, callId);
    }

    [Fact]
    public async Task GivenPoolVotesByPledge_WhenMembersWithDifferentPledgesVote_ThenTheEvaluationShowsTheWeightedResultAndTheAwardFollowsIt()
    {
        var (members, a, b, callId) = await WeightedCallAsync();
        Assert.Equal(
            new Dictionary<Guid, long> { [members[0]] = 10_000, [members[1]] = 1_000, [members[2]] = 1_000, [members[3]] = 0 },
            (await S.CallAsync(callId))!.ElectorateWeights);

        // One member, one vote would give b three votes to one; by pledge a carries 10,000 of 12,000. The member with nothing
        // pledged votes (and counts towards the quorum) but adds no weight.
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[0]), callId, a.BidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[1]), callId, b.BidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[2]), callId, b.BidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[3]), callId, b.BidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await S.VoteAsync(Tokens.Member(members[3]), callId, a.BidId)).StatusCode);

        // Staff see the weights at once; members only after the window.
        var staff = await S.Broker.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/evaluation");
        Assert.Equal(12_000, staff.GetProperty("vote").GetProperty("weightCast").GetInt64());
        Assert.True(staff.GetProperty("vote").GetProperty("quorumMet").GetBoolean());
        var bidA = staff.GetProperty("bids").EnumerateArray().Single(x => x.GetProperty("bidId").GetGuid() == a.BidId);
        var bidB = staff.GetProperty("bids").EnumerateArray().Single(x => x.GetProperty("bidId").GetGuid() == b.BidId);
        Assert.Equal((1, 10_000L, 83.33m), (bidA.GetProperty("votes").GetInt32(), bidA.GetProperty("weightOfVotes").GetInt64(), bidA.GetProperty("voteScore").GetDecimal()));
        Assert.Equal((3, 2_000L, 16.67m), (bidB.GetProperty("votes").GetInt32(), bidB.GetProperty("weightOfVotes").GetInt64(), bidB.GetProperty("voteScore").GetDecimal()));
        var during = await S.As(Tokens.Member(members[1])).GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/evaluation");
        Assert.Equal(JsonValueKind.Null, during.GetProperty("bids")[0].GetProperty("weightOfVotes").ValueKind);
        Assert.Equal(JsonValueKind.Null, during.GetProperty("vote").ValueKind);

        S.PassVotingWindow((await S.CallAsync(callId))!);
        var after = await S.As(Tokens.Member(members[1])).GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/evaluation");
        Assert.Equal(12_000, after.GetProperty("vote").GetProperty("weightCast").GetInt64());
        Assert.Equal(10_000, after.GetProperty("bids").EnumerateArray().Single(x => x.GetProperty("bidId").GetGuid() == a.BidId).GetProperty("weightOfVotes").GetInt64());

        // (20·100 + 20·70 + 60·83.33) / 100 = 84.00 against (20·100 + 20·70 + 60·16.67) / 100 = 44.00.
        Assert.Equal(HttpStatusCode.Accepted, (await S.AwardAsync(callId)).StatusCode);
        var award = (await S.CallAsync(callId))!.Awards.Single();
        Assert.Equal(a.BidId, award.BidId);
        Assert.Equal((84m, 44m), (award.Scores.Single(s => s.BidId == a.BidId).Total, award.Scores.Single(s => s.BidId == b.BidId).Total));
        await Eventually.HoldsAsync(() => Task.FromResult(S.Partners.All<CallForOffersAwarded>().Any(x => x.CallId == callId)), "CallForOffersAwarded");
        var published = S.Partners.All<CallForOffersAwarded>().Single(x => x.CallId == callId);
        Assert.Equal(("weighted-by-pledge", 12_000L), (published.Vote!.VotingMethod, published.Vote.WeightCast));
        Assert.Equal(10_000, published.Scores.Single(s => s.BidId == a.BidId).WeightOfVotes);
        Assert.Equal(2_000, published.Scores.Single(s => s.BidId == b.BidId).WeightOfVotes);
    }

    [Fact]
    public async Task GivenPoolVotesByPledge_WhenOnlyMembersWithNothingPledgedVote_ThenTheVoteDoesNotCountAndTheEvaluationSaysWhy()
    {
        var (members, a, b, callId) = await WeightedCallAsync();
        await S.VoteAsync(Tokens.Member(members[3]), callId, b.BidId);
        var representative = await S.RepresentativeAsync(members[3]);
        Assert.Equal(HttpStatusCode.Conflict, (await S.VoteAsync(representative, callId, a.BidId, members[3])).StatusCode);

        var vote = (await S.Broker.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/evaluation")).GetProperty("vote");
        Assert.False(vote.GetProperty("quorumMet").GetBoolean());
        Assert.Equal(0, vote.GetProperty("weightCast").GetInt64());
        Assert.Contains("no pledge weight", vote.GetProperty("notCountedReason").GetString());
        Assert.Equal(0m, vote.GetProperty("voteWeight").GetDecimal());
    }

    [Fact]
    public async Task GivenAWeightedCallWhoseBidsReceivedPredatesWeights_WhenItLoadsAndMembersVote_ThenEveryWeightIsZeroAndTheVoteIsRedistributed()
    {
        var (members, a, _, callId) = await WeightedCallAsync();

        // Make the stream and the read model look as they did before BidsReceived had weights.
        await using (var strip = S.Service.Services.GetRequiredService<ServiceStorage>().DataSource.CreateCommand(
            "UPDATE commissioning.mt_events SET data = data - 'weights' WHERE stream_id = @id AND type = 'bids-received'; " +
            "UPDATE commissioning.mt_doc_callforoffers SET data = data - 'electorateWeights' WHERE id = @id"))
        {
            strip.Parameters.AddWithValue("id", callId);
            await strip.ExecuteNonQueryAsync();
        }

        var replayed = (await S.Service.ReadAsync(q => q.Events.AggregateStreamAsync<CallForOffers>(callId)))!;
        Assert.Null(replayed.ElectorateWeights);
        Assert.Equal(CallStatus.Evaluating, replayed.Status);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[0]), callId, a.BidId)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(Tokens.Member(members[1]), callId, a.BidId)).StatusCode);

        var vote = (await S.Broker.GetFromJsonAsync<JsonElement>($"/api/calls/{callId}/evaluation")).GetProperty("vote");
        Assert.Equal(2, vote.GetProperty("votesCast").GetInt32());
        Assert.Equal(0, vote.GetProperty("weightCast").GetInt64());
        Assert.False(vote.GetProperty("quorumMet").GetBoolean());
    }

    [Fact]
    public async Task GivenBidsOpenedTwice_WhenTheRepeatArrives_ThenNothingChanges()
    {
        Guid[] members = [Guid.NewGuid()];
        var bid = Scenario.Bid("Kennington Kitchen", 300_000);
        var (_, callId) = await S.EvaluatingCallAsync(members, [bid]);
        var version = (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(callId)))!.Version;
        var repeat = Guid.NewGuid();
        await S.Partners.PublishAsync(new Brokerage.ProviderOffers.Contracts.BidsOpened(callId, Tokens.Council, [Scenario.Bid("Late", 1)], DateTimeOffset.UtcNow), repeat);
        await S.Service.ConsumedAsync(repeat);
        Assert.Equal(version, (await S.Service.ReadAsync(q => q.Events.FetchStreamStateAsync(callId)))!.Version);
        Assert.Single((await S.CallAsync(callId))!.Bids);
    }
}
