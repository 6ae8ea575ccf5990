using System.Collections.Concurrent;
using Brokerage.PooledFunds.Contracts;
using Brokerage.Commissioning.Contracts;
using MassTransit;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>
/// PooledFunds and ProviderOffers as Commissioning sees them: a bus of their own on the test vhost that records what
/// Commissioning publishes and answers ReserveFunds — FundsReserved, or FundsReservationRejected for pools told to refuse —
/// and AdjustReservation likewise.
/// </summary>
public sealed class Partners : IAsyncDisposable
{
    private readonly IBusControl bus;

    private Partners(IBusControl bus) => this.bus = bus;

    public ConcurrentQueue<object> Received { get; } = new();

    public ConcurrentDictionary<Guid, string> RefusingPools { get; } = new();

    /// <summary>Pools whose ReserveFunds get no answer (the test answers itself, late).</summary>
    public ConcurrentDictionary<Guid, bool> SilentPools { get; } = new();

    /// <summary>Pools that refuse AdjustReservation with the reason given; the others set the reservation.</summary>
    public ConcurrentDictionary<Guid, string> RefusingAdjustments { get; } = new();

    public IEnumerable<T> All<T>() => Received.OfType<T>();

    public static async Task<Partners> StartAsync(string rabbitMq)
    {
        Partners? partners = null;
        var uri = new Uri(rabbitMq);
        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(uri.Host, (ushort)uri.Port, vhost, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            cfg.ReceiveEndpoint($"test-partners-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<CallForOffersPublished>(c => Record(c.Message));
                e.Handler<CallForOffersClosed>(c => Record(c.Message));
                e.Handler<CallForOffersCancelled>(c => Record(c.Message));
                e.Handler<CallForOffersAwarded>(c => Record(c.Message));
                e.Handler<AwardReverted>(c => Record(c.Message));
                e.Handler<ContractStarted>(c => Record(c.Message));
                e.Handler<ContractVaried>(c => Record(c.Message));
                e.Handler<ContractEnded>(c => Record(c.Message));
                e.Handler<ReleaseReservation>(c => Record(c.Message));
                e.Handler<PayInvoice>(c => Record(c.Message)); // the test answers as PooledFunds would (InvoicePaid, InvoicePaymentFailed)
                e.Handler<AdjustReservation>(async c =>
                {
                    await Record(c.Message);
                    var m = c.Message;
                    await (partners!.RefusingAdjustments.TryGetValue(m.PoolId, out var reason)
                        ? c.Publish(new ReservationAdjustmentRejected(m.PoolId, m.ContractId, m.AdjustmentId, reason, DateTimeOffset.UtcNow))
                        : c.Publish(new ReservationAdjusted(m.PoolId, m.ContractId, m.AdjustmentId, m.Amount, m.Amount, m.Currency, DateTimeOffset.UtcNow)));
                });
                e.Handler<ReserveFunds>(async c =>
                {
                    await Record(c.Message);
                    var m = c.Message;
                    if (partners!.SilentPools.ContainsKey(m.PoolId))
                    {
                        return;
                    }

                    if (partners.RefusingPools.TryGetValue(m.PoolId, out var reason))
                    {
                        await c.Publish(new FundsReservationRejected(m.PoolId, m.ContractId, reason, DateTimeOffset.UtcNow));
                    }
                    else
                    {
                        await c.Publish(new FundsReserved(m.PoolId, m.ContractId, m.Amount, m.Currency, DateTimeOffset.UtcNow));
                    }
                });
            });
        });
        partners = new Partners(bus);
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return partners;

        Task Record(object message)
        {
            partners!.Received.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    public Task PublishAsync<T>(T message) where T : class => bus.Publish(message);

    /// <summary>Publishes <paramref name="message"/> with a message id of the caller's, to wait for its consumption.</summary>
    public Task PublishAsync<T>(T message, Guid messageId) where T : class => bus.Publish(message, context => context.MessageId = messageId);

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
