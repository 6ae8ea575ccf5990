using Brokerage.ProviderOffers.Api.Providers;
using Brokerage.ProviderOffers.Api.Providers.RecordingPaymentAccount;
using Brokerage.ProviderOffers.Api.Providers.RegisteringProvider;
using Brokerage.ProviderOffers.Api.Providers.SuspendingProvider;
using Brokerage.ProviderOffers.Api.Providers.UpdatingDetails;
using Brokerage.ProviderOffers.Api.Providers.VerifyingProvider;
using static Brokerage.ProviderOffers.Tests.Domain.Spec;

namespace Brokerage.ProviderOffers.Tests.Domain;

public sealed class ProviderTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly RegistrationNumbers Numbers = new("1-101234567", "1123456", null);
    private static readonly string[] Categories = ["home-care", "respite"];
    private static readonly string[] Areas = ["Brixton"];
    private static readonly string[] Councils = ["lambeth", "southwark"];

    private static readonly ProviderRegistered Registered = new(Id, "Acme Care Ltd", Numbers, Categories, Areas, Councils, Now);

    [Fact]
    public void GivenNoProvider_WhenRegistering_ThenProviderRegistered() =>
        Then(RegisterProvider.Handle(null, new RegisterProvider(Id, "Acme Care Ltd", Numbers, Categories, Areas, Councils, Now)), Registered);

    [Fact]
    public void GivenRegisteredProvider_WhenRegisteringAgain_ThenAlreadyRegistered() =>
        ThenFails<ProviderAlreadyRegistered>(() => RegisterProvider.Handle(
            Given<Provider>(Registered), new RegisterProvider(Id, "Other Ltd", Numbers, Categories, Areas, Councils, Now)));

    [Fact]
    public void GivenRegisteredProvider_WhenUpdatingDetails_ThenDetailsUpdated() =>
        Then(
            UpdateProviderDetails.Handle(Given<Provider>(Registered), new UpdateProviderDetails(Id, "Renamed Ltd", Numbers, ["transport"], Areas, ["lambeth"], Now)),
            new ProviderDetailsUpdated(Id, "Renamed Ltd", Numbers, ["transport"], Areas, ["lambeth"], Now));

    [Fact]
    public void GivenNoProvider_WhenUpdatingDetails_ThenNotRegistered() =>
        ThenFails<ProviderNotRegistered>(() => UpdateProviderDetails.Handle(null, new UpdateProviderDetails(Id, "X", Numbers, Categories, Areas, Councils, Now)));

    [Fact]
    public void GivenRegisteredProvider_WhenRecordingPaymentAccount_ThenPaymentAccountRecorded() =>
        Then(
            RecordPaymentAccount.Handle(Given<Provider>(Registered), new RecordPaymentAccount(Id, "acct_123", Now)),
            new PaymentAccountRecorded(Id, "acct_123", Now));

    [Fact]
    public void GivenNoProvider_WhenRecordingPaymentAccount_ThenNotRegistered() =>
        ThenFails<ProviderNotRegistered>(() => RecordPaymentAccount.Handle(null, new RecordPaymentAccount(Id, "acct_123", Now)));

    [Fact]
    public void GivenUnverifiedProvider_WhenBrokerOfItsCouncilVerifies_ThenProviderVerified() =>
        Then(
            VerifyProvider.Handle(Given<Provider>(Registered), new VerifyProvider(Id, "lambeth", "broker-1", "CQC good", Now)),
            new ProviderVerified(Id, "lambeth", "broker-1", "CQC good", Now));

    [Fact]
    public void GivenSuspendedProvider_WhenVerified_ThenReinstated() =>
        Then(
            VerifyProvider.Handle(
                Given<Provider>(Registered, new ProviderVerified(Id, "lambeth", "b", null, Now), new ProviderSuspended(Id, "lambeth", "b", "Review", Now)),
                new VerifyProvider(Id, "lambeth", "b", "Review closed", Now)),
            new ProviderVerified(Id, "lambeth", "b", "Review closed", Now));

    [Fact]
    public void GivenVerifiedProvider_WhenVerifiedAgain_ThenAlreadyVerified() =>
        ThenFails<ProviderAlreadyVerified>(() => VerifyProvider.Handle(
            Given<Provider>(Registered, new ProviderVerified(Id, "lambeth", "b", null, Now)), new VerifyProvider(Id, "lambeth", "b", null, Now)));

    [Fact]
    public void GivenProviderVerifiedByOneCouncil_WhenAnotherCouncilItWorksWithVerifies_ThenProviderVerifiedThere() =>
        Then(
            VerifyProvider.Handle(Given<Provider>(Registered, new ProviderVerified(Id, "lambeth", "b", null, Now)), new VerifyProvider(Id, "southwark", "s", null, Now)),
            new ProviderVerified(Id, "southwark", "s", null, Now));

    [Fact]
    public void GivenProvider_WhenBrokerOfACouncilItDoesNotWorkWithVerifies_ThenRejected() =>
        ThenFails<ProviderDoesNotWorkWithCouncil>(() => VerifyProvider.Handle(Given<Provider>(Registered), new VerifyProvider(Id, "camden", "c", null, Now)));

    [Fact]
    public void GivenNoProvider_WhenVerifying_ThenNotRegistered() =>
        ThenFails<ProviderNotRegistered>(() => VerifyProvider.Handle(null, new VerifyProvider(Id, "lambeth", "b", null, Now)));

    [Fact]
    public void GivenVerifiedProvider_WhenSuspendedWithReason_ThenProviderSuspended() =>
        Then(
            SuspendProvider.Handle(Given<Provider>(Registered, new ProviderVerified(Id, "lambeth", "b", null, Now)), new SuspendProvider(Id, "lambeth", "b", "Safeguarding", Now)),
            new ProviderSuspended(Id, "lambeth", "b", "Safeguarding", Now));

    [Fact]
    public void GivenUnverifiedProvider_WhenSuspended_ThenProviderSuspended() =>
        Then(
            SuspendProvider.Handle(Given<Provider>(Registered), new SuspendProvider(Id, "lambeth", "b", "Complaints under review", Now)),
            new ProviderSuspended(Id, "lambeth", "b", "Complaints under review", Now));

    [Fact]
    public void GivenProvider_WhenSuspendedWithoutReason_ThenReasonRequired() =>
        ThenFails<SuspensionReasonRequired>(() => SuspendProvider.Handle(Given<Provider>(Registered), new SuspendProvider(Id, "lambeth", "b", " ", Now)));

    [Fact]
    public void GivenSuspendedProvider_WhenSuspendedAgain_ThenAlreadySuspended() =>
        ThenFails<ProviderAlreadySuspended>(() => SuspendProvider.Handle(
            Given<Provider>(Registered, new ProviderSuspended(Id, "lambeth", "b", "Review", Now)), new SuspendProvider(Id, "lambeth", "b", "Again", Now)));

    [Fact]
    public void GivenProvider_WhenBrokerOfACouncilItDoesNotWorkWithSuspends_ThenRejected() =>
        ThenFails<ProviderDoesNotWorkWithCouncil>(() => SuspendProvider.Handle(Given<Provider>(Registered), new SuspendProvider(Id, "camden", "c", "Why", Now)));

    [Fact]
    public void GivenNoProvider_WhenSuspending_ThenNotRegistered() =>
        ThenFails<ProviderNotRegistered>(() => SuspendProvider.Handle(null, new SuspendProvider(Id, "lambeth", "b", "Why", Now)));

    [Fact]
    public void GivenVerifiedProvider_WhenItStopsWorkingWithTheCouncil_ThenItMayNoLongerBidThere()
    {
        var verified = Given<Provider>(Registered, new ProviderVerified(Id, "lambeth", "b", null, Now));
        var dropped = Given<Provider>(
            Registered, new ProviderVerified(Id, "lambeth", "b", null, Now), new ProviderDetailsUpdated(Id, "Acme", Numbers, Categories, Areas, ["southwark"], Now));

        Assert.True(verified.MayBid("lambeth", ["respite"]));
        Assert.False(verified.MayBid("lambeth", ["transport"]));
        Assert.False(verified.MayBid("southwark", ["respite"]));
        Assert.False(dropped.MayBid("lambeth", ["respite"]));
    }
}
