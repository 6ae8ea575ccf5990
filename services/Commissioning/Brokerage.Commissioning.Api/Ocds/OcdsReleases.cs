using System.Globalization;
using System.Text.Json.Nodes;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.ServiceDefaults;
using JasperFx.Events;

namespace Brokerage.Commissioning.Api.Ocds;

public sealed class OcdsOptions
{
    /// <summary>The publisher's registered OCID prefix; the call id follows it.</summary>
    public string OcidPrefix { get; set; } = "ocds-brokerage-";

    /// <summary>
    /// Each council's legal name by council id in its normal form (<c>Ocds:CouncilNames</c>), for the buyer and the
    /// package's publisher; the id when none is configured.
    /// </summary>
    public IReadOnlyDictionary<string, string> CouncilNames { get; set; } = new Dictionary<string, string>();

    public string CouncilName(string councilId) => CouncilNames.GetValueOrDefault(councilId) ?? councilId;

    /// <summary>
    /// A transaction's <c>source</c> (<c>Ocds:TransactionSource</c>): where a reader learns what the transaction ids are,
    /// the payment provider's transfers (Stripe Connect).
    /// </summary>
    public string TransactionSource { get; set; } = "https://docs.stripe.com/connect/separate-charges-and-transfers";
}

/// <summary>
/// OCDS 1.1 releases of a call for offers, one per public step, built from the call's and its contracts' events.
/// Organisation names only (the council as buyer, providers as tenderers and suppliers): no member, vote or need data.
/// Amounts are in pounds (OCDS values are major units), converted exactly from pence.
/// </summary>
public static class OcdsReleases
{
    public static IEnumerable<JsonObject> For(OcdsOptions options, IReadOnlyList<IEvent> callEvents, IReadOnlyDictionary<Guid, IReadOnlyList<IEvent>> contractEvents)
    {
        CallForOffers? call = null;
        var releases = new List<JsonObject>();
        foreach (var e in callEvents)
        {
            call = GeneratedEvolver<CallForOffers>.Evolve(call, e)!;
            var ocid = options.OcidPrefix + call.Id;
            var buyer = options.CouncilName(call.CouncilId);
            switch (e.Data)
            {
                case CallPublished p:
                    releases.Add(Release(buyer, ocid, $"{call.Id}-planning", p.PublishedAt, ["planning"], call, planning: Planning(call)));
                    releases.Add(Release(buyer, ocid, $"{call.Id}-tender", p.PublishedAt, ["tender"], call, tender: Tender(buyer, call, "active")));
                    break;
                case BidsReceived b:
                    releases.Add(Release(buyer, ocid, $"{call.Id}-bids-opened", b.ReceivedAt, ["tenderUpdate"], call, tender: Tender(buyer, call, "active")));
                    break;
                case CallAwarded a:
                    releases.Add(Release(buyer, ocid, $"{call.Id}-award-{a.ContractId}", a.AwardedAt, ["award"], call,
                        tender: Tender(buyer, call, "active"), awards: [Award(call, call.Awards.Single(x => x.ContractId == a.ContractId), "pending")]));
                    break;
                case CallAwardReverted r:
                    releases.Add(Release(buyer, ocid, $"{call.Id}-award-{r.ContractId}-cancelled", r.RevertedAt, ["awardCancellation"], call,
                        awards: [Award(call, call.Awards.Single(x => x.ContractId == r.ContractId), "cancelled")]));
                    break;
                case CallCancelled c:
                    releases.Add(Release(buyer, ocid, $"{call.Id}-cancelled", c.CancelledAt, ["tenderCancellation"], call, tender: Tender(buyer, call, "cancelled"),
                        awards: call.Awards.Where(x => x.Status == "cancelled").Select(x => Award(call, x, "cancelled")).ToArray()));
                    break;
                case CallContracted done:
                    var contractRelease = ContractReleases(options, buyer, ocid, call, done.ContractId, contractEvents.GetValueOrDefault(done.ContractId) ?? []);
                    releases.AddRange(contractRelease);
                    break;
            }
        }

        return call?.PublishedAt is null ? [] : releases;
    }

