using Brokerage.Commissioning.Api.Domain;

namespace Brokerage.Commissioning.Api.Calls;

public sealed record CallAwarded(
    Guid CallId,
    Guid ContractId,
    Guid BidId,
    Guid ProviderId,
    string ProviderName,
    long AnnualPrice,
    long ContractValue,
    IReadOnlyList<BidScoreLine> Scores,
    VoteOutcome Vote,
    DateTimeOffset StandstillEndsAt,
    string AwardedBy,
    DateTimeOffset AwardedAt);

/// <param name="BidId">A named bid (only after a revert); null takes the best-scoring bid not yet reverted.</param>
public sealed record AwardCall(Guid ContractId, Guid? BidId, string Broker, DateTimeOffset Now);

public static partial class CallDecisions
{
    public static CallAwarded Handle(CallForOffers call, AwardCall c)
    {
        Require(call, "awarded", CallStatus.Evaluating);
        if (call.VotingClosesAt is { } closes && c.Now < closes)
        {
            throw new VotingStillOpen();
        }

        if (call.Bids.Any(b => b.QualityScore is null))
        {
            throw new QualityScoresMissing();
        }

        var reverted = call.Awards.Where(a => a.Status == "reverted").Select(a => a.BidId).ToHashSet();
        var vote = Evaluation.Vote(call);
        var scores = Evaluation.Score(call, vote);
        BidScoreLine? chosen;
        if (c.BidId is { } named)
        {
            chosen = scores.FirstOrDefault(s => s.BidId == named) ?? throw new UnknownBid();
            if (reverted.Contains(named))
            {
                throw new BidAlreadyReverted();
            }

            if (reverted.Count == 0 && Evaluation.Best(scores)?.BidId != named)
            {
                throw new AwardMustFollowScores();
            }
        }
        else
        {
            chosen = Evaluation.Best(scores.Where(s => !reverted.Contains(s.BidId))) ?? throw new NoBidsToAward();
        }

        return new CallAwarded(
            call.Id, c.ContractId, chosen.BidId, chosen.ProviderId, chosen.ProviderName, chosen.AnnualPrice,
            Evaluation.ContractValue(chosen.AnnualPrice, call.TermMonths), scores, vote,
            StandstillRules.EndsAt(call.StandstillRule, c.Now), c.Broker, c.Now);
    }
}
