using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.FakeStripe;

/// <summary>
/// Not Stripe's: what tests and the demo use to arrange and inspect the fake. Anonymous, and answered only to
/// callers on this machine.
/// </summary>
public static class ControlApi
{
    public static void MapControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_fake").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) ? await next(context) : TypedResults.Forbid());

        control.MapPost("/accounts", AddOrUpdateAccount);
        control.MapGet("/accounts", (PlatformAccounts accounts) => TypedResults.Ok(accounts.All.Select(View).ToList()));
        control.MapPut("/accounts/{secretKey}/balance", SetBalance);
        control.MapGet("/transfers", ListTransfers);
        control.MapPost("/transfers/{id}/reversals", Reverse);
        control.MapPost("/faults", InjectFaults);
        control.MapGet("/faults", (Faults faults) => TypedResults.Ok(faults.Pending()));
        control.MapDelete("/faults", (Faults faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        });
        control.MapGet("/events", ListEvents);
        control.MapPost("/events/{id}/resend", Resend);
    }

    public sealed record AccountRequest(string SecretKey, long? Balance, string? WebhookUrl, string? WebhookSecret);

    public sealed record AccountView(string SecretKey, long Balance, string? WebhookUrl, string WebhookSecret, int Transfers, IReadOnlyList<string> ExecutingIdempotencyKeys);

    public sealed record BalanceRequest(long Balance);

    public sealed record TransferView(
        string Id, string Account, string? IdempotencyKey, IReadOnlyDictionary<string, string> Parameters, long Amount, long AmountReversed, bool Reversed,
        string Currency, string Destination, string? Description, string? TransferGroup, IReadOnlyDictionary<string, string> Metadata, long Created);

    public sealed record ReverseRequest(long? Amount);

    public sealed record FaultsRequest(string? Account, IReadOnlyList<Fault> Faults);

    public sealed record EventView(string Id, string Account, string Type, long Created, bool Delivered, IReadOnlyList<Delivery> Deliveries, string Payload);

    private static Results<Ok<AccountView>, ValidationProblem> AddOrUpdateAccount(AccountRequest body, PlatformAccounts accounts)
    {
        if (!ApiKeys.LooksLikeSecretKey(body.SecretKey ?? ""))
        {
            return Invalid("secretKey", "A secret key starts with sk_ and has no spaces.");
        }

        if (body.Balance < 0)
        {
            return Invalid("balance", "The balance is pence, zero or more.");
        }

        if (body.WebhookUrl is not null && !Uri.TryCreate(body.WebhookUrl, UriKind.Absolute, out _))
        {
            return Invalid("webhookUrl", "The webhook URL must be absolute.");
        }

        return TypedResults.Ok(View(accounts.AddOrUpdate(body.SecretKey!, body.Balance, body.WebhookUrl, body.WebhookSecret)));
    }

    private static Results<Ok<AccountView>, NotFound, ValidationProblem> SetBalance(string secretKey, BalanceRequest body, PlatformAccounts accounts)
    {
        if (body.Balance < 0)
        {
            return Invalid("balance", "The balance is pence, zero or more.");
        }

        if (accounts.Find(secretKey) is not { } account)
        {
            return TypedResults.NotFound();
        }

        lock (account.Gate)
        {
            account.Balance = body.Balance;
        }

        return TypedResults.Ok(View(account));
    }

    private static Ok<List<TransferView>> ListTransfers(string? account, PlatformAccounts accounts)
    {
        var views = new List<TransferView>();
        foreach (var platform in accounts.All.Where(a => account is null || a.SecretKey == account))
        {
            lock (platform.Gate)
            {
                views.AddRange(platform.Transfers.Select(t => new TransferView(
                    t.Id, t.AccountKey, t.IdempotencyKey, t.Parameters.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), t.Amount, t.AmountReversed,
                    t.Reversed, t.Currency, t.Destination, t.Description, t.TransferGroup, t.Metadata, t.Created)));
            }
        }

        return TypedResults.Ok(views.OrderBy(v => v.Created).ToList());
    }

    /// <summary>A reversal as the platform would make it (Stripe's reversal object or error), with its webhook event.</summary>
    private static async Task Reverse(HttpContext http, string id, ReverseRequest? body, PlatformAccounts accounts, Transfers transfers)
    {
        var requestId = Ids.New("req");
        if (accounts.OwnerOf(id) is not { } account)
        {
            await StripeCall.WriteAsync(http, StripeCall.Render(StripeErrors.NoSuchTransfer(id), requestId));
            return;
        }

        var parameters = body?.Amount is { } amount ? [new("amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture))] : new List<KeyValuePair<string, string>>();
        StripeResult result;
        lock (account.Gate)
        {
            result = transfers.Reverse(account, id, new StripeRequest("POST", $"/v1/transfers/{id}/reversals", parameters));
        }

        await StripeCall.WriteAsync(http, StripeCall.Render(result, requestId));
    }

    private static Results<Ok<IReadOnlyDictionary<string, Fault[]>>, NotFound, ValidationProblem> InjectFaults(FaultsRequest body, Faults faults, PlatformAccounts accounts)
    {
        if (body.Faults is not { Count: > 0 })
        {
            return Invalid("faults", "Give one fault or more.");
        }

        if (body.Faults.Select(Faults.Problem).FirstOrDefault(p => p is not null) is { } problem)
        {
            return Invalid("faults", problem);
        }

        if (body.Account is not null && accounts.Find(body.Account) is null)
        {
            return TypedResults.NotFound();
        }

        faults.Enqueue(body.Account, body.Faults);
        return TypedResults.Ok(faults.Pending());
    }

    private static Ok<List<EventView>> ListEvents(string? account, Webhooks webhooks) =>
        TypedResults.Ok(webhooks.All.Where(e => account is null || e.AccountKey == account).Select(e =>
        {
            var deliveries = e.Deliveries;
            return new EventView(e.Id, e.AccountKey, e.Type, e.Created, deliveries.Any(d => d.Status is >= 200 and < 300), deliveries, e.Payload);
        }).ToList());

    private static Results<Accepted, NotFound> Resend(string id, Webhooks webhooks)
    {
        if (webhooks.Find(id) is not { } stripeEvent)
        {
            return TypedResults.NotFound();
        }

        webhooks.Deliver(stripeEvent);
        return TypedResults.Accepted((string?)null);
    }

    private static AccountView View(PlatformAccount account)
    {
        lock (account.Gate)
        {
            return new(account.SecretKey, account.Balance, account.WebhookUrl, account.WebhookSecret, account.Transfers.Count, account.IdempotencyKeys.Executing);
        }
    }

    private static ValidationProblem Invalid(string field, string message) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
