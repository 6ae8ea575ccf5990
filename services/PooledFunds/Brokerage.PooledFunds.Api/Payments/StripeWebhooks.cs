using System.Text;
using Brokerage.PooledFunds.Api.Budgets;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.Pools.Funding;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stripe;
using Pool = Brokerage.PooledFunds.Api.Pools.Pool;

namespace Brokerage.PooledFunds.Api.Payments;

/// <summary>A Stripe event this service has handled: a second delivery of the same event id changes nothing.</summary>
public sealed record StripeEventHandled(string Id, string CouncilId, string Type, DateTimeOffset HandledAt);

/// <summary>
/// <c>POST /webhooks/stripe/{council}</c>: Stripe's events for the council's account, verified with Stripe.net's
/// <see cref="EventUtility"/> against that council's webhook signing secret (signature over <c>t.payload</c>, 300 s
/// tolerance) and handled once per event id. <c>transfer.reversed</c> records the reversal in the pool's ledger.
/// Anything unsigned, forged, stale or malformed is a 400 and changes nothing.
/// </summary>
public static class StripeWebhooks
{
    private const int MaxPayloadBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapStripeWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/stripe/{council}", Receive).AllowAnonymous().WithTags("Payments")
            .WithSummary("Stripe's events for a council's account (signed; idempotent by event id)")
            .WithDescription("Roles: Stripe (a Stripe-Signature made with the council's webhook signing secret). transfer.reversed records the reversal; other event types are acknowledged and ignored.");
        return app;
    }

    public static async Task<Results<Ok<Acknowledged>, ProblemHttpResult, ValidationProblem>> Receive(
        string council, HttpRequest request, IOptions<PaymentOptions> options, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var councilId = CouncilIds.Normalise(council);
        if (options.Value.KeysOf(councilId)?.WebhookSecret is not { Length: > 0 } secret)
        {
            return Problems.NotFound("This council takes no payment-provider events.");
        }

        var payload = await ReadAsync(request, ct);
        Stripe.Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(
                payload ?? "", request.Headers["Stripe-Signature"].ToString(), secret, tolerance: 300, throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var errors = new RequestErrors();
            errors.Add("Stripe-Signature", "The event is not signed with this council's webhook secret, or its signature is older than 300 s, or it is not an event.");
            return errors.ToProblem();
        }

        session.Insert(new StripeEventHandled(stripeEvent.Id, councilId, stripeEvent.Type, clock.GetUtcNow()));
        if (stripeEvent is { Type: EventTypes.TransferReversed, Data.Object: Transfer transfer })
        {
            await RecordReversalAsync(session, councilId, transfer, clock, ct);
        }

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Delivered before (or twice at once): handled then.
        }

        return TypedResults.Ok(new Acknowledged(stripeEvent.Id));
    }

    public sealed record Acknowledged(string EventId);

    private static async Task RecordReversalAsync(IDocumentSession session, string councilId, Transfer transfer, TimeProvider clock, CancellationToken ct)
    {
        // Our transfers carry the payment and pool ids; anything else on the account is not ours to record.
        if (!transfer.Metadata.TryGetValue("payment_id", out var paymentText) || !Guid.TryParse(paymentText, out var paymentId)
            || !transfer.Metadata.TryGetValue("pool_id", out var poolText) || !Guid.TryParse(poolText, out var poolId))
        {
            return;
        }

        var poolStream = await session.Events.FetchForWriting<Pool>(poolId, ct);
        if (poolStream.Aggregate is not { } pool || pool.CouncilId != councilId)
        {
            return;
        }

        var decision = Funding.Handle(pool, new ReverseContractPayment(pool.Id, paymentId, transfer.Id, transfer.AmountReversed, clock.GetUtcNow()));
        if (decision.Events.Count > 0)
        {
            PoolTransaction.Append(session, poolStream, new Dictionary<Guid, IEventStream<MemberBudget>>(), new Decision(decision.Events, new Dictionary<Guid, IReadOnlyList<object>>()));
        }
    }

    private static async Task<string?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.Length is 0 or > MaxPayloadBytes ? null : Encoding.UTF8.GetString(buffer.ToArray());
    }
}
