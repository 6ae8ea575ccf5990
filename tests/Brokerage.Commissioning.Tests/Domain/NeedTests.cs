using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Needs;

namespace Brokerage.Commissioning.Tests.Domain;

public sealed class NeedTests
{
    private static RaiseNeed Raise(Guid member) => new(Guid.NewGuid(), member, "Evenings", "Text", "user", Given.Now);

    [Fact]
    public void GivenActivePool_WhenMemberRaisesNeed_ThenNeedRaisedAndTheMemberSupportsIt()
    {
        var raised = Need.Handle(Given.Pool(), Raise(Given.M1));
        Assert.Equal(Given.M1, raised.MemberId);
        Assert.Equal([Given.M1], Need.Create(raised).Supporters);
    }

    [Fact]
    public void GivenOpenPool_WhenMemberRaisesNeed_ThenNeedRaised() =>
        Assert.Equal(Given.PoolId, Need.Handle(Given.Pool("open"), Raise(Given.M2)).PoolId);

    [Theory]
    [InlineData("closed")]
    [InlineData("winding-down")]
    public void GivenPoolNotTakingNeeds_WhenMemberRaisesNeed_ThenRejected(string status) =>
        Assert.Throws<PoolNotOpenForNeeds>(() => Need.Handle(Given.Pool(status), Raise(Given.M1)));

    [Fact]
    public void GivenPool_WhenNonMemberRaisesNeed_ThenRejected() =>
        Assert.Throws<NotAPoolMember>(() => Need.Handle(Given.Pool(), Raise(Guid.NewGuid())));

    [Fact]
    public void GivenNeed_WhenAnotherMemberSupportsIt_ThenNeedSupported()
    {
        var need = Need.Create(Need.Handle(Given.Pool(), Raise(Given.M1)));
        var supported = Need.Handle(need, Given.Pool(), new SupportNeed(need.Id, Given.M2, "rep-1", Given.Now));
        Assert.Equal(2, need.Apply(supported).Supporters.Count);
        Assert.Equal("rep-1", supported.SupportedBy);
    }

    [Fact]
    public void GivenSupportedNeed_WhenTheSameMemberSupportsAgain_ThenRejected()
    {
        var need = Need.Create(Need.Handle(Given.Pool(), Raise(Given.M1)));
        Assert.Throws<AlreadySupported>(() => Need.Handle(need, Given.Pool(), new SupportNeed(need.Id, Given.M1, "u", Given.Now)));
    }

    [Fact]
    public void GivenNeed_WhenNonMemberSupportsIt_ThenRejected()
    {
        var need = Need.Create(Need.Handle(Given.Pool(), Raise(Given.M1)));
        Assert.Throws<NotAPoolMember>(() => Need.Handle(need, Given.Pool(), new SupportNeed(need.Id, Guid.NewGuid(), "u", Given.Now)));
    }
}

public sealed class PoolTests
{
    private static readonly Guid Pool = Guid.NewGuid();
    private static readonly Guid Member = Guid.NewGuid();
    private static readonly DateTimeOffset T = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GivenMemberJoinedThenLeft_WhenTheLeaveArrivesFirst_ThenTheyAreNotAMember()
    {
        var pool = Given.State<Brokerage.Commissioning.Api.Pools.Pool>(
            new Brokerage.PooledFunds.Contracts.PoolMemberLeft(Pool, "lambeth", Member, T.AddDays(1)),
            new Brokerage.PooledFunds.Contracts.PoolMemberJoined(Pool, "lambeth", Member, T));
        Assert.False(pool.IsMember(Member));
    }

    [Fact]
    public void GivenMemberLeftThenRejoined_WhenBothArrive_ThenTheyAreAMember()
    {
        var pool = Given.State<Brokerage.Commissioning.Api.Pools.Pool>(
            new Brokerage.PooledFunds.Contracts.PoolMemberJoined(Pool, "lambeth", Member, T),
            new Brokerage.PooledFunds.Contracts.PoolMemberLeft(Pool, "lambeth", Member, T.AddDays(1)),
            new Brokerage.PooledFunds.Contracts.PoolMemberJoined(Pool, "lambeth", Member, T.AddDays(2)));
        Assert.True(pool.IsMember(Member));
        Assert.Single(pool.Members);
    }

    [Fact]
    public void GivenActivePool_WhenALatePoolOpenedArrives_ThenItStaysActiveWithItsGovernance()
    {
        var pool = Given.State<Brokerage.Commissioning.Api.Pools.Pool>(
            new Brokerage.PooledFunds.Contracts.PoolActivated(Pool, "lambeth", T.AddDays(1)),
            new Brokerage.PooledFunds.Contracts.PoolOpened(Pool, "lambeth", "Club", ["social-care"],
                new Brokerage.PooledFunds.Contracts.PoolGovernance(2, 100, "GBP", 60, "one-member-one-vote"), T));
        Assert.Equal("active", pool.Status);
        Assert.Equal(60, pool.VoteQuorumPercent);
    }
}
