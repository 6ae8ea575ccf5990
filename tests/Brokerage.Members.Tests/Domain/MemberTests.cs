using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.ClosingMembership;
using Brokerage.Members.Api.Members.CorrectingDetails;
using Brokerage.Members.Api.Members.GivingPoolingConsent;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.Members.Api.Members.WithdrawingPoolingConsent;
using static Brokerage.Members.Tests.Domain.MemberSpecification;

namespace Brokerage.Members.Tests.Domain;

public sealed class MemberTests
{
    private static readonly MemberClosed Closed = new(MemberId, Now.AddDays(-1));

    [Fact]
    public void GivenNothing_WhenBrokerRegistersMember_ThenMemberRegistered()
    {
        var needs = new CommunicationNeeds([CommunicationNeedKinds.EasyRead, CommunicationNeedKinds.Interpreter], "Polish");
        var contact = new Contact(null, "020 7926 1000", new PostalAddress("1 Brixton Hill", null, "London", "SW2 1RW"));

        var registered = RegisterMember.Handle(new RegisterMember(MemberId, "lambeth", "Ada Lovelace", contact, needs, "Blue Heron", Now));

        Assert.Equal((MemberId, "lambeth", "Ada Lovelace", "Blue Heron", Now), (registered.MemberId, registered.CouncilId, registered.Name, registered.Pseudonym, registered.RegisteredAt));
        Assert.Same(contact, registered.Contact);
        Assert.Same(needs, registered.CommunicationNeeds);
    }

    [Fact]
    public void GivenMember_WhenCorrectingDetails_ThenOnlyTheGivenFieldsAreCorrected() =>
        Given(Registered)
            .When(m => CorrectMemberDetails.Handle(m, new CorrectMemberDetails(MemberId, null, null, null, "Grey Heron", Now)))
            .Then(new MemberDetailsCorrected(MemberId, null, null, null, "Grey Heron", Now));

    [Fact]
    public void GivenClosedMember_WhenCorrectingDetails_ThenRejected() =>
        Given(Registered, Closed)
            .When(m => CorrectMemberDetails.Handle(m, new CorrectMemberDetails(MemberId, "Ada King", null, null, null, Now)))
            .ThenRejected<MembershipIsClosed>();

    [Fact]
    public void GivenMember_WhenGivingPoolingConsent_ThenConsentGiven() =>
        Given(Registered)
            .When(m => GivePoolingConsent.Handle(m, new GivePoolingConsent(MemberId, Now)))
            .Then(new PoolingConsentGiven(MemberId, Now));

    [Fact]
    public void GivenConsentGiven_WhenGivingItAgain_ThenRejected() =>
        Given(Registered, new PoolingConsentGiven(MemberId, Now.AddDays(-2)))
            .When(m => GivePoolingConsent.Handle(m, new GivePoolingConsent(MemberId, Now)))
            .ThenRejected<PoolingConsentAlreadyGiven>();

    [Fact]
    public void GivenConsentWithdrawn_WhenGivingItAgain_ThenConsentGiven() =>
        Given(Registered, new PoolingConsentGiven(MemberId, Now.AddDays(-2)), new PoolingConsentWithdrawn(MemberId, Now.AddDays(-1)))
            .When(m => GivePoolingConsent.Handle(m, new GivePoolingConsent(MemberId, Now)))
            .Then(new PoolingConsentGiven(MemberId, Now));

    [Fact]
    public void GivenClosedMember_WhenGivingPoolingConsent_ThenRejected() =>
        Given(Registered, Closed)
            .When(m => GivePoolingConsent.Handle(m, new GivePoolingConsent(MemberId, Now)))
            .ThenRejected<MembershipIsClosed>();

    [Fact]
    public void GivenConsentGiven_WhenWithdrawingIt_ThenConsentWithdrawn() =>
        Given(Registered, new PoolingConsentGiven(MemberId, Now.AddDays(-2)))
            .When(m => WithdrawPoolingConsent.Handle(m, new WithdrawPoolingConsent(MemberId, Now)))
            .Then(new PoolingConsentWithdrawn(MemberId, Now));

    [Fact]
    public void GivenNoConsent_WhenWithdrawingIt_ThenRejected() =>
        Given(Registered)
            .When(m => WithdrawPoolingConsent.Handle(m, new WithdrawPoolingConsent(MemberId, Now)))
            .ThenRejected<PoolingConsentNotGiven>();

    [Fact]
    public void GivenClosedMemberWithConsent_WhenWithdrawingIt_ThenRejected() =>
        Given(Registered, new PoolingConsentGiven(MemberId, Now.AddDays(-2)), Closed)
            .When(m => WithdrawPoolingConsent.Handle(m, new WithdrawPoolingConsent(MemberId, Now)))
            .ThenRejected<MembershipIsClosed>();

    [Fact]
    public void GivenOpenMembership_WhenBrokerClosesIt_ThenMemberClosed() =>
        Given(Registered)
            .When(m => CloseMembership.Handle(m, new CloseMembership(MemberId, Now)))
            .Then(new MemberClosed(MemberId, Now));

    [Fact]
    public void GivenClosedMembership_WhenClosingAgain_ThenRejected() =>
        Given(Registered, Closed)
            .When(m => CloseMembership.Handle(m, new CloseMembership(MemberId, Now)))
            .ThenRejected<MembershipIsClosed>();
}
