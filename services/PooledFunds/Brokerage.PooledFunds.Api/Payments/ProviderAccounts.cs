using Brokerage.Messaging;
using Brokerage.ProviderOffers.Contracts;
using MassTransit;

namespace Brokerage.PooledFunds.Api.Payments;

/// <summary>Where a provider is paid: its Stripe connected account, as ProviderOffers last recorded it.</summary>
public sealed record ProviderPaymentAccount(Guid Id, string AccountId, DateTimeOffset RecordedAt);

/// <summary>Keeps <see cref="ProviderPaymentAccount"/> from ProviderOffers' messages; an older message never replaces a newer account.</summary>
public sealed class ProviderAccountsConsumer : IConsumer<ProviderPaymentAccountRecorded>
{
    public async Task Consume(ConsumeContext<ProviderPaymentAccountRecorded> context)
    {
        var m = context.Message;
        var session = context.Session();
        var known = await session.LoadAsync<ProviderPaymentAccount>(m.ProviderId, context.CancellationToken);
        if (known is null || known.RecordedAt <= m.RecordedAt)
        {
            session.Store(new ProviderPaymentAccount(m.ProviderId, m.PaymentAccountId, m.RecordedAt));
        }
    }
}
