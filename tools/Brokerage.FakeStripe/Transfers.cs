using System.Text.Json.Nodes;

namespace Brokerage.FakeStripe;

/// <summary>
/// Stripe's transfer endpoints over one platform account (the caller holds its lock): create from the balance,
/// retrieve, list, reverse back into the balance. Creating and reversing send the account's webhook events.
/// </summary>
public sealed class Transfers(PlatformAccounts accounts, Webhooks webhooks, TimeProvider clock)
{
    public StripeResult Create(StripeCallContext call)
    {
        var (account, request) = (call.Account, call.Request);
        if (request.UnknownParameter("amount", "currency", "destination", "description", "metadata", "transfer_group", "source_transaction", "source_type") is { } unknown)
        {
            return StripeErrors.UnknownParameter(unknown);
        }

        var (amount, invalidAmount) = request.Integer("amount", minimum: 1);
        if (invalidAmount is not null)
        {
            return invalidAmount;
        }

        if (amount is null)
        {
            return StripeErrors.MissingParameter("amount");
        }

        if (request["currency"] is not { Length: > 0 } currency)
        {
            return StripeErrors.MissingParameter("currency");
        }

        if (!currency.Equals("gbp", StringComparison.OrdinalIgnoreCase))
        {
            return StripeErrors.InvalidRequest($"Invalid currency: {currency}. This platform account holds gbp only.", "currency", "invalid_currency");
        }

        if (request["destination"] is not { Length: > 0 } destination)
        {
            return StripeErrors.MissingParameter("destination");
        }

        if (!destination.StartsWith("acct_", StringComparison.Ordinal))
        {
            return StripeErrors.InvalidRequest($"No such destination: '{destination}'", "destination", "resource_missing");
        }

        if (amount > account.Balance)
        {
            return StripeErrors.BalanceInsufficient();
        }

        var transfer = new Transfer
        {
            Id = Ids.New("tr"),
            AccountKey = account.SecretKey,
            Amount = amount.Value,
            Currency = "gbp",
            Destination = destination,
            Description = request["description"],
            TransferGroup = request["transfer_group"],
            Metadata = request.Metadata(),
            Created = Now(),
            IdempotencyKey = call.IdempotencyKey,
            Parameters = request.Parameters,
        };
        account.Balance -= transfer.Amount;
        account.Transfers.Add(transfer);
        accounts.Remember(transfer, account);
        webhooks.Publish(account, "transfer.created", StripeObjects.Transfer(transfer));
        return StripeResult.Ok(StripeObjects.Transfer(transfer));
    }

    public static StripeResult Retrieve(StripeCallContext call, string id) =>
        call.Account.FindTransfer(id) is { } transfer ? StripeResult.Ok(StripeObjects.Transfer(transfer)) : StripeErrors.NoSuchTransfer(id);

    /// <summary>Newest first; <c>limit</c> 1–100 (10 by default) and <c>starting_after</c> page through them.</summary>
    public static StripeResult List(StripeCallContext call)
    {
        var request = call.Request;
        if (request.UnknownParameter("limit", "starting_after", "destination", "transfer_group") is { } unknown)
        {
            return StripeErrors.UnknownParameter(unknown);
        }

        var (limit, invalidLimit) = request.Integer("limit", minimum: 1);
        if (invalidLimit is not null || limit > 100)
        {
            return invalidLimit ?? StripeErrors.InvalidRequest("This value must be less than or equal to 100.", "limit", "parameter_invalid_integer");
        }

        IEnumerable<Transfer> newestFirst = Enumerable.Reverse(call.Account.Transfers);
        if (request["destination"] is { } destination)
        {
            newestFirst = newestFirst.Where(t => t.Destination == destination);
        }

        if (request["transfer_group"] is { } group)
        {
            newestFirst = newestFirst.Where(t => t.TransferGroup == group);
        }

        if (request["starting_after"] is { } after)
        {
            newestFirst = newestFirst.SkipWhile(t => t.Id != after).Skip(1);
        }

        var page = newestFirst.Take((int)(limit ?? 10) + 1).ToList();
        var shown = page.Take((int)(limit ?? 10));
        return StripeResult.Ok(StripeObjects.List(shown.Select(StripeObjects.Transfer), page.Count > (limit ?? 10), "/v1/transfers"));
    }

    /// <summary>Reverses <c>amount</c> (by default what is left) back into the platform's balance; sends <c>transfer.reversed</c>.</summary>
    public StripeResult Reverse(PlatformAccount account, string transferId, StripeRequest request)
    {
        if (account.FindTransfer(transferId) is not { } transfer)
        {
            return StripeErrors.NoSuchTransfer(transferId);
        }

        if (request.UnknownParameter("amount", "description", "metadata", "refund_application_fee") is { } unknown)
        {
            return StripeErrors.UnknownParameter(unknown);
        }

        var (amount, invalidAmount) = request.Integer("amount", minimum: 1);
        if (invalidAmount is not null)
        {
            return invalidAmount;
        }

        var left = transfer.Amount - transfer.AmountReversed;
        if (left == 0)
        {
            return StripeErrors.InvalidRequest($"Transfer {transfer.Id} has already been fully reversed.", "amount");
        }

        if (amount > left)
        {
            return StripeErrors.InvalidRequest($"Amount requested ({amount}) is greater than the amount of the transfer that can still be reversed ({left}).", "amount");
        }

        var before = new JsonObject { ["amount_reversed"] = transfer.AmountReversed, ["reversed"] = transfer.Reversed };
        var reversal = new TransferReversal(Ids.New("trr"), transfer.Id, amount ?? left, transfer.Currency, Now(), request["description"], request.Metadata());
        transfer.Reversals.Insert(0, reversal);
        account.Balance += reversal.Amount;
        webhooks.Publish(account, "transfer.reversed", StripeObjects.Transfer(transfer), previousAttributes: before);
        return StripeResult.Ok(StripeObjects.Reversal(reversal));
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeSeconds();
}
