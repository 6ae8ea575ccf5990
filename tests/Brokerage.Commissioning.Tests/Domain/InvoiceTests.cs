using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Invoices;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.ServiceDefaults;

namespace Brokerage.Commissioning.Tests.Domain;

/// <summary>Invoices against a contract's schedule: submission, delivery confirmed or disputed, the broker's decisions, and payment.</summary>
public sealed class InvoiceTests
{
    private static readonly Guid ProviderId = Guid.NewGuid();
    private static readonly Guid ContractId = Guid.NewGuid();
    private static readonly Guid InvoiceId = Guid.NewGuid();
    private static readonly Guid PaymentId = Guid.NewGuid();

    private static readonly InvoiceActor Provider = new(Roles.Provider, ProviderId.ToString());
    private static readonly InvoiceActor Broker = new(Roles.Broker, "broker-1");
    private static readonly InvoiceActor Member = new(Roles.Member, Given.M1.ToString(), Given.M1);
    private static readonly InvoiceActor RepresentativeOfM2 = new(Roles.Representative, "rep-1", Given.M2);

    private static ContractCommenced Commenced() => new(
        ContractId, Guid.NewGuid(), Given.Council, Given.PoolId, Guid.NewGuid(), ProviderId, "Stockwell Social", 120_000, "GBP",
        new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31), ServiceContract.MonthlySchedule(new DateOnly(2027, 4, 1), 0, 12, 120_000), Given.Now);

    private static ServiceContract Contract(params object[] later) => Given.State<ServiceContract>([Commenced(), .. later]);

    private static SubmitInvoice Submit(int period = 3, long amount = 10_000, string? reason = null, InvoiceActor? actor = null, string currency = "GBP") =>
        new(InvoiceId, period, amount, currency, reason, "Twelve evening sessions", "INV-0003", actor ?? Provider, Given.Now);

    private static Submission Submitted(int period = 3, long amount = 10_000, string? reason = null) =>
        InvoiceDecisions.Handle(Contract(), null, Submit(period, amount, reason));

    private static Invoice Invoice(params object[] later) => Given.State<Invoice>([Submitted().Submitted, .. later]);

    private static InvoiceApproved Approved() => new(InvoiceId, PaymentId, Roles.Member, "m1", Given.Now);

    private static Invoice Paying() => Invoice(new DeliveryConfirmed(InvoiceId, Roles.Member, Given.M1, "m1", Given.Now), Approved());

    private static Invoice Failed() => Given.State<Invoice>([
        Submitted().Submitted, new DeliveryConfirmed(InvoiceId, Roles.Member, Given.M1, "m1", Given.Now), Approved(),
        new PaymentFailed(InvoiceId, PaymentId, "balance_insufficient", Given.Now)]);

    private static Invoice Disputed() => Invoice(new DeliveryDisputed(InvoiceId, Roles.Member, Given.M1, "Only two sessions happened", "m1", Given.Now));

    // Submitting

    [Fact]
    public void GivenActiveContract_WhenTheProviderInvoicesAPeriodInFull_ThenSubmittedAndThePeriodIsClaimed()
    {
        var submission = Submitted();
        Assert.Equal((3, 10_000L, 10_000L, (string?)null), (submission.Submitted.PeriodNumber, submission.Submitted.Amount, submission.Submitted.ScheduledAmount, submission.Submitted.Reason));
        Assert.Equal((ContractId, 3, InvoiceId), (submission.Claimed.ContractId, submission.Claimed.PeriodNumber, submission.Claimed.InvoiceId));
        var invoice = Brokerage.Commissioning.Api.Invoices.Invoice.Create(submission.Submitted);
        Assert.Equal(InvoiceStatus.Submitted, invoice.Status);
        Assert.Equal(new DateOnly(2027, 6, 1), invoice.PeriodStart);
        Assert.Equal("submitted", Assert.Single(invoice.Steps).Step);
    }

    [Fact]
    public void GivenActiveContract_WhenTheProviderInvoicesLessWithAReason_ThenSubmittedWithTheReason() =>
        Assert.Equal("Two sessions cancelled", Submitted(amount: 8_000, reason: "Two sessions cancelled").Submitted.Reason);

    [Fact]
    public void GivenActiveContract_WhenTheProviderInvoicesOverThePeriodsAmount_ThenRejected() =>
        Assert.Throws<InvoiceOverPeriodAmount>(() => InvoiceDecisions.Handle(Contract(), null, Submit(amount: 10_001)));

    [Fact]
    public void GivenActiveContract_WhenTheProviderInvoicesLessWithoutAReason_ThenRejected() =>
        Assert.Throws<ReasonRequiredForLess>(() => InvoiceDecisions.Handle(Contract(), null, Submit(amount: 9_999)));

    [Fact]
    public void GivenInvoicedPeriod_WhenTheProviderInvoicesItAgain_ThenRejected()
    {
        var claim = Given.State<InvoicedPeriod>(Submitted().Claimed);
        var e = Assert.Throws<PeriodAlreadyInvoiced>(() => InvoiceDecisions.Handle(Contract(), claim, Submit() with { InvoiceId = Guid.NewGuid() }));
        Assert.Contains(InvoiceId.ToString(), e.Message);
    }

    [Fact]
    public void GivenThePeriodsInvoiceWasReleased_WhenTheProviderInvoicesItAgain_ThenSubmitted()
    {
        var first = Submitted();
        var claim = Given.State<InvoicedPeriod>(first.Claimed, new InvoicePeriodReleased(ContractId, 3, InvoiceId, Given.Now));
        var again = InvoiceDecisions.Handle(Contract(), claim, Submit() with { InvoiceId = Guid.NewGuid() });
        Assert.NotEqual(InvoiceId, again.Claimed.InvoiceId);
    }

    [Fact]
    public void GivenEndedContract_WhenTheProviderInvoices_ThenRejected() =>
        Assert.Throws<ContractNotActive>(() => InvoiceDecisions.Handle(Contract(new ContractTerminated(ContractId, "Closing", "broker-1", Given.Now)), null, Submit()));

    [Fact]
    public void GivenContract_WhenAPeriodOutsideTheScheduleIsInvoiced_ThenRejected() =>
        Assert.Throws<NoSuchPeriod>(() => InvoiceDecisions.Handle(Contract(), null, Submit(period: 13)));

    [Fact]
    public void GivenContract_WhenAnotherProviderInvoices_ThenRejected() =>
        Assert.Throws<NotTheContractedProvider>(() => InvoiceDecisions.Handle(Contract(), null, Submit(actor: new InvoiceActor(Roles.Provider, Guid.NewGuid().ToString()))));

    [Fact]
    public void GivenContract_WhenABrokerInvoices_ThenRejected() =>
        Assert.Throws<NotTheContractedProvider>(() => InvoiceDecisions.Handle(Contract(), null, Submit(actor: Broker)));

    [Fact]
    public void GivenContractInPounds_WhenInvoicedInAnotherCurrency_ThenRejected() =>
        Assert.Throws<InvoiceCurrencyMismatch>(() => InvoiceDecisions.Handle(Contract(), null, Submit(currency: "EUR")));

    // Withdrawing

    [Fact]
    public void GivenSubmittedInvoice_WhenTheProviderWithdrawsIt_ThenWithdrawnAndThePeriodIsFreed()
    {
        var withdrawn = InvoiceDecisions.Handle(Invoice(), new WithdrawInvoice(Provider, Given.Now));
        Assert.Equal(InvoiceStatus.Withdrawn, Invoice(withdrawn).Status);
        Assert.True(InvoiceDecisions.FreesPeriod(withdrawn));
        var claim = Given.State<InvoicedPeriod>(Submitted().Claimed);
        Assert.IsType<InvoicePeriodReleased>(Assert.Single(InvoicedPeriod.Release(claim, Invoice(), Given.Now)));
    }

    [Fact]
    public void GivenDisputedInvoice_WhenTheProviderWithdrawsIt_ThenWithdrawn() =>
        Assert.Equal(InvoiceStatus.Withdrawn, Disputed().Apply(InvoiceDecisions.Handle(Disputed(), new WithdrawInvoice(Provider, Given.Now))).Status);

    [Fact]
    public void GivenApprovedInvoice_WhenTheProviderWithdrawsIt_ThenRejected() =>
        Assert.Throws<InvoiceNotInState>(() => InvoiceDecisions.Handle(Paying(), new WithdrawInvoice(Provider, Given.Now)));

    [Fact]
    public void GivenSubmittedInvoice_WhenAnotherProviderWithdrawsIt_ThenRejected() =>
        Assert.Throws<NotTheContractedProvider>(() => InvoiceDecisions.Handle(Invoice(), new WithdrawInvoice(new InvoiceActor(Roles.Provider, "other"), Given.Now)));

    // Confirming delivery

    [Fact]
    public void GivenSubmittedInvoice_WhenAMemberConfirmsDelivery_ThenApprovedAndPayingUnderTheNewPaymentId()
    {
        var decided = InvoiceDecisions.Handle(Invoice(), Given.Pool(), new ConfirmDelivery(Member, Given.Now), PaymentId);
        var confirmed = Assert.IsType<DeliveryConfirmed>(decided[0]);
        Assert.Equal((Roles.Member, (Guid?)Given.M1), (confirmed.Role, confirmed.MemberId));
        Assert.Equal(PaymentId, Assert.IsType<InvoiceApproved>(decided[1]).PaymentId);
        var after = Invoice(decided);
        Assert.Equal((InvoiceStatus.Paying, (Guid?)PaymentId), (after.Status, after.PaymentId));
        Assert.Equal(["submitted", "confirmed", "approved"], after.Steps.Select(s => s.Step));
        var order = InvoiceDecisions.PaymentOrder(after, Given.Now);
        Assert.Equal((PaymentId, InvoiceId, ContractId, Given.PoolId, 10_000L, "INV-0003", 3), (order.PaymentId, order.InvoiceId, order.ContractId, order.PoolId, order.Amount, order.InvoiceReference, order.PeriodNumber));
    }

    [Fact]
    public void GivenSubmittedInvoice_WhenARepresentativeConfirmsForAMember_ThenApprovedRecordingBoth()
    {
        var confirmed = (DeliveryConfirmed)InvoiceDecisions.Handle(Invoice(), Given.Pool(), new ConfirmDelivery(RepresentativeOfM2, Given.Now), PaymentId)[0];
        Assert.Equal((Roles.Representative, (Guid?)Given.M2, "rep-1"), (confirmed.Role, confirmed.MemberId, confirmed.ConfirmedBy));
    }

    [Fact]
    public void GivenSubmittedInvoice_WhenABrokerConfirmsDelivery_ThenApproved() =>
        Assert.Equal(InvoiceStatus.Paying, Invoice(InvoiceDecisions.Handle(Invoice(), Given.Pool(), new ConfirmDelivery(Broker, Given.Now), PaymentId)).Status);

    [Fact]
    public void GivenSubmittedInvoice_WhenANonMemberConfirmsDelivery_ThenRejected()
    {
        var outsider = Guid.NewGuid();
        Assert.Throws<NotAPoolMember>(() => InvoiceDecisions.Handle(Invoice(), Given.Pool(), new ConfirmDelivery(new InvoiceActor(Roles.Member, outsider.ToString(), outsider), Given.Now), PaymentId));
    }

    [Fact]
    public void GivenSubmittedInvoice_WhenTheProviderConfirmsDelivery_ThenRejected() =>
        Assert.Throws<MayNotConfirmDelivery>(() => InvoiceDecisions.Handle(Invoice(), Given.Pool(), new ConfirmDelivery(Provider, Given.Now), PaymentId));

    [Fact]
    public void GivenSubmittedInvoice_WhenACouncilAdminConfirmsDelivery_ThenRejected() =>
        Assert.Throws<MayNotConfirmDelivery>(() => InvoiceDecisions.Handle(Invoice(), Given.Pool(), new ConfirmDelivery(new InvoiceActor(Roles.CouncilAdmin, "admin-1"), Given.Now), PaymentId));

    [Fact]
    public void GivenApprovedInvoice_WhenConfirmedAgain_ThenRejected() =>
        Assert.Throws<InvoiceNotInState>(() => InvoiceDecisions.Handle(Paying(), Given.Pool(), new ConfirmDelivery(Broker, Given.Now), Guid.NewGuid()));

    [Fact]
    public void GivenDisputedInvoice_WhenConfirmed_ThenRejectedUntilABrokerDecides() =>
        Assert.Throws<InvoiceDisputed>(() => InvoiceDecisions.Handle(Disputed(), Given.Pool(), new ConfirmDelivery(Broker, Given.Now), PaymentId));

    // Disputing delivery

    [Fact]
    public void GivenSubmittedInvoice_WhenAMemberDisputesDelivery_ThenDisputedWithTheReason()
    {
        var disputed = InvoiceDecisions.Handle(Invoice(), Given.Pool(), new DisputeDelivery(Member, "Only two sessions happened", Given.Now));
        var after = Invoice(disputed);
        Assert.Equal(InvoiceStatus.Disputed, after.Status);
        Assert.Equal(("disputed", "Only two sessions happened", (Guid?)Given.M1), (after.Steps[^1].Step, after.Steps[^1].Reason, after.Steps[^1].MemberId));
    }

    [Fact]
    public void GivenSubmittedInvoice_WhenTheProviderDisputesDelivery_ThenRejected() =>
        Assert.Throws<MayNotDisputeDelivery>(() => InvoiceDecisions.Handle(Invoice(), Given.Pool(), new DisputeDelivery(Provider, "r", Given.Now)));

    [Fact]
    public void GivenSubmittedInvoice_WhenABrokerDisputesDelivery_ThenRejected() =>
        Assert.Throws<MayNotDisputeDelivery>(() => InvoiceDecisions.Handle(Invoice(), Given.Pool(), new DisputeDelivery(Broker, "r", Given.Now)));

    [Fact]
    public void GivenSubmittedInvoice_WhenANonMemberDisputesDelivery_ThenRejected()
    {
        var outsider = Guid.NewGuid();
        Assert.Throws<NotAPoolMember>(() => InvoiceDecisions.Handle(Invoice(), Given.Pool(), new DisputeDelivery(new InvoiceActor(Roles.Member, "x", outsider), "r", Given.Now)));
    }

    [Fact]
    public void GivenDisputedInvoice_WhenDisputedAgain_ThenRejected() =>
        Assert.Throws<InvoiceDisputed>(() => InvoiceDecisions.Handle(Disputed(), Given.Pool(), new DisputeDelivery(RepresentativeOfM2, "r", Given.Now)));

    [Fact]
    public void GivenApprovedInvoice_WhenDisputed_ThenRejectedAsTooLate() =>
        Assert.Throws<InvoiceNotInState>(() => InvoiceDecisions.Handle(Paying(), Given.Pool(), new DisputeDelivery(Member, "r", Given.Now)));

    // Deciding a dispute

    [Fact]
    public void GivenDisputedInvoice_WhenTheBrokerUpholdsTheDispute_ThenRejectedAndThePeriodIsFreed()
    {
        var decided = InvoiceDecisions.Handle(Disputed(), new DecideDispute(DecideDispute.Uphold, "Sessions were missed", Broker, Given.Now), PaymentId);
        var upheld = Assert.IsType<DisputeUpheld>(Assert.Single(decided));
        Assert.True(InvoiceDecisions.FreesPeriod(upheld));
        var after = Disputed().Apply(upheld);
        Assert.Equal((InvoiceStatus.Rejected, (Guid?)null), (after.Status, after.PaymentId));
        Assert.Equal(("dispute-upheld", "Sessions were missed"), (after.Steps[^1].Step, after.Steps[^1].Reason));
    }

    [Fact]
    public void GivenDisputedInvoice_WhenTheBrokerOverrulesTheDispute_ThenApprovedAndPaying()
    {
        var decided = InvoiceDecisions.Handle(Disputed(), new DecideDispute(DecideDispute.Overrule, "The register shows every session", Broker, Given.Now), PaymentId);
        Assert.IsType<DisputeOverruled>(decided[0]);
        Assert.False(InvoiceDecisions.FreesPeriod(decided[0]));
        var after = decided.Aggregate(Disputed(), (i, e) => i.After(e));
        Assert.Equal((InvoiceStatus.Paying, (Guid?)PaymentId), (after.Status, after.PaymentId));
        Assert.Equal(["submitted", "disputed", "dispute-overruled", "approved"], after.Steps.Select(s => s.Step));
    }

    [Fact]
    public void GivenDisputedInvoice_WhenAMemberDecides_ThenRejected() =>
        Assert.Throws<BrokersOnly>(() => InvoiceDecisions.Handle(Disputed(), new DecideDispute(DecideDispute.Overrule, "r", Member, Given.Now), PaymentId));

    [Fact]
    public void GivenSubmittedInvoice_WhenTheBrokerDecides_ThenRejectedAsNothingIsDisputed() =>
        Assert.Throws<InvoiceNotInState>(() => InvoiceDecisions.Handle(Invoice(), new DecideDispute(DecideDispute.Uphold, "r", Broker, Given.Now), PaymentId));

    // Rejecting

    [Theory]
    [InlineData("submitted")]
    [InlineData("disputed")]
    [InlineData("failed")]
    public void GivenInvoiceNotBeingPaid_WhenTheBrokerRejectsIt_ThenRejectedAndThePeriodIsFreed(string status)
    {
        var invoice = status switch { "disputed" => Disputed(), "failed" => Failed(), _ => Invoice() };
        var rejected = InvoiceDecisions.Handle(invoice, new RejectInvoice("Duplicate of a paper invoice", Broker, Given.Now));
        Assert.Equal(InvoiceStatus.Rejected, invoice.Apply(rejected).Status);
        Assert.True(InvoiceDecisions.FreesPeriod(rejected));
    }

    [Fact]
    public void GivenPayingInvoice_WhenTheBrokerRejectsIt_ThenRejected() =>
        Assert.Throws<InvoiceNotInState>(() => InvoiceDecisions.Handle(Paying(), new RejectInvoice("r", Broker, Given.Now)));

    [Fact]
    public void GivenSubmittedInvoice_WhenAMemberRejectsIt_ThenRejected() =>
        Assert.Throws<BrokersOnly>(() => InvoiceDecisions.Handle(Invoice(), new RejectInvoice("r", Member, Given.Now)));

    // Paying

    [Fact]
    public void GivenPayingInvoice_WhenPaid_ThenPaidWithTheTransferAndDate()
    {
        var paidAt = Given.Now.AddMinutes(3);
        var made = Assert.IsType<PaymentMade>(InvoiceDecisions.Handle(Paying(), new PaidOutcome(PaymentId, "tr_1", 10_000, "GBP", paidAt)));
        var after = Paying().Apply(made);
        Assert.Equal((InvoiceStatus.Paid, "tr_1", (DateTimeOffset?)paidAt), (after.Status, after.TransferId, after.PaidAt));
    }

    [Fact]
    public void GivenPaidInvoice_WhenPaidAgain_ThenNothingChanges()
    {
        var paid = Paying().Apply(new PaymentMade(InvoiceId, PaymentId, "tr_1", 10_000, "GBP", Given.Now));
        Assert.Null(InvoiceDecisions.Handle(paid, new PaidOutcome(PaymentId, "tr_1", 10_000, "GBP", Given.Now)));
        Assert.Null(InvoiceDecisions.Handle(paid, new FailedOutcome(PaymentId, "late failure", Given.Now)));
    }

    [Fact]
    public void GivenPayingInvoice_WhenAnotherPaymentIsPaidOrFails_ThenNothingChanges()
    {
        Assert.Null(InvoiceDecisions.Handle(Paying(), new PaidOutcome(Guid.NewGuid(), "tr_x", 10_000, "GBP", Given.Now)));
        Assert.Null(InvoiceDecisions.Handle(Paying(), new FailedOutcome(Guid.NewGuid(), "x", Given.Now)));
        Assert.Null(InvoiceDecisions.Handle(Invoice(), new PaidOutcome(PaymentId, "tr_x", 10_000, "GBP", Given.Now)));
    }

    [Fact]
    public void GivenPayingInvoice_WhenThePaymentFails_ThenFailedWithTheReason()
    {
        var failed = Assert.IsType<PaymentFailed>(InvoiceDecisions.Handle(Paying(), new FailedOutcome(PaymentId, "balance_insufficient", Given.Now)));
        Assert.Equal((InvoiceStatus.Failed, "balance_insufficient"), (Paying().Apply(failed).Status, Paying().Apply(failed).FailureReason));
        Assert.Null(InvoiceDecisions.Handle(Paying().Apply(failed), new FailedOutcome(PaymentId, "balance_insufficient", Given.Now)));
    }

    [Fact]
    public void GivenFailedPayment_WhenTheBrokerRetries_ThenPayingUnderTheSamePaymentId()
    {
        var retried = InvoiceDecisions.Handle(Failed(), new RetryPayment(Broker, Given.Now));
        Assert.Equal(PaymentId, retried.PaymentId);
        var after = Failed().Apply(retried);
        Assert.Equal((InvoiceStatus.Paying, (Guid?)PaymentId, (string?)null), (after.Status, after.PaymentId, after.FailureReason));
        Assert.Equal(PaymentId, InvoiceDecisions.PaymentOrder(after, Given.Now).PaymentId);
    }

    [Fact]
    public void GivenPayingInvoice_WhenTheBrokerRetriesAPaymentThatDidNotFail_ThenRejected() =>
        Assert.Throws<PaymentNotFailed>(() => InvoiceDecisions.Handle(Paying(), new RetryPayment(Broker, Given.Now)));

    [Fact]
    public void GivenSubmittedInvoice_WhenTheBrokerRetriesAPayment_ThenRejected() =>
        Assert.Throws<PaymentNotFailed>(() => InvoiceDecisions.Handle(Invoice(), new RetryPayment(Broker, Given.Now)));

    [Fact]
    public void GivenFailedPayment_WhenAMemberRetries_ThenRejected() =>
        Assert.Throws<BrokersOnly>(() => InvoiceDecisions.Handle(Failed(), new RetryPayment(Member, Given.Now)));

    [Fact]
    public void GivenFailedPayment_WhenPaidAfterAll_ThenPaid() =>
        Assert.IsType<PaymentMade>(InvoiceDecisions.Handle(Failed(), new PaidOutcome(PaymentId, "tr_2", 10_000, "GBP", Given.Now)));

    [Fact]
    public void GivenPaidInvoice_WhenTheTransferIsReversed_ThenReversedAndThePaymentIsKept()
    {
        var paid = Paying().Apply(new PaymentMade(InvoiceId, PaymentId, "tr_1", 10_000, "GBP", Given.Now));
        var reversed = Assert.IsType<PaymentTransferReversed>(InvoiceDecisions.Handle(paid, new ReversedOutcome(PaymentId, "tr_1", 10_000, "GBP", Given.Now.AddDays(2))));
        var after = paid.Apply(reversed);
        Assert.Equal((InvoiceStatus.Reversed, "tr_1", 10_000L), (after.Status, after.TransferId, after.Reversal!.Amount));
        Assert.NotNull(after.PaidAt);
        Assert.Null(InvoiceDecisions.Handle(after, new ReversedOutcome(PaymentId, "tr_1", 10_000, "GBP", Given.Now.AddDays(2))));
        Assert.Null(InvoiceDecisions.Handle(after, new PaidOutcome(PaymentId, "tr_1", 10_000, "GBP", Given.Now)));
    }

    [Fact]
    public void GivenReversalOvertookItsPayment_WhenThePaymentArrives_ThenItIsRecordedAndTheInvoiceStaysReversed()
    {
        var reversedFirst = Paying().Apply(new PaymentTransferReversed(InvoiceId, PaymentId, "tr_1", 10_000, "GBP", Given.Now));
        var made = Assert.IsType<PaymentMade>(InvoiceDecisions.Handle(reversedFirst, new PaidOutcome(PaymentId, "tr_1", 10_000, "GBP", Given.Now)));
        Assert.Equal(InvoiceStatus.Reversed, reversedFirst.Apply(made).Status);
    }

    [Fact]
    public void GivenSubmittedInvoice_WhenAReversalArrives_ThenNothingChanges() =>
        Assert.Null(InvoiceDecisions.Handle(Invoice(), new ReversedOutcome(PaymentId, "tr_1", 10_000, "GBP", Given.Now)));

    [Fact]
    public void GivenPaidInvoices_WhenTheContractRecordsThemAndAReversal_ThenTheReversalIsBesideThePayment()
    {
        var contract = Contract(
            new ContractPaymentMade(ContractId, InvoiceId, PaymentId, 3, "tr_1", 10_000, "GBP", Given.Now),
            new ContractPaymentMade(ContractId, Guid.NewGuid(), Guid.NewGuid(), 4, "tr_2", 10_000, "GBP", Given.Now),
            new ContractPaymentReversed(ContractId, InvoiceId, PaymentId, "tr_1", 10_000, "GBP", Given.Now.AddDays(1)));
        Assert.Equal(2, contract.Payments.Count);
        Assert.Equal(10_000L, contract.Payments.Single(p => p.TransferId == "tr_1").ReversedAmount);
        Assert.Null(contract.Payments.Single(p => p.TransferId == "tr_2").ReversedAt);
    }
}
