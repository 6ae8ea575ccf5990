using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Commissioning.Api.Calls;

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
        var rep = Tokens.Representative("rep-7", [members[1]]);
        Assert.Equal(HttpStatusCode.Created, (await S.VoteAsync(rep, callId, b.BidId, members[1])).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await S.VoteAsync(Tokens.Member(members[1]), callId, a.BidId)).StatusCode);
        var events = await S.Service.Store.FetchStreamAsync(callId);
        var repVote = events.Select(e => (e.Data as VoteCast, e.Metadata)).Single(x => x.Item1?.MemberId == members[1]);
        Assert.Equal("rep-7", repVote.Item1!.CastBy);
        Assert.Equal(members[1].ToString(), repVote.Metadata.OnBehalfOf);
        Assert.Equal("rep-7", repVote.Metadata.UserId);

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

    [Fact]
    public async Task GivenPoolVotesByPledge_WhenAMemberVotes_ThenItIsRefusedAsNotYetSupported()
    {
        Guid[] members = [Guid.NewGuid()];
        var poolId = await S.PoolAsync(members, votingMethod: "weighted-by-pledge");
        var needId = await S.NeedAsync(poolId, members[0]);
        var callId = await S.DraftAsync(needId);
        await S.PublishAsync(callId);
        await S.CloseAsync(callId);
        var bid = Scenario.Bid("Brixton Buddies", 100_000);
        await S.OpenBidsAsync(callId, bid);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await S.VoteAsync(Tokens.Member(members[0]), callId, bid.BidId)).StatusCode);
    }

    [Fact]
    public async Task GivenBidsOpenedTwice_WhenTheRepeatArrives_ThenNothingChanges()
    {
        Guid[] members = [Guid.NewGuid()];
        var bid = Scenario.Bid("Kennington Kitchen", 300_000);
        var (_, callId) = await S.EvaluatingCallAsync(members, [bid]);
        var version = (await S.Service.Store.FetchStreamStateAsync(callId))!.Version;
        await S.Partners.PublishAsync(new Brokerage.ProviderOffers.Contracts.BidsOpened(callId, Tokens.Council, [Scenario.Bid("Late", 1)], DateTimeOffset.UtcNow));
        await Task.Delay(1500);
        Assert.Equal(version, (await S.Service.Store.FetchStreamStateAsync(callId))!.Version);
        Assert.Single((await S.CallAsync(callId))!.Bids);
    }
}
