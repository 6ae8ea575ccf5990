using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Members.Contracts;

namespace Brokerage.Scenarios.Tests;

/// <summary>What people do in the product, step by step, through the services' public HTTP APIs only.</summary>
public sealed class Steps(Brokerage brokerage)
{
    public static readonly TimeSpan MessageWait = TimeSpan.FromSeconds(30);

    public static int BudgetYear { get; } = BudgetYears.Containing(DateOnly.FromDateTime(DateTime.UtcNow));

    private readonly string broker = Brokerage.BrokerToken();

    public HttpClient BrokerOf(ServiceProcess service) => service.Client(broker);

    /// <summary>A broker registers a member, allocates a social-care budget, and the member consents to pooling.</summary>
    public async Task<Guid> RegisterMemberAsync(string name, string pseudonym, long allocation)
    {
        using var members = BrokerOf(brokerage.Members);
        var member = await members.PostJson("/api/members", new
        {
            name,
            contact = new { email = $"{pseudonym.ToLowerInvariant()}@example.org" },
            communicationNeeds = new[] { "easy-read" },
            pseudonym,
        }).ExpectAsync(HttpStatusCode.Created);
        var memberId = member.GetProperty("id").GetGuid();
        await members.PostJson($"/api/members/{memberId}/allocations",
            new { budgetYear = BudgetYear, fundingStream = FundingStreams.SocialCare, amount = allocation, currency = "GBP" }).ExpectAsync(HttpStatusCode.Created);
        using var self = brokerage.Members.Client(Brokerage.MemberToken(memberId));
        await self.PutAsync($"/api/members/{memberId}/pooling-consent", null).ExpectAsync(HttpStatusCode.OK);
        return memberId;
    }

    /// <summary>A broker proposes and opens a social-care pool.</summary>
    public async Task<Guid> OpenPoolAsync(string name, int minimumMembers, long target, int quorumPercent)
    {
        using var pools = BrokerOf(brokerage.PooledFunds);
        var pool = await pools.PostJson("/api/pools", new
        {
            name,
            purpose = "Support chosen and shaped by the people who use it",
            outcomes = new[] { "Evenings out with friends", "Feeling part of the neighbourhood" },
            fundingStreams = new[] { FundingStreams.SocialCare },
            governance = new { minimumMembers, targetAmount = target, currency = "GBP", voteQuorumPercent = quorumPercent, votingMethod = "one-member-one-vote" },
            rules = "Members give four weeks' notice before leaving. New joiners are welcome each quarter. Breaks of up to eight weeks keep a place.",
        }).ExpectAsync(HttpStatusCode.Created);
        var poolId = pool.GetProperty("id").GetGuid();
        await pools.PostEmpty($"/api/pools/{poolId}/open").ExpectAsync(HttpStatusCode.OK);
        return poolId;
    }

    /// <summary>The member pledges; PooledFunds may not have heard of the member yet (Members' messages are on their way).</summary>
    public async Task PledgeAsync(Guid poolId, Guid memberId, long amount)
    {
        using var pools = brokerage.PooledFunds.Client(Brokerage.MemberToken(memberId));
        await Http.EventuallyAsync(async () =>
        {
            using var response = await pools.PostJson($"/api/pools/{poolId}/pledges",
                new { memberId, amount, currency = "GBP", fundingStream = FundingStreams.SocialCare, budgetYear = BudgetYear, conditional = false });
            return response.StatusCode == HttpStatusCode.Created ? true : (bool?)null;
        }, MessageWait, $"PooledFunds accepts a pledge of {amount} from member {memberId}");
    }

    public async Task ActivatePoolAsync(Guid poolId)
    {
        using var pools = BrokerOf(brokerage.PooledFunds);
        await pools.PostEmpty($"/api/pools/{poolId}/activate").ExpectAsync(HttpStatusCode.OK);
    }

