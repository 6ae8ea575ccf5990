namespace Brokerage.ProviderOffers.Api.Providers.RecordingPaymentAccount;

/// <summary>Records the provider's Stripe connected account (acct_…), which PooledFunds pays into.</summary>
public sealed record RecordPaymentAccount(Guid ProviderId, string PaymentAccountId, DateTimeOffset RecordedAt)
{
    public static PaymentAccountRecorded Handle(Provider? provider, RecordPaymentAccount command) =>
        provider is null
            ? throw new ProviderNotRegistered()
            : new PaymentAccountRecorded(command.ProviderId, command.PaymentAccountId, command.RecordedAt);
}

public sealed record PaymentAccountRecorded(Guid ProviderId, string PaymentAccountId, DateTimeOffset RecordedAt);
