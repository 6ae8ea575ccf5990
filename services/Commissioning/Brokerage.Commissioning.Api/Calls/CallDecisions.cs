using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Needs;
using Brokerage.Commissioning.Api.Pools;

namespace Brokerage.Commissioning.Api.Calls;

public sealed record DraftCall(
    Guid CallId,
    string Title,
    string Description,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> ServiceCategories,
    long MaximumAnnualPrice,
    string Currency,
    int TermMonths,
    DateOnly StartDate,
    EvaluationWeights Weights,
    DateTimeOffset ClosesAt,
    string StandstillRule,
    int VotingWindowHours,
    string Broker,
    DateTimeOffset Now);

public sealed record PublishCall(DateTimeOffset Now);

public sealed record CloseCall(DateTimeOffset Now);

public sealed record OpenBids(IReadOnlyList<CallBid> Bids, Pool Pool, DateTimeOffset Now);

public sealed record ScoreQuality(Guid BidId, int Score, string Reason, string Broker, DateTimeOffset Now);

/// <param name="CastBy">The representative acting for the member, or null.</param>
public sealed record CastVote(Guid MemberId, Guid BidId, string? CastBy, DateTimeOffset Now);

/// <param name="BidId">A named bid (only after a revert); null takes the best-scoring bid not yet reverted.</param>
public sealed record AwardCall(Guid ContractId, Guid? BidId, string Broker, DateTimeOffset Now);

public sealed record RevertAward(Guid ContractId, string Reason, DateTimeOffset Now);

public sealed record BeginStandstill(Guid ContractId, DateTimeOffset FundsReservedAt);

public sealed record EndStandstill(DateTimeOffset Now);

public sealed record ContractCall(Guid ContractId, DateTimeOffset Now);

public sealed record CancelCall(string Reason, string Broker, DateTimeOffset Now);

/// <summary>The call's decisions: pure functions of its state and a command.</summary>
public static class CallDecisions
{
    public static CallDrafted Handle(Pool pool, Need need, DraftCall c)
    {
        if (pool.Status != Pool.Active)
        {
            throw new PoolNotActive(pool.Status);
        }

        if (c.ClosesAt <= c.Now)
        {
            throw new ClosingTimeNotInFuture();
        }

        return new CallDrafted(
            c.CallId, pool.CouncilId, pool.Id, need.Id, c.Title, c.Description, c.Outcomes, c.ServiceCategories, c.MaximumAnnualPrice,
            c.Currency, c.TermMonths, c.StartDate, c.Weights, c.ClosesAt, c.StandstillRule, c.VotingWindowHours, c.Broker, c.Now);
    }

    public static CallPublished Handle(CallForOffers call, PublishCall c)
    {
        Require(call, "published", CallStatus.Draft);
        if (call.ClosesAt <= c.Now)
        {
            throw new ClosingTimeNotInFuture();
        }

        return new CallPublished(call.Id, c.Now);
    }

    /// <summary>Closes a published call whose closing time has come; nothing to do otherwise (another instance closed it).</summary>
    public static CallClosed? Handle(CallForOffers call, CloseCall c) =>
        call.Status == CallStatus.Published && call.ClosesAt <= c.Now ? new CallClosed(call.Id, c.Now) : null;

    /// <summary>
    /// The bids arrive unsealed. A published call is closed first (the bids can only be opened after closing); a call that
    /// already has its bids, or was cancelled, takes nothing from a repeat.
    /// </summary>
    public static object[] Handle(CallForOffers call, OpenBids c)
    {
        if (call.Status is not (CallStatus.Published or CallStatus.Closed))
        {
            return [];
        }

        var events = new List<object>();
        if (call.Status == CallStatus.Published)
        {
            events.Add(new CallClosed(call.Id, c.Now));
        }

        events.Add(new BidsReceived(
            call.Id, c.Bids, c.Pool.Members, c.Pool.VoteQuorumPercent, c.Pool.VotingMethod, c.Now, c.Now.AddHours(call.VotingWindowHours), c.Now));
        return [.. events];
    }

    public static QualityScored Handle(CallForOffers call, ScoreQuality c)
    {
        Require(call, "scored", CallStatus.Evaluating);
        if (call.Bids.All(b => b.BidId != c.BidId))
        {
            throw new UnknownBid();
        }

        return new QualityScored(call.Id, c.BidId, c.Score, c.Reason, c.Broker, c.Now);
    }

    public static VoteCast Handle(CallForOffers call, CastVote c)
    {
        if (call.Status != CallStatus.Evaluating || call.VotingOpensAt is not { } opens || call.VotingClosesAt is not { } closes
            || c.Now < opens || c.Now >= closes)
        {
            throw new VotingNotOpen();
        }

        if (!call.Electorate.Contains(c.MemberId))
        {
            throw new NotAPoolMember();
        }

        if (call.VotingMethod != Pool.OneMemberOneVote)
        {
            throw new WeightedVotingNotSupported();
        }

        if (call.Votes.Any(v => v.MemberId == c.MemberId))
        {
            throw new AlreadyVoted();
        }

        if (call.Bids.All(b => b.BidId != c.BidId))
        {
            throw new UnknownBid();
        }

        return new VoteCast(call.Id, c.MemberId, c.BidId, c.CastBy, c.Now);
    }

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

    /// <summary>The pool could not cover the award: back to evaluating. Nothing to do unless that award is the current one.</summary>
    public static CallAwardReverted? Handle(CallForOffers call, RevertAward c) =>
        call.Status == CallStatus.Awarded && call.CurrentContractId == c.ContractId
            ? new CallAwardReverted(call.Id, c.ContractId, call.CurrentAward!.BidId, c.Reason, c.Now)
            : null;

    public static StandstillBegan? Handle(CallForOffers call, BeginStandstill c) =>
        call.Status == CallStatus.Awarded && call.CurrentContractId == c.ContractId
            ? new StandstillBegan(call.Id, c.ContractId, c.FundsReservedAt, call.StandstillEndsAt!.Value)
            : null;

    /// <summary>The standstill's end, once: the watcher of every instance may ask, the first append wins.</summary>
    public static StandstillEnded? Handle(CallForOffers call, EndStandstill c) =>
        call.Status == CallStatus.Standstill && call.StandstillEndedAt is null && call.StandstillEndsAt <= c.Now
            ? new StandstillEnded(call.Id, call.CurrentContractId!.Value, c.Now)
            : null;

    public static CallContracted? Handle(CallForOffers call, ContractCall c) =>
        call.Status == CallStatus.Standstill && call.CurrentContractId == c.ContractId && call.StandstillEndedAt is not null
            ? new CallContracted(call.Id, c.ContractId, c.Now)
            : null;

    public static CallCancelled Handle(CallForOffers call, CancelCall c)
    {
        Require(call, "cancelled", CallStatus.Draft, CallStatus.Published, CallStatus.Closed, CallStatus.Evaluating, CallStatus.Awarded, CallStatus.Standstill);
        return new CallCancelled(call.Id, c.Reason, c.Broker, c.Now);
    }

    private static void Require(CallForOffers call, string action, params CallStatus[] allowed)
    {
        if (!allowed.Contains(call.Status))
        {
            throw new CallNotInState(Kebab(call.Status), action);
        }
    }

    public static string Kebab(CallStatus status) => status.ToString().ToLowerInvariant();
}
