using Brokerage.ProviderOffers.Api.Calls.RecordingAward;

namespace Brokerage.ProviderOffers.Api.ReadModels;

public sealed record AwardRecord(
    Guid ContractId, Guid BidId, Guid ProviderId, IReadOnlyList<BidderScore> Scores, DateTimeOffset StandstillEndsAt, DateTimeOffset AwardedAt,
    string? RevertedReason, DateTimeOffset? RevertedAt);

/// <summary>The awards of one call (the current one last), for providers to read their own results. Its id is the call's stream id.</summary>
public sealed record CallResultsView([property: JasperFx.Identity] Guid CallId, IReadOnlyList<Guid> BidderIds, IReadOnlyList<AwardRecord> Awards)
{
    public static CallResultsView Create(CallAwarded e) => new CallResultsView(e.CallId, [], []).Apply(e);

    public CallResultsView Apply(CallAwarded e) => this with
    {
        BidderIds = BidderIds.Concat(e.Scores.Select(score => score.ProviderId)).Append(e.ProviderId).Distinct().ToList(),
        Awards = [.. Awards, new AwardRecord(e.ContractId, e.BidId, e.ProviderId, e.Scores, e.StandstillEndsAt, e.AwardedAt, null, null)],
    };

    public CallResultsView Apply(AwardReverted e) => this with
    {
        Awards = Awards.Select(award => award.ContractId == e.ContractId ? award with { RevertedReason = e.Reason, RevertedAt = e.RevertedAt } : award).ToList(),
    };
}