    private static IEnumerable<JsonObject> ContractReleases(OcdsOptions options, string buyer, string ocid, CallForOffers call, Guid contractId, IReadOnlyList<IEvent> events)
    {
        ServiceContract? contract = null;
        var award = call.Awards.Single(a => a.ContractId == contractId);
        var variation = 0;
        foreach (var e in events)
        {
            contract = GeneratedEvolver<ServiceContract>.Evolve(contract, e)!;
            switch (e.Data)
            {
                case ContractCommenced c:
                    yield return Release(buyer, ocid, $"{call.Id}-contract-{contractId}", c.StartedAt, ["contract"], call, tender: Tender(buyer, call, "complete"),
                        awards: [Award(call, award, "active")], contracts: [Contract(contract, "active", c.StartedAt)]);
                    break;
                case ContractAmended a:
                    variation++;
                    var amended = Contract(contract, "active", null);
                    amended["amendments"] = new JsonArray(new JsonObject
                    {
                        ["id"] = $"{contractId}-variation-{variation}",
                        ["date"] = a.VariedAt.ToString("O"),
                        ["description"] = "The annual price and/or end date of the contract were varied.",
                    });
                    yield return Release(buyer, ocid, $"{call.Id}-contract-{contractId}-variation-{variation}", a.VariedAt, ["contractAmendment"], call,
                        contracts: [amended]);
                    break;
                case ContractTerminated t:
                    yield return Release(buyer, ocid, $"{call.Id}-contract-{contractId}-ended", t.EndedAt, ["contractTermination"], call,
                        contracts: [Contract(contract, "terminated", null)]);
                    break;
                case ContractPaymentMade p:
                    yield return Release(buyer, ocid, $"{call.Id}-contract-{contractId}-payment-{p.TransferId}", p.PaidAt, ["implementation"], call,
                        contracts: [Implementation(options, buyer, call, contract)], payee: contract.ProviderId);
                    break;
                case ContractPaymentReversed r:
                    yield return Release(buyer, ocid, $"{call.Id}-contract-{contractId}-payment-{r.TransferId}-reversed", r.ReversedAt, ["implementation"], call,
                        contracts: [Implementation(options, buyer, call, contract)], payee: contract.ProviderId);
                    break;
            }
        }
    }

    private static JsonObject Release(
        string buyer,
        string ocid, string id, DateTimeOffset date, string[] tags, CallForOffers call,
        JsonObject? planning = null, JsonObject? tender = null, JsonObject[]? awards = null, JsonObject[]? contracts = null, Guid? payee = null)
    {
        // An implementation release names who paid (the council) and who was paid (the contracted provider, a supplier).
        var councilRoles = new JsonArray("buyer", "procuringEntity");
        if (payee is not null)
        {
            councilRoles.Add("payer");
        }

        var parties = new JsonArray(new JsonObject
        {
            ["id"] = call.CouncilId,
            ["name"] = buyer,
            ["roles"] = councilRoles,
        });
        var suppliers = call.Awards.Select(a => a.ProviderId).ToHashSet();
        foreach (var bidder in call.Bids.GroupBy(b => b.ProviderId))
        {
            var roles = new JsonArray("tenderer");
            if ((awards is { Length: > 0 } && suppliers.Contains(bidder.Key)) || bidder.Key == payee)
            {
                roles.Add("supplier");
            }

            if (bidder.Key == payee)
            {
                roles.Add("payee");
            }

            parties.Add(new JsonObject { ["id"] = bidder.Key.ToString(), ["name"] = bidder.First().ProviderName, ["roles"] = roles });
        }

        var release = new JsonObject
        {
            ["ocid"] = ocid,
            ["id"] = id,
            ["date"] = date.ToString("O"),
            ["tag"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["initiationType"] = "tender",
            ["language"] = "en",
            ["parties"] = parties,
            ["buyer"] = new JsonObject { ["id"] = call.CouncilId, ["name"] = buyer },
        };
        if (planning is not null)
        {
            release["planning"] = planning;
        }

        if (tender is not null)
        {
            release["tender"] = tender;
        }

        if (awards is { Length: > 0 })
        {
            release["awards"] = new JsonArray(awards.Select(a => (JsonNode)a).ToArray());
        }

        if (contracts is { Length: > 0 })
        {
            release["contracts"] = new JsonArray(contracts.Select(c => (JsonNode)c).ToArray());
        }

        return release;
    }

    private static JsonObject Value(long pence, string currency) => new() { ["amount"] = pence / 100m, ["currency"] = currency };

    /// <summary>
    /// A period of whole days, from the start of its first day to the end of its last (<c>2027-06-30T23:59:59Z</c>, as in
    /// OCDS's examples): midnight of the last day would leave that day out.
    /// </summary>
    private static JsonObject Period(DateOnly first, DateOnly last) => new()
    {
        ["startDate"] = first.ToString("yyyy-MM-dd'T00:00:00Z'", CultureInfo.InvariantCulture),
        ["endDate"] = last.ToString("yyyy-MM-dd'T23:59:59Z'", CultureInfo.InvariantCulture),
    };

    private static JsonObject Planning(CallForOffers call) => new()
    {
        ["rationale"] = "A need raised and supported by the members of a pooled personal budget.",
        ["budget"] = new JsonObject
        {
            ["id"] = $"{call.PoolId}",
            ["description"] = "Pooled personal budgets",
            ["amount"] = Value(Evaluation.ContractValue(call.MaximumAnnualPrice, call.TermMonths), call.Currency),
        },
    };

    private static JsonObject Tender(string buyer, CallForOffers call, string status)
    {
        var tender = new JsonObject
        {
            ["id"] = call.Id.ToString(),
            ["title"] = call.Title,
            ["description"] = call.Description,
            ["status"] = status,
            ["procuringEntity"] = new JsonObject { ["id"] = call.CouncilId, ["name"] = buyer },
            ["items"] = new JsonArray(call.ServiceCategories.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = (i + 1).ToString(CultureInfo.InvariantCulture),
                ["description"] = c,
            }).ToArray()),
            ["value"] = Value(Evaluation.ContractValue(call.MaximumAnnualPrice, call.TermMonths), call.Currency),
            ["procurementMethod"] = "open",
            ["mainProcurementCategory"] = "services",
            ["awardCriteria"] = "ratedCriteria",
            ["awardCriteriaDetails"] = $"Price {call.Weights.Price}%, quality {call.Weights.Quality}%, member vote {call.Weights.MemberVote}%.",
            ["submissionMethod"] = new JsonArray("electronicSubmission"),
            ["tenderPeriod"] = new JsonObject
            {
                ["startDate"] = call.PublishedAt!.Value.ToString("O"),
                ["endDate"] = call.ClosesAt.ToString("O"),
            },
            ["contractPeriod"] = Period(call.StartDate, ServiceContract.EndOf(call.StartDate, call.TermMonths)),
        };
        if (call.BidList is not null)
        {
            tender["numberOfTenderers"] = call.Bids.Select(b => b.ProviderId).Distinct().Count();
            tender["tenderers"] = new JsonArray(call.Bids.GroupBy(b => b.ProviderId)
                .Select(g => (JsonNode)new JsonObject { ["id"] = g.Key.ToString(), ["name"] = g.First().ProviderName }).ToArray());
        }

