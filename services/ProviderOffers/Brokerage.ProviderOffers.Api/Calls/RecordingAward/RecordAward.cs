namespace Brokerage.ProviderOffers.Api.Calls.RecordingAward;

/// <summary>One bidder's scores as Commissioning published them (0–100, two decimal places).</summary>
public sealed record BidderScore(Guid BidId, Guid ProviderId, decimal PriceScore, decimal QualityScore, decimal VoteScore, decimal Total);

/// <summary>Commissioning awarded the call; recorded once per award (keyed on the contract id).</summary>
public sealed record RecordAward(
    Guid CallId, Guid ContractId, Guid BidId, Guid ProviderId, long AnnualPrice, string Currency, IReadOnlyList<BidderScore> Scores,
    DateTimeOffset StandstillEndsAt, DateTimeOffset AwardedAt)
{
    public static IReadOnlyList<object> Handle(CallForOffers call, RecordAward c) =>
        call.AwardedContracts.Contains(c.ContractId)
            ? []
            : [new CallAwarded(c.CallId, c.ContractId, c.BidId, c.ProviderId, c.AnnualPrice, c.Currency, c.Scores, c.StandstillEndsAt, c.AwardedAt)];
}

public sealed record CallAwarded(
    Guid CallId, Guid ContractId, Guid BidId, Guid ProviderId, long AnnualPrice, string Currency, IReadOnlyList<BidderScore> Scores,
    DateTimeOffset StandstillEndsAt, DateTimeOffset AwardedAt);

/// <summary>Commissioning reverted an award (e.g. the pool could not cover it); recorded once per award.</summary>
public sealed record RecordAwardReverted(Guid CallId, Guid ContractId, Guid BidId, string Reason, DateTimeOffset RevertedAt)
{
    public static IReadOnlyList<object> Handle(CallForOffers call, RecordAwardReverted c) =>
        call.RevertedContracts.Contains(c.ContractId) ? []
        : call.AwardedContracts.Contains(c.ContractId) ? [new AwardReverted(c.CallId, c.ContractId, c.BidId, c.Reason, c.RevertedAt)]
        : throw new AwardNotYetKnown(c.ContractId);
}

public sealed record AwardReverted(Guid CallId, Guid ContractId, Guid BidId, string Reason, DateTimeOffset RevertedAt);

/// <summary>A revert arrived before its award; the consumer is retried until the award is recorded.</summary>
public sealed class AwardNotYetKnown(Guid contractId) : Exception($"The award of contract {contractId} is not known yet.");