    public async Task<JsonElement> LedgerAsync(Guid poolId)
    {
        using var pools = BrokerOf(brokerage.PooledFunds);
        return await pools.GetAsync($"/api/pools/{poolId}/ledger").ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A member raises a need in Commissioning once it has learnt (from PooledFunds) that the pool is active and they are in it.</summary>
    public async Task<Guid> RaiseNeedAsync(Guid poolId, Guid memberId, string title)
    {
        using var commissioning = brokerage.Commissioning.Client(Brokerage.MemberToken(memberId));
        return await Http.EventuallyAsync(async () =>
        {
            using var response = await commissioning.PostJson($"/api/pools/{poolId}/needs", new { title, description = "We would like support in the evenings, not only in the day." });
            return response.StatusCode == HttpStatusCode.Created
                ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid()
                : (Guid?)null;
        }, MessageWait, "Commissioning knows the member is in the active pool");
    }

    public async Task SupportNeedAsync(Guid needId, Guid memberId)
    {
        using var commissioning = brokerage.Commissioning.Client(Brokerage.MemberToken(memberId));
        await commissioning.PostJson($"/api/needs/{needId}/support", new { }).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A provider registers its organisation and the council's broker verifies it.</summary>
    public async Task<Guid> RegisterVerifiedProviderAsync(string legalName)
    {
        var providerId = Guid.NewGuid();
        using var self = brokerage.ProviderOffers.Client(Brokerage.ProviderToken(providerId));
        await self.PostJson("/api/providers", new
        {
            legalName,
            registrationNumbers = new { companyNumber = "0" + Random.Shared.Next(1_000_000, 9_999_999) },
            serviceCategories = new[] { "community-activities", "personal-assistance" },
            areasServed = new[] { "Brixton", "Stockwell" },
            councilIds = new[] { Brokerage.Council },
        }).ExpectAsync(HttpStatusCode.Created);
        using var broker1 = BrokerOf(brokerage.ProviderOffers);
        await broker1.PostJson($"/api/providers/{providerId}/verification", new { reason = "CQC registration and references checked" }).ExpectAsync(HttpStatusCode.OK);
        return providerId;
    }

    /// <summary>Commissioning's clock (it can be moved forward in Development, to pass closing times, voting windows and standstills).</summary>
    public async Task<DateTimeOffset> CommissioningNowAsync() => await AdvanceCommissioningClockAsync(TimeSpan.Zero);

    public async Task<DateTimeOffset> AdvanceCommissioningClockAsync(TimeSpan by)
    {
        using var anonymous = brokerage.Commissioning.Client();
        var clock = await anonymous.PostJson("/dev/clock", new { advanceSeconds = (long)by.TotalSeconds }).ExpectAsync(HttpStatusCode.OK);
        return clock.GetProperty("now").GetDateTimeOffset();
    }

    /// <summary>A broker drafts a call for offers from the need and publishes it, closing <paramref name="closesIn"/> from now.</summary>
    public async Task<Guid> PublishCallAsync(Guid needId, long maximumAnnual, TimeSpan closesIn)
    {
        using var commissioning = BrokerOf(brokerage.Commissioning);
        var now = await CommissioningNowAsync();
        var call = await commissioning.PostJson("/api/calls", new
        {
            needId,
            title = "Evening community activities",
            description = "Group and one-to-one support for evenings out, shaped with the pool's members.",
            outcomes = new[] { "Members go out in the evenings at least twice a week" },
            serviceCategories = new[] { "community-activities" },
            maximumAnnualAmount = maximumAnnual,
            currency = "GBP",
            termMonths = 12,
            startDate = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(2).ToString("yyyy-MM-01"),
            weights = new { price = 40, quality = 30, memberVote = 30 },
            closesAt = now + closesIn,
            standstillRule = "pcr-2015",
            votingWindowHours = 1,
        }).ExpectAsync(HttpStatusCode.Created);
        var callId = call.GetProperty("id").GetGuid();
        await commissioning.PostEmpty($"/api/calls/{callId}/publish").ExpectAsync(HttpStatusCode.OK);
        return callId;
    }

    /// <summary>The provider bids once ProviderOffers has learnt of the call; returns the bid id.</summary>
    public async Task<Guid> BidAsync(Guid callId, Guid providerId, long annualPrice)
    {
        using var provider = brokerage.ProviderOffers.Client(Brokerage.ProviderToken(providerId));
        return await Http.EventuallyAsync(async () =>
        {
            using var response = await provider.PostJson($"/api/calls/{callId}/bids", new
            {
                annualPriceAmount = annualPrice,
                currency = "GBP",
                capacity = 10,
                proposal = "Weekly evening groups and a buddy scheme, planned with members each month.",
                outcomeCommitments = new[] { "Two evenings out a week for every member who wants them" },
            });
            return response.StatusCode == HttpStatusCode.Created
                ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid()
                : (Guid?)null;
        }, MessageWait, "ProviderOffers shows the call to the verified provider");
    }

    /// <summary>Waits until Commissioning has the opened bids (after closing) and returns the evaluation.</summary>
    public async Task<JsonElement> EvaluationWhenOpenedAsync(Guid callId, TimeSpan within)
    {
        using var commissioning = BrokerOf(brokerage.Commissioning);
        return await Http.EventuallyAsync(async () =>
        {
            using var response = await commissioning.GetAsync($"/api/calls/{callId}/evaluation");
            return response.StatusCode == HttpStatusCode.OK
                ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()
                : (JsonElement?)null;
        }, within, "the call closed on time and Commissioning received the opened bids");
    }

    public async Task<JsonElement> CallAsync(Guid callId)
    {
        using var commissioning = BrokerOf(brokerage.Commissioning);
        return await commissioning.GetAsync($"/api/calls/{callId}").ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>Polls the call until its status is <paramref name="status"/>.</summary>
    public async Task<JsonElement> CallInStatusAsync(Guid callId, string status, TimeSpan within)
    {
        using var commissioning = BrokerOf(brokerage.Commissioning);
        return await Http.EventuallyAsync(async () =>
        {
            var call = await commissioning.GetAsync($"/api/calls/{callId}").ExpectAsync(HttpStatusCode.OK);
            return call.GetProperty("status").GetString() == status ? call : (JsonElement?)null;
        }, within, $"the call reaches '{status}'");
    }

    /// <summary>
    /// A whole commissioning round, briskly, up to an active contract: two members pool 300,000p each, a need, a call,
    /// one verified provider with a connected account bidding 240,000p a year for 12 months (20,000p a month), quality
    /// scored, the award, the standstill. Returns the pool, the contract, the provider and the members.
    /// </summary>
    public async Task<(Guid PoolId, Guid ContractId, Guid ProviderId, Guid[] Members)> ContractedAsync(string name)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        Guid[] members = [await RegisterMemberAsync("Ada Lewis", "Robin" + suffix, 1_200_000), await RegisterMemberAsync("Bea Cole", "Wren" + suffix, 1_200_000)];
        var poolId = await OpenPoolAsync(name, minimumMembers: 2, target: 0, quorumPercent: 0);
        foreach (var member in members)
        {
            await PledgeAsync(poolId, member, 300_000);
        }

        await ActivatePoolAsync(poolId);
        var needId = await RaiseNeedAsync(poolId, members[0], "Support to go out in the evenings");
        var providerId = await RegisterVerifiedProviderAsync($"{name} CIC");
        using (var provider = brokerage.ProviderOffers.Client(Brokerage.ProviderToken(providerId)))
        {
            await provider.PutAsync($"/api/providers/{providerId}/payment-account", System.Net.Http.Json.JsonContent.Create(new { accountId = "acct_1Scenario" + suffix }))
                .ExpectAsync(HttpStatusCode.OK);
        }

        var callId = await PublishCallAsync(needId, maximumAnnual: 300_000, closesIn: TimeSpan.FromMinutes(10));
        var bidId = await BidAsync(callId, providerId, 240_000);
        await AdvanceCommissioningClockAsync(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5));
        await EvaluationWhenOpenedAsync(callId, MessageWait);
        using var commissioning = BrokerOf(brokerage.Commissioning);
        await commissioning.PutAsync($"/api/calls/{callId}/bids/{bidId}/quality",
            System.Net.Http.Json.JsonContent.Create(new { score = 80, reason = "Clear plan" })).ExpectAsync(HttpStatusCode.NoContent);
        await AdvanceCommissioningClockAsync(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await commissioning.PostJson($"/api/calls/{callId}/award", new { }).ExpectAsync(HttpStatusCode.Accepted);
        await CallInStatusAsync(callId, "standstill", MessageWait);
        await AdvanceCommissioningClockAsync(TimeSpan.FromDays(11));
        var contracted = await CallInStatusAsync(callId, "contracted", MessageWait);
        return (poolId, contracted.GetProperty("contractId").GetGuid(), providerId, members);
    }
}
