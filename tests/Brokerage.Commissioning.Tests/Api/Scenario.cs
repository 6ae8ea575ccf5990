using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Commissioning.Api.Calls;
using Brokerage.Commissioning.Api.Pools;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ProviderOffers.Contracts;

namespace Brokerage.Commissioning.Tests.Api;

/// <summary>Drives the service as its users and partner services would: HTTP for people, messages for services.</summary>
public sealed class Scenario(CommissioningFactory service, Partners partners)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public CommissioningFactory Service => service;

    public Partners Partners => partners;

    public HttpClient Broker { get; } = service.ClientWith(Tokens.Broker());

    public HttpClient As(string? token) => service.ClientWith(token);

    /// <summary>A pool of the council, active, with the given members; returns when Commissioning knows it.</summary>
    public async Task<Guid> PoolAsync(IReadOnlyList<Guid> members, int quorumPercent = 50, string votingMethod = "one-member-one-vote", string council = Tokens.Council, bool activate = true)
    {
        var poolId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await partners.PublishAsync(new PoolOpened(poolId, council, "Saturday club", ["social-care"],
            new PoolGovernance(2, 100_000, "GBP", quorumPercent, votingMethod), now));
        foreach (var member in members)
        {
            await partners.PublishAsync(new PoolMemberJoined(poolId, council, member, now));
        }

        if (activate)
        {
            await partners.PublishAsync(new PoolActivated(poolId, council, now));
        }

        await Eventually.HoldsAsync(async () => await service.ReadAsync(q => q.LoadAsync<Pool>(poolId)) is { } pool
            && pool.Members.Count == members.Count && pool.Status == (activate ? Pool.Active : Pool.Open), "the pool to be known");
        return poolId;
    }

    /// <summary>
    /// A representative token for <paramref name="actsFor"/>, after Members' appointments of them reached Commissioning
    /// (published as Members publishes them and waited for).
    /// </summary>
    public Task<string> RepresentativeAsync(params Guid[] actsFor) => AppointedRepresentativeAsync(Guid.NewGuid(), actsFor);

    /// <summary>As <see cref="RepresentativeAsync"/>, for a representative whose id the test knows.</summary>
    public async Task<string> AppointedRepresentativeAsync(Guid representative, params Guid[] actsFor)
    {
        foreach (var member in actsFor)
        {
            await AppointAsync(representative, member, DateTimeOffset.UtcNow);
        }

        return Tokens.Representative(representative, actsFor);
    }

    /// <summary>A representative token still naming <paramref name="member"/> after Members ended the appointment.</summary>
    public async Task<string> EndedRepresentativeAsync(Guid member)
    {
        var representative = Guid.NewGuid();
        await AppointAsync(representative, member, DateTimeOffset.UtcNow);
        var ended = Guid.NewGuid();
        await partners.PublishAsync(new Brokerage.Members.Contracts.RepresentativeEnded(member, Tokens.Council, representative, DateTimeOffset.UtcNow), ended);
        await service.ConsumedAsync(ended);
        return Tokens.Representative(representative, [member]);
    }

    /// <summary>A representative token naming <paramref name="member"/> for someone Members never appointed.</summary>
    public static string NeverAppointedRepresentative(Guid member) => Tokens.Representative(Guid.NewGuid(), [member]);

    private async Task AppointAsync(Guid representative, Guid member, DateTimeOffset at)
    {
        var messageId = Guid.NewGuid();
        await partners.PublishAsync(
            new Brokerage.Members.Contracts.RepresentativeAppointed(member, Tokens.Council, representative, "care-act-s31-nominated", at), messageId);
        await service.ConsumedAsync(messageId);
    }

    /// <summary>PooledFunds announcing a member's live pledge in the pool; waits until the pool shows it unless <paramref name="wait"/> is false.</summary>
    public async Task PledgeChangedAsync(Guid poolId, Guid member, long livePledged, long version, bool wait = true)
    {
        await partners.PublishAsync(new PoolPledgeChanged(poolId, Tokens.Council, member, livePledged, "GBP", version, DateTimeOffset.UtcNow));
        if (wait)
        {
            await Eventually.HoldsAsync(async () => await service.ReadAsync(q => q.LoadAsync<Pool>(poolId)) is { } pool
                && pool.Pledges?.Any(p => p.MemberId == member && p.Version == version) == true, "the pledge change to reach the pool");
        }
    }

    public async Task<Guid> NeedAsync(Guid poolId, Guid member, string council = Tokens.Council)
    {
        var response = await As(Tokens.Member(member, council)).PostAsJsonAsync($"/api/pools/{poolId}/needs",
            new { title = "Evening activities", description = "Support to go out in the evenings after 6pm" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public object CallRequest(Guid needId, int price = 40, int quality = 30, int vote = 30, string rule = "pcr-2015", int closesInHours = 24,
        int votingWindowHours = 48, long maximum = 1_200_000, int term = 12, DateTimeOffset? closesAt = null) => new
    {
        needId,
        title = "Evening support service",
        description = "Community support for evening activities",
        outcomes = new[] { "People go out in the evenings" },
        serviceCategories = new[] { "community-activities" },
        maximumAnnualAmount = maximum,
        currency = "GBP",
        termMonths = term,
        startDate = DateOnly.FromDateTime(service.Now.UtcDateTime.AddMonths(2)).ToString("yyyy-MM-dd"),
        weights = new { price, quality, memberVote = vote },
        closesAt = closesAt ?? service.Now.AddHours(closesInHours),
        standstillRule = rule,
        votingWindowHours,
    };

    public async Task<Guid> DraftAsync(Guid needId, object? request = null, string council = Tokens.Council)
    {
        var response = await As(Tokens.Broker(council)).PostAsJsonAsync("/api/calls", request ?? CallRequest(needId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task PublishAsync(Guid callId, string council = Tokens.Council)
    {
        var response = await As(Tokens.Broker(council)).PostAsync($"/api/calls/{callId}/publish", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Pool → need → call → published, in <paramref name="council"/>: a call with its planning and tender releases.</summary>
    public async Task<Guid> PublishedCallAsync(string council = Tokens.Council)
    {
        var member = Guid.NewGuid();
        var poolId = await PoolAsync([member], council: council);
        var callId = await DraftAsync(await NeedAsync(poolId, member, council), council: council);
        await PublishAsync(callId, council);
        return callId;
    }

    public Task<CallForOffers?> CallAsync(Guid callId) => service.ReadAsync(q => q.LoadAsync<CallForOffers>(callId));

    public async Task WaitForStatusAsync(Guid callId, CallStatus status) =>
        await Eventually.HoldsAsync(async () => (await CallAsync(callId))?.Status == status, $"call {callId} to be {status}");

    /// <summary>Moves the clock past the closing time and waits for the timers to close the call.</summary>
    public async Task CloseAsync(Guid callId)
    {
        var call = (await CallAsync(callId))!;
        var wait = call.ClosesAt - service.Now;
        if (wait > TimeSpan.Zero)
        {
            service.Clock.Advance(wait + TimeSpan.FromMinutes(1));
        }

        await WaitForStatusAsync(callId, CallStatus.Closed);
    }

    public static OpenedBid Bid(string name, long price, int minutesAfterPublish = 0) => new(
        Guid.NewGuid(), Guid.NewGuid(), name, price, "GBP", 10, "We run evening clubs", ["Weekly outings"],
        DateTimeOffset.UtcNow.AddMinutes(minutesAfterPublish));

    public async Task OpenBidsAsync(Guid callId, params OpenedBid[] bids)
    {
        await partners.PublishAsync(new BidsOpened(callId, Tokens.Council, bids, DateTimeOffset.UtcNow));
        await WaitForStatusAsync(callId, CallStatus.Evaluating);
    }

    /// <summary>Need → call → published → closed → bids opened: a call in evaluation.</summary>
    public async Task<(Guid PoolId, Guid CallId)> EvaluatingCallAsync(IReadOnlyList<Guid> members, OpenedBid[] bids, int quorumPercent = 50, object? request = null)
    {
        var poolId = await PoolAsync(members, quorumPercent);
        var needId = await NeedAsync(poolId, members[0]);
        var callId = await DraftAsync(needId, request);
        await PublishAsync(callId);
        await CloseAsync(callId);
        await OpenBidsAsync(callId, bids);
        return (poolId, callId);
    }

    public async Task<HttpResponseMessage> ScoreAsync(Guid callId, Guid bidId, int score) =>
        await Broker.PutAsJsonAsync($"/api/calls/{callId}/bids/{bidId}/quality", new { score, reason = "Clear plan and trained staff" });

    public async Task<HttpResponseMessage> VoteAsync(string token, Guid callId, Guid bidId, Guid? memberId = null) =>
        await As(token).PostAsJsonAsync($"/api/calls/{callId}/votes", new { memberId, bidId });

    public void PassVotingWindow(CallForOffers call) =>
        service.Clock.Advance((call.VotingClosesAt!.Value - service.Now) + TimeSpan.FromMinutes(1));

    public async Task<HttpResponseMessage> AwardAsync(Guid callId, Guid? bidId = null) =>
        await Broker.PostAsJsonAsync($"/api/calls/{callId}/award", new { bidId });

    /// <summary>
    /// A pool of <paramref name="members"/> → call → one bid of <paramref name="annualPrice"/> awarded → standstill passed:
    /// an active 12-month contract whose periods are each annualPrice / 12.
    /// </summary>
    public async Task<(Guid PoolId, Guid CallId, Guid ContractId, OpenedBid Bid)> ContractAsync(IReadOnlyList<Guid> members, long annualPrice = 120_000)
    {
        var bid = Bid("Brixton Befrienders", annualPrice);
        var (poolId, callId) = await EvaluatingCallAsync(members, [bid]);
        Assert.Equal(HttpStatusCode.NoContent, (await ScoreAsync(callId, bid.BidId, 70)).StatusCode);
        PassVotingWindow((await CallAsync(callId))!);
        Assert.Equal(HttpStatusCode.Accepted, (await AwardAsync(callId)).StatusCode);
        await WaitForStatusAsync(callId, CallStatus.Standstill);
        service.Clock.Advance(TimeSpan.FromDays(11));
        await WaitForStatusAsync(callId, CallStatus.Contracted);
        return (poolId, callId, (await CallAsync(callId))!.CurrentContractId!.Value, bid);
    }

    public static object InvoiceRequest(int period, long amount = 10_000, string? reason = null) =>
        new { periodNumber = period, amount, currency = "GBP", reason, delivered = "Twelve evening sessions, two outings", reference = $"INV-{period:000}" };

    /// <summary>The provider invoices <paramref name="period"/> (by default its whole scheduled amount); returns the invoice's id.</summary>
    public async Task<Guid> InvoiceAsync(Guid contractId, Guid providerId, int period, long? amount = null, string? reason = null)
    {
        var scheduled = (await service.ReadAsync(q => q.LoadAsync<Brokerage.Commissioning.Api.ServiceContracts.ServiceContract>(contractId)))!
            .Schedule.Single(i => i.Number == period).Amount;
        var response = await As(Tokens.Provider(providerId)).PostAsJsonAsync($"/api/contracts/{contractId}/invoices", InvoiceRequest(period, amount ?? scheduled, reason));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> InvoiceViewAsync(Guid invoiceId, string? token = null) =>
        await As(token ?? Tokens.Broker()).GetFromJsonAsync<JsonElement>($"/api/invoices/{invoiceId}");

    /// <summary>Waits for Commissioning's PayInvoice for the invoice (the <paramref name="count"/>th one) and returns it.</summary>
    public async Task<PayInvoice> PayInvoiceAsync(Guid invoiceId, int count = 1)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(partners.All<PayInvoice>().Count(p => p.InvoiceId == invoiceId) >= count), "PayInvoice");
        return partners.All<PayInvoice>().Where(p => p.InvoiceId == invoiceId).ElementAt(count - 1);
    }

    /// <summary>PooledFunds' answer, published with a message id of its own; returns when Commissioning has consumed it.</summary>
    public async Task AnswerAsync<T>(T message) where T : class
    {
        var messageId = Guid.NewGuid();
        await partners.PublishAsync(message, messageId);
        await service.ConsumedAsync(messageId);
    }

    public async Task<int> CountEventsAsync<T>(Guid streamId) =>
        (await service.ReadAsync(q => q.Events.FetchStreamAsync(streamId))).Count(e => e.Data is T);
}
