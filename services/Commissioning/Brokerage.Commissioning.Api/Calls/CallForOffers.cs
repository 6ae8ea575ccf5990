using System.Text.Json.Serialization;

namespace Brokerage.Commissioning.Api.Calls;

/// <summary>One award of the call: the current one, or an earlier one that was reverted or cancelled.</summary>
/// <param name="Status">pending (reserving funds), standstill, contracted, reverted or cancelled.</param>
public sealed record AwardRecord(
    Guid ContractId,
    Guid BidId,
    Guid ProviderId,
    string ProviderName,
    long AnnualPrice,
    long ContractValue,
    IReadOnlyList<BidScoreLine> Scores,
    VoteOutcome Vote,
    DateTimeOffset AwardedAt,
    DateTimeOffset StandstillEndsAt,
    string Status,
    string? RevertReason = null,
    DateTimeOffset? RevertedAt = null);

/// <summary>A call for offers (tender): its terms, its bids once opened, the votes, and its awards.</summary>
public sealed record CallForOffers(
    Guid Id,
    string CouncilId,
    Guid PoolId,
    Guid NeedId,
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
    CallStatus Status,
    DateTimeOffset DraftedAt,
    DateTimeOffset? PublishedAt = null,
    DateTimeOffset? ClosedAt = null,
    IReadOnlyList<CallBid>? BidList = null,
    IReadOnlyList<Guid>? ElectorateList = null,
    IReadOnlyList<MemberVote>? VoteList = null,
    int QuorumPercent = 0,
    string VotingMethod = "one-member-one-vote",
    DateTimeOffset? VotingOpensAt = null,
    DateTimeOffset? VotingClosesAt = null,
    IReadOnlyList<AwardRecord>? AwardList = null,
    Guid? CurrentContractId = null,
    DateTimeOffset? StandstillEndsAt = null,
    DateTimeOffset? StandstillEndedAt = null,
    DateTimeOffset? ContractedAt = null,
    string? CancelReason = null,
    DateTimeOffset? CancelledAt = null,
    IReadOnlyDictionary<Guid, long>? ElectorateWeights = null)
{
    [JsonIgnore]
    public IReadOnlyList<CallBid> Bids => BidList ?? [];

    [JsonIgnore]
    public IReadOnlyList<Guid> Electorate => ElectorateList ?? [];

    [JsonIgnore]
    public IReadOnlyList<MemberVote> Votes => VoteList ?? [];

    [JsonIgnore]
    public IReadOnlyList<AwardRecord> Awards => AwardList ?? [];

    [JsonIgnore]
    public bool WeightedByPledge => VotingMethod == Pools.Pool.WeightedByPledge;

    /// <summary>An elector's vote weight fixed when the bids were opened (0 when none was fixed).</summary>
    public long WeightOf(Guid memberId) => ElectorateWeights?.GetValueOrDefault(memberId) ?? 0;

    /// <summary>Published at some time (and so public, even once cancelled); a draft, or a draft cancelled unpublished, is council staff's alone.</summary>
    [JsonIgnore]
    public bool WasPublished => PublishedAt is not null;

    [JsonIgnore]
    public CallTerms Terms => new(
        Title, Description, Outcomes, ServiceCategories, MaximumAnnualPrice, Currency, TermMonths, StartDate, Weights, ClosesAt, StandstillRule,
        VotingWindowHours);

    [JsonIgnore]
    public AwardRecord? CurrentAward => CurrentContractId is { } id ? Awards.FirstOrDefault(a => a.ContractId == id) : null;

    public static CallForOffers Create(CallDrafted e) => new(
        e.CallId, e.CouncilId, e.PoolId, e.NeedId, e.Title, e.Description, e.Outcomes, e.ServiceCategories, e.MaximumAnnualPrice,
        e.Currency, e.TermMonths, e.StartDate, e.Weights, e.ClosesAt, e.StandstillRule, e.VotingWindowHours, CallStatus.Draft, e.DraftedAt);

    public CallForOffers Apply(DraftCallEdited e) => this with
    {
        Title = e.Terms.Title,
        Description = e.Terms.Description,
        Outcomes = e.Terms.Outcomes,
        ServiceCategories = e.Terms.ServiceCategories,
        MaximumAnnualPrice = e.Terms.MaximumAnnualPrice,
        Currency = e.Terms.Currency,
        TermMonths = e.Terms.TermMonths,
        StartDate = e.Terms.StartDate,
        Weights = e.Terms.Weights,
        ClosesAt = e.Terms.ClosesAt,
        StandstillRule = e.Terms.StandstillRule,
        VotingWindowHours = e.Terms.VotingWindowHours,
    };

    public CallForOffers Apply(CallPublished e) => this with { Status = CallStatus.Published, PublishedAt = e.PublishedAt };

    public CallForOffers Apply(CallClosed e) => this with { Status = CallStatus.Closed, ClosedAt = e.ClosedAt };

    public CallForOffers Apply(BidsReceived e) => this with
    {
        Status = CallStatus.Evaluating,
        BidList = e.Bids,
        ElectorateList = e.Electorate,
        VoteList = [],
        QuorumPercent = e.QuorumPercent,
        VotingMethod = e.VotingMethod,
        VotingOpensAt = e.VotingOpensAt,
        VotingClosesAt = e.VotingClosesAt,
        ElectorateWeights = e.Weights,
    };

    public CallForOffers Apply(QualityScored e) => this with
    {
        BidList = Bids.Select(b => b.BidId == e.BidId ? b with { QualityScore = e.Score, QualityReason = e.Reason } : b).ToArray(),
    };

    public CallForOffers Apply(VoteCast e) => this with { VoteList = [.. Votes, new MemberVote(e.MemberId, e.BidId, e.CastBy, e.CastAt)] };

    public CallForOffers Apply(CallAwarded e) => this with
    {
        Status = CallStatus.Awarded,
        CurrentContractId = e.ContractId,
        StandstillEndsAt = e.StandstillEndsAt,
        StandstillEndedAt = null,
        AwardList =
        [
            .. Awards,
            new AwardRecord(e.ContractId, e.BidId, e.ProviderId, e.ProviderName, e.AnnualPrice, e.ContractValue, e.Scores, e.Vote,
                e.AwardedAt, e.StandstillEndsAt, "pending"),
        ],
    };

    public CallForOffers Apply(CallAwardReverted e) => WithAward(e.ContractId, a => a with { Status = "reverted", RevertReason = e.Reason, RevertedAt = e.RevertedAt }) with
    {
        Status = CallStatus.Evaluating,
        CurrentContractId = null,
        StandstillEndsAt = null,
    };

    public CallForOffers Apply(StandstillBegan e) =>
        WithAward(e.ContractId, a => a with { Status = "standstill" }) with { Status = CallStatus.Standstill, StandstillEndsAt = e.StandstillEndsAt };

    public CallForOffers Apply(StandstillEnded e) => this with { StandstillEndedAt = e.EndedAt };

    public CallForOffers Apply(CallContracted e) =>
        WithAward(e.ContractId, a => a with { Status = "contracted" }) with { Status = CallStatus.Contracted, ContractedAt = e.ContractedAt };

    public CallForOffers Apply(CallCancelled e) =>
        (CurrentContractId is { } contract ? WithAward(contract, a => a with { Status = "cancelled" }) : this) with
        {
            Status = CallStatus.Cancelled,
            CancelReason = e.Reason,
            CancelledAt = e.CancelledAt,
        };

    private CallForOffers WithAward(Guid contractId, Func<AwardRecord, AwardRecord> change) =>
        this with { AwardList = Awards.Select(a => a.ContractId == contractId ? change(a) : a).ToArray() };
}
