using System.Text.Json.Nodes;

namespace Brokerage.FakeStripe;

/// <summary>Stripe's JSON for the objects the fake keeps, field for field as Stripe.net reads them.</summary>
public static class StripeObjects
{
    public static JsonObject Transfer(Transfer transfer) => new()
    {
        ["id"] = transfer.Id,
        ["object"] = "transfer",
        ["amount"] = transfer.Amount,
        ["amount_reversed"] = transfer.AmountReversed,
        ["balance_transaction"] = transfer.BalanceTransaction,
        ["created"] = transfer.Created,
        ["currency"] = transfer.Currency,
        ["description"] = transfer.Description,
        ["destination"] = transfer.Destination,
        ["destination_payment"] = transfer.DestinationPayment,
        ["livemode"] = false,
        ["metadata"] = Metadata(transfer.Metadata),
        ["reversals"] = List(transfer.Reversals.Take(10).Select(Reversal), transfer.Reversals.Count > 10, $"/v1/transfers/{transfer.Id}/reversals"),
        ["reversed"] = transfer.Reversed,
        ["source_transaction"] = null,
        ["source_type"] = "card",
        ["transfer_group"] = transfer.TransferGroup,
    };

    public static JsonObject Reversal(TransferReversal reversal) => new()
    {
        ["id"] = reversal.Id,
        ["object"] = "transfer_reversal",
        ["amount"] = reversal.Amount,
        ["balance_transaction"] = reversal.BalanceTransaction,
        ["created"] = reversal.Created,
        ["currency"] = reversal.Currency,
        ["destination_payment_refund"] = reversal.DestinationPaymentRefund,
        ["metadata"] = Metadata(reversal.Metadata),
        ["source_refund"] = null,
        ["transfer"] = reversal.TransferId,
    };

    public static JsonObject Balance(long available) => new()
    {
        ["object"] = "balance",
        ["available"] = new JsonArray(new JsonObject { ["amount"] = available, ["currency"] = "gbp", ["source_types"] = new JsonObject { ["card"] = available } }),
        ["livemode"] = false,
        ["pending"] = new JsonArray(new JsonObject { ["amount"] = 0, ["currency"] = "gbp", ["source_types"] = new JsonObject { ["card"] = 0 } }),
    };

    public static JsonObject List(IEnumerable<JsonObject> data, bool hasMore, string url) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. data]),
        ["has_more"] = hasMore,
        ["url"] = url,
    };

    private static JsonObject Metadata(IReadOnlyDictionary<string, string> metadata) =>
        new(metadata.Select(m => new KeyValuePair<string, JsonNode?>(m.Key, m.Value)));
}
