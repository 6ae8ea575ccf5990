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