        return tender;
    }

    private static JsonObject Award(CallForOffers call, AwardRecord award, string status) => new()
    {
        ["id"] = award.ContractId.ToString(),
        ["status"] = status,
        ["date"] = award.AwardedAt.ToString("O"),
        ["value"] = Value(award.ContractValue, call.Currency),
        ["suppliers"] = new JsonArray(new JsonObject { ["id"] = award.ProviderId.ToString(), ["name"] = award.ProviderName }),
        ["contractPeriod"] = Period(call.StartDate, ServiceContract.EndOf(call.StartDate, call.TermMonths)),
    };

    /// <summary>
    /// The contract with <c>implementation.transactions</c>: one per paid invoice (id: the transfer id), and for a reversed
    /// transfer a second one of the negative amount (OCDS: "a negative value indicates a refund or correction"), so the
    /// reversal is shown beside the payment, not in its place.
    /// </summary>
    private static JsonObject Implementation(OcdsOptions options, string buyer, CallForOffers call, ServiceContract contract)
    {
        var payer = new JsonObject { ["id"] = call.CouncilId, ["name"] = buyer };
        var payee = new JsonObject { ["id"] = contract.ProviderId.ToString(), ["name"] = contract.ProviderName };
        var transactions = new JsonArray();
        foreach (var p in contract.Payments)
        {
            transactions.Add(Transaction(p.TransferId, p.PaidAt, p.Amount));
            if (p.ReversedAt is { } reversedAt)
            {
                transactions.Add(Transaction($"{p.TransferId}-reversal", reversedAt, -(p.ReversedAmount ?? p.Amount)));
            }
        }

        var json = Contract(contract, contract.Status == ServiceContract.Ended ? "terminated" : "active", null);
        json["implementation"] = new JsonObject { ["transactions"] = transactions };
        return json;

        JsonObject Transaction(string id, DateTimeOffset date, long pence) => new()
        {
            ["id"] = id,
            ["source"] = options.TransactionSource,
            ["date"] = date.ToString("O"),
            ["value"] = Value(pence, contract.Currency),
            ["payer"] = payer.DeepClone(),
            ["payee"] = payee.DeepClone(),
        };
    }

    private static JsonObject Contract(ServiceContract contract, string status, DateTimeOffset? signed)
    {
        var json = new JsonObject
        {
            ["id"] = contract.Id.ToString(),
            ["awardID"] = contract.Id.ToString(),
            ["status"] = status,
            ["period"] = Period(contract.StartDate, contract.EndDate),
            ["value"] = Value(contract.Schedule.Sum(i => i.Amount), contract.Currency),
        };
        if (signed is { } date)
        {
            json["dateSigned"] = date.ToString("O");
        }

        return json;
    }
}
