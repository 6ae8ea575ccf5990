using Brokerage.ProviderOffers.Api.Providers;

namespace Brokerage.ProviderOffers.Api.Calls.SubmittingBid;

/// <summary>A provider bids on an open call: one bid per provider per call, at most the call's maximum annual price.</summary>
public sealed record SubmitBid(
    Guid CallId,
    Guid BidId,
    Guid ProviderId,
    long AnnualPrice,
    string Currency,
    int Capacity,
    string Proposal,
    IReadOnlyList<string> OutcomeCommitments,
    DateTimeOffset SubmittedAt)
{
    public static BidSubmitted Handle(CallForOffers call, Provider provider, SubmitBid command)
    {
        call.EnsureOpenAt(command.SubmittedAt);
        if (provider.Id != command.ProviderId || !provider.MayBid(call.CouncilId, call.ServiceCategories))
        {
            throw new ProviderNotEligible();
        }

        if (call.BidOf(command.ProviderId) is not null)
        {
            throw new BidAlreadySubmitted();
        }

        BidTerms.Ensure(call, command.AnnualPrice, command.Currency);
        return new BidSubmitted(
            command.CallId, call.CouncilId, command.BidId, command.ProviderId, provider.LegalName, command.AnnualPrice, command.Currency,
            command.Capacity, command.Proposal, command.OutcomeCommitments, command.SubmittedAt);
    }
}

public sealed record BidSubmitted(
    Guid CallId,
    string CouncilId,
    Guid BidId,
    Guid ProviderId,
    string ProviderName,
    long AnnualPrice,
    string Currency,
    int Capacity,
    string Proposal,
    IReadOnlyList<string> OutcomeCommitments,
    DateTimeOffset SubmittedAt);

internal static class BidTerms
{
    public static void Ensure(CallForOffers call, long annualPrice, string currency)
    {
        if (!string.Equals(currency, call.Currency, StringComparison.Ordinal))
        {
            throw new BidCurrencyNotAccepted();
        }

        if (annualPrice > call.MaximumAnnualPrice)
        {
            throw new BidOverMaximumPrice();
        }
    }
}
