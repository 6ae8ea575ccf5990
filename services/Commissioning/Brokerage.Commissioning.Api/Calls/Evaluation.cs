namespace Brokerage.Commissioning.Api.Calls;

/// <summary>
/// Scores, in decimal arithmetic and rounded to 2 dp half-up (away from zero; every score is non-negative):
/// price = 100 × lowest price / this price; quality = the broker's 0–100; vote = 100 × votes for the bid / votes cast
/// (weighted by pledge: 100 × weight of the votes for the bid / weight of every vote cast); total = Σ weight × score / 100.
/// When the quorum is not met (or no vote was cast, or a weighted vote carries no weight) the vote weight is shared between
/// price and quality in proportion to their weights (equally when both are 0), so total = (wp·p + wq·q) / (wp + wq).
/// </summary>
public static class Evaluation
{
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    public static decimal PriceScore(long lowest, long price) => price <= 0 ? 100m : Round(100m * lowest / price);

    /// <summary>The sum of the weights of <paramref name="votes"/>: the electors' pledges fixed when the bids were opened.</summary>
    public static long WeightOf(CallForOffers call, IEnumerable<MemberVote> votes) => votes.Sum(v => call.WeightOf(v.MemberId));

    public static VoteOutcome Vote(CallForOffers call)
    {
        var electorate = call.Electorate.Count;
        var cast = call.Votes.Count;
        long? weightCast = call.WeightedByPledge ? WeightOf(call, call.Votes) : null;

        // The quorum is a share of the electorate's members, whatever the voting method.
        var quorumMet = cast > 0 && (decimal)cast * 100 >= (decimal)call.QuorumPercent * electorate && weightCast is not 0;
        var notCounted = quorumMet ? null
            : cast == 0 ? "No votes were cast."
            : weightCast is 0 ? "The votes cast carry no pledge weight (the voters had nothing pledged when the bids were opened)."
            : $"Quorum not met: {cast} of {electorate} members voted; {call.QuorumPercent}% must vote.";
        var w = call.Weights;
        if (quorumMet || w.MemberVote == 0)
        {
            return new VoteOutcome(call.VotingMethod, electorate, cast, call.QuorumPercent, quorumMet, w.Price, w.Quality, w.MemberVote, weightCast, notCounted);
        }

        var (price, quality) = w.Price + w.Quality == 0
            ? (w.MemberVote / 2m, w.MemberVote / 2m)
            : (w.Price + (decimal)w.MemberVote * w.Price / (w.Price + w.Quality), w.Quality + (decimal)w.MemberVote * w.Quality / (w.Price + w.Quality));
        return new VoteOutcome(call.VotingMethod, electorate, cast, call.QuorumPercent, false, Round(price), Round(quality), 0m, weightCast, notCounted);
    }

    public static IReadOnlyList<BidScoreLine> Score(CallForOffers call, VoteOutcome vote)
    {
        if (call.Bids.Count == 0)
        {
            return [];
        }

        var lowest = call.Bids.Min(b => b.AnnualPrice);
        var cast = call.Votes.Count;
        var weightCast = WeightOf(call, call.Votes);
        var w = call.Weights;
        return call.Bids.Select(bid =>
        {
            var price = PriceScore(lowest, bid.AnnualPrice);
            var forBid = call.Votes.Where(v => v.BidId == bid.BidId).ToArray();
            var votes = forBid.Length;
            long? weightOfVotes = call.WeightedByPledge ? WeightOf(call, forBid) : null;
            var voteScore = weightOfVotes is { } weight
                ? weightCast == 0 ? 0m : Round(100m * weight / weightCast)
                : cast == 0 ? 0m : Round(100m * votes / cast);
            var quality = bid.QualityScore ?? 0;
            decimal total;
            if (vote.QuorumMet || w.MemberVote == 0)
            {
                total = (w.Price * price + w.Quality * quality + w.MemberVote * voteScore) / 100m;
            }
            else if (w.Price + w.Quality == 0)
            {
                total = (price + quality) / 2m;
            }
            else
            {
                total = (w.Price * price + w.Quality * quality) / (w.Price + w.Quality);
            }

            return new BidScoreLine(
                bid.BidId, bid.ProviderId, bid.ProviderName, bid.AnnualPrice, bid.SubmittedAt,
                price, bid.QualityScore, voteScore, votes, Round(total), weightOfVotes);
        }).ToArray();
    }

    /// <summary>The winner among eligible bids: highest total, then lower price, then earliest submitted.</summary>
    public static BidScoreLine? Best(IEnumerable<BidScoreLine> scores) =>
        scores.OrderByDescending(s => s.Total).ThenBy(s => s.AnnualPrice).ThenBy(s => s.SubmittedAt).FirstOrDefault();

    /// <summary>Annual price × term months / 12, rounded half-up to the penny.</summary>
    public static long ContractValue(long annualPrice, int termMonths) =>
        (long)Math.Round((decimal)annualPrice * termMonths / 12m, 0, MidpointRounding.AwayFromZero);
}
