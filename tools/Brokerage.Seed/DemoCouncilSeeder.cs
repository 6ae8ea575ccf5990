using System.Net;
using System.Text.Json;
using Brokerage.Members.Contracts;
using Brokerage.ServiceDefaults;

namespace Brokerage.Seed;

/// <summary>What a run did: the council as <c>.local/demo.json</c> records it, and whether it was seeded before.</summary>
public sealed record SeedResult(DemoCouncil Council, bool AlreadySeeded, IReadOnlyList<string> Warnings);

/// <summary>
/// Seeds one demo council through the services' public HTTP APIs with development tokens, so every domain rule applies.
/// A council that already has members is left as it is; either way the demo people are then read back from the APIs.
/// </summary>
public sealed class DemoCouncilSeeder
{
    private static readonly HttpStatusCode[] NotHeardYet = [HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity];

    private readonly ServiceUrls services;
    private readonly string council;
    private readonly TokenSettings tokens;
    private readonly TextWriter progress;
    private readonly ServiceApi api;
    private readonly string broker;
    private readonly int budgetYear = BudgetYears.Containing(DateOnly.FromDateTime(DateTime.UtcNow));

    public DemoCouncilSeeder(HttpClient http, ServiceUrls services, string council, TokenSettings? tokens = null, TextWriter? progress = null, TimeSpan? messageWait = null)
    {
        if (string.IsNullOrWhiteSpace(council) || !council.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
        {
            throw new ArgumentException("A council id is lower-case letters, digits and '-'.", nameof(council));
        }

        this.services = services;
        this.council = council;
        this.tokens = tokens ?? TokenSettings.Development;
        this.progress = progress ?? TextWriter.Null;
        api = new ServiceApi(http, messageWait ?? TimeSpan.FromSeconds(120));
        broker = Token(Roles.Broker, DemoScenario.BrokerSub, DemoScenario.BrokerName);
    }

    public async Task<SeedResult> SeedAsync()
    {
        // Every service must be ready before the first write: a seeding that stops half-way is not completed by the next run.
        foreach (var service in new[] { services.Members, services.PooledFunds, services.ProviderOffers, services.Commissioning })
        {
            await api.WaitUntilReadyAsync(service);
        }

        var members = await api.SendAsync(services.Members, HttpMethod.Get, "/api/members", broker, null, HttpStatusCode.OK);
        var alreadySeeded = members.GetArrayLength() > 0;
        if (alreadySeeded)
        {
            Say($"council '{council}' already has members: nothing seeded, the demo people are read back");
        }
        else
        {
            await SeedScenarioAsync();
        }

        var (demo, warnings) = await DescribeAsync();
        return new SeedResult(demo, alreadySeeded, warnings);
    }

    private async Task SeedScenarioAsync()
    {
        // Members, their budgets for this budget year, their representatives and their consent to pool.
        var memberIds = new Dictionary<string, Guid>();
        foreach (var plan in DemoScenario.Members)
        {
            memberIds[plan.Key] = await RegisterMemberAsync(plan);
        }

        var representativeIds = new Dictionary<string, Guid>();
        foreach (var plan in DemoScenario.Representatives)
        {
            representativeIds[plan.Key] = await AppointRepresentativeAsync(plan, memberIds[plan.MemberKey]);
        }

        foreach (var plan in DemoScenario.Members)
        {
            var memberId = memberIds[plan.Key];
            // Margaret lacks capacity to decide: Peter, her authorised person, consents for her.
            var actor = DemoScenario.Representatives.FirstOrDefault(r => r.MemberKey == plan.Key && r.Basis == "care-act-s32-authorised") is { } authorised
                ? RepresentativeToken(authorised, representativeIds[authorised.Key], memberId)
                : MemberToken(plan, memberId);
            await api.SendAsync(services.Members, HttpMethod.Put, $"/api/members/{memberId}/pooling-consent", actor, null, HttpStatusCode.OK);
        }

        Say($"{memberIds.Count} members registered with allocations for {budgetYear}/{(budgetYear + 1) % 100:00}, {representativeIds.Count} representatives");

        // Providers register themselves; the broker verifies them (and suspends one).
        var providerIds = new Dictionary<string, Guid>();
        foreach (var plan in DemoScenario.Providers)
        {
            providerIds[plan.Key] = await RegisterProviderAsync(plan);
        }

        Say($"{providerIds.Count} providers registered and verified (one then suspended)");

        // Brixton: proposed, opened, four live pledges, activated.
        var brixton = await ProposePoolAsync(broker, null, DemoScenario.ActivePool,
            "A day service in Brixton shaped by the people who use it: activities, company and a place to go.",
            ["Time out of the house with friends", "Learning new skills", "Feeling part of the neighbourhood"],
            ["social-care"], minimumMembers: 3, target: 1_000_000,
            "Members give four weeks' notice before leaving. New joiners are welcome at the start of each quarter. A break of up to eight weeks (a hospital stay, a holiday) keeps a member's place.");
        await api.SendAsync(services.PooledFunds, HttpMethod.Post, $"/api/pools/{brixton}/open", broker, null, HttpStatusCode.OK);
        await PledgeAsync(brixton, "grace", memberIds, 300_000, "social-care", conditional: false);
        await PledgeAsync(brixton, "winston", memberIds, 250_000, "social-care", conditional: false);
        await PledgeAsync(brixton, "fatima", memberIds, 350_000, "social-care", conditional: false);
        await PledgeAsync(brixton, "daniel", memberIds, 200_000, "social-care", conditional: false);
        await api.SendAsync(services.PooledFunds, HttpMethod.Post, $"/api/pools/{brixton}/activate", broker, null, HttpStatusCode.OK);
        Say($"'{DemoScenario.ActivePool}' active with 4 live pledges (£11,000)");

        // Streatham: open, with conditional pledges short of its minimum members and target.
        var streatham = await ProposePoolAsync(broker, null, DemoScenario.OpenPool,
            "Short breaks for unpaid carers in Streatham, paid from social-care and personal health budgets together.",
            ["Carers get a regular break", "The person cared for enjoys their time away"],
            ["social-care", "health"], minimumMembers: 4, target: 1_200_000,
            "Pledges are conditional until four members and £12,000 are pledged; then they all go live together. A member may leave with four weeks' notice.");
        await api.SendAsync(services.PooledFunds, HttpMethod.Post, $"/api/pools/{streatham}/open", broker, null, HttpStatusCode.OK);
        var peter = DemoScenario.Representatives.Single(r => r.Key == "peter");
        await PledgeAsync(streatham, "margaret", memberIds, 400_000, "social-care", conditional: true,
            RepresentativeToken(peter, representativeIds[peter.Key], memberIds[peter.MemberKey]));
        await PledgeAsync(streatham, "tomasz", memberIds, 150_000, "health", conditional: true);
        await PledgeAsync(streatham, "grace", memberIds, 100_000, "social-care", conditional: true);
        Say($"'{DemoScenario.OpenPool}' open with 3 conditional pledges (£6,500 of £12,000)");

        // Kennington: proposed by a member, waiting for the broker.
        var daniel = DemoScenario.Members.Single(m => m.Key == "daniel");
        await ProposePoolAsync(MemberToken(daniel, memberIds["daniel"]), memberIds["daniel"], DemoScenario.ProposedPool,
            "Weekly group walks in Kennington Park with a peer supporter, for people looking after their mental health.",
            ["Getting outdoors every week", "Meeting people who understand"],
            ["mental-health", "social-care"], minimumMembers: 5, target: 500_000,
            "Anyone may join or leave at any time; walks go ahead in most weather.");
        Say($"'{DemoScenario.ProposedPool}' proposed by a member");

        // Needs in Brixton (Commissioning learns the pool and its members from PooledFunds), most supported first.
        var evenings = await RaiseNeedAsync(brixton, "grace", memberIds, "Support to go out in the evenings",
            "Most of us are at home alone after 6pm. We would like company and support to get to evening activities and back.");
        foreach (var supporter in new[] { "winston", "fatima", "daniel" })
        {
            await SupportNeedAsync(evenings, supporter, memberIds);
        }

        var swimming = await RaiseNeedAsync(brixton, "fatima", memberIds, "Women-only swimming sessions",
            "A regular women-only session at the leisure centre, with someone to help in the changing rooms.");
        await SupportNeedAsync(swimming, "grace", memberIds);
        var marcia = DemoScenario.Representatives.Single(r => r.Key == "marcia");
        await RaiseNeedAsync(brixton, "winston", memberIds, "Help with transport to the centre",
            "Dad cannot manage the bus on his own any more; a lift or an escort twice a week would keep him coming.",
            RepresentativeToken(marcia, representativeIds[marcia.Key], memberIds[marcia.MemberKey]));
        Say("3 needs raised in Brixton (one by a representative), the top one supported by 4 members");

        // The broker turns the top need into a call for offers, closing in about 14 days.
        var now = await CommissioningNowAsync();
        var closesAt = new DateTimeOffset(DateOnly.FromDateTime(now.UtcDateTime).AddDays(14).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var startsOn = DateOnly.FromDateTime(closesAt.UtcDateTime).AddDays(45);
        startsOn = new DateOnly(startsOn.Year, startsOn.Month, 1).AddMonths(1);
        var call = await api.EventuallyAsync(services.Commissioning, HttpMethod.Post, "/api/calls", broker, new
        {
            needId = evenings,
            title = DemoScenario.CallTitle,
            description = "Group and one-to-one support for evenings out in Brixton, planned with the pool's members each month, with a safe journey home.",
            outcomes = new[] { "Members go out in the evenings at least twice a week", "Members get home safely", "Members choose the activities" },
            serviceCategories = new[] { "community-activities" },
            maximumAnnualAmount = 900_000,
            currency = "GBP",
            termMonths = 12,
            startDate = startsOn.ToString("yyyy-MM-dd"),
            weights = new { price = 40, quality = 30, memberVote = 30 },
            closesAt,
            standstillRule = "pcr-2015",
            votingWindowHours = 72,
        }, HttpStatusCode.Created, "Commissioning to learn the pool is active", HttpStatusCode.Conflict);
        var callId = call.GetProperty("id").GetGuid();
        await api.SendAsync(services.Commissioning, HttpMethod.Post, $"/api/calls/{callId}/publish", broker, null, HttpStatusCode.OK);
        Say($"call for offers '{DemoScenario.CallTitle}' published, closing {closesAt:yyyy-MM-dd HH:mm} UTC");

        // The charity bids (sealed) once ProviderOffers has learnt of the call.
        var bidder = DemoScenario.Providers.Single(p => p.Key == DemoScenario.BiddingProvider);
        await api.EventuallyAsync(services.ProviderOffers, HttpMethod.Post, $"/api/calls/{callId}/bids", ProviderToken(bidder, providerIds[bidder.Key]), new
        {
            annualPriceAmount = 840_000,
            currency = "GBP",
            capacity = 12,
            proposal = "Three evening groups a week (a supper club, a film night and a music session) with a volunteer buddy for each member and a minibus home.",
            outcomeCommitments = new[] { "Two evenings out a week for every member who wants them", "A door-to-door journey home", "A members' planning meeting every month" },
        }, HttpStatusCode.Created, "ProviderOffers to learn of the published call", HttpStatusCode.NotFound);
        Say($"{bidder.LegalName} submitted a sealed bid");
    }

    private async Task<Guid> RegisterMemberAsync(MemberPlan plan)
    {
        var member = await api.SendAsync(services.Members, HttpMethod.Post, "/api/members", broker, new
        {
            name = plan.Name,
            contact = plan.Contact,
            communicationNeeds = plan.CommunicationNeeds,
            interpreterLanguage = plan.InterpreterLanguage,
            pseudonym = plan.Pseudonym,
        }, HttpStatusCode.Created, idempotencyKey: $"demo-seed-{council}-{plan.Key}");
        var memberId = member.GetProperty("id").GetGuid();
        foreach (var (stream, amount) in plan.Allocations)
        {
            await api.SendAsync(services.Members, HttpMethod.Post, $"/api/members/{memberId}/allocations", broker,
                new { budgetYear, fundingStream = stream, amount, currency = "GBP" }, HttpStatusCode.Created);
        }

        return memberId;
    }

    private async Task<Guid> AppointRepresentativeAsync(RepresentativePlan plan, Guid memberId)
    {
        var representativeId = Guid.NewGuid();
        var s32 = plan.Basis == "care-act-s32-authorised";
        // A member nominates their own s31 representative; only the broker may record an s32 authorised person.
        var member = DemoScenario.Members.Single(m => m.Key == plan.MemberKey);
        await api.SendAsync(services.Members, HttpMethod.Post, $"/api/members/{memberId}/representatives", s32 ? broker : MemberToken(member, memberId), new
        {
            representativeId,
            name = plan.Name,
            relationship = plan.Relationship,
            basis = plan.Basis,
            capacityAssessment = s32
                ? new { assessedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-40).ToString("yyyy-MM-dd"), reference = $"MCA-{budgetYear}-0142" }
                : null,
        }, HttpStatusCode.Created);
        return representativeId;
    }

    private async Task<Guid> RegisterProviderAsync(ProviderPlan plan)
    {
        var providerId = Guid.NewGuid();
        var self = ProviderToken(plan, providerId);
        await api.SendAsync(services.ProviderOffers, HttpMethod.Post, "/api/providers", self, new
        {
            legalName = plan.LegalName,
            registrationNumbers = plan.RegistrationNumbers,
            serviceCategories = plan.ServiceCategories,
            areasServed = plan.AreasServed,
            councilIds = new[] { council },
        }, HttpStatusCode.Created);
        await api.SendAsync(services.ProviderOffers, HttpMethod.Put, $"/api/providers/{providerId}/payment-account", self,
            new { accountId = plan.StripeAccount }, HttpStatusCode.OK);
        await api.SendAsync(services.ProviderOffers, HttpMethod.Post, $"/api/providers/{providerId}/verification", broker,
            new { reason = "Registration numbers, insurance and two references checked" }, HttpStatusCode.OK);
        if (plan.Key == DemoScenario.SuspendedProvider)
        {
            await api.SendAsync(services.ProviderOffers, HttpMethod.Post, $"/api/providers/{providerId}/suspension", broker,
                new { reason = "Public liability insurance certificate expired; reinstated when a current one is sent" }, HttpStatusCode.OK);
        }

        return providerId;
    }

    private async Task<Guid> ProposePoolAsync(
        string token, Guid? memberId, string name, string purpose, string[] outcomes, string[] fundingStreams, int minimumMembers, long target, string rules)
    {
        var pool = await api.SendAsync(services.PooledFunds, HttpMethod.Post, "/api/pools", token, new
        {
            name,
            purpose,
            outcomes,
            fundingStreams,
            governance = new { minimumMembers, targetAmount = target, currency = "GBP", voteQuorumPercent = 50, votingMethod = "one-member-one-vote" },
            rules,
            memberId,
        }, HttpStatusCode.Created);
        return pool.GetProperty("id").GetGuid();
    }

    /// <summary>PooledFunds knows a member's budget and consent only from Members' messages: the pledge waits for them.</summary>
    private async Task PledgeAsync(Guid poolId, string memberKey, Dictionary<string, Guid> memberIds, long amount, string stream, bool conditional, string? token = null)
    {
        var plan = DemoScenario.Members.Single(m => m.Key == memberKey);
        var memberId = memberIds[memberKey];
        await api.EventuallyAsync(services.PooledFunds, HttpMethod.Post, $"/api/pools/{poolId}/pledges", token ?? MemberToken(plan, memberId),
            new { memberId, amount, currency = "GBP", fundingStream = stream, budgetYear, conditional },
            HttpStatusCode.Created, $"PooledFunds to learn {plan.Pseudonym}'s budget and consent" + (token is null ? "" : ", and the representative's appointment"),
            token is null ? [HttpStatusCode.UnprocessableEntity, HttpStatusCode.NotFound] : [HttpStatusCode.UnprocessableEntity, HttpStatusCode.NotFound, HttpStatusCode.Forbidden]);
    }

    private async Task<Guid> RaiseNeedAsync(Guid poolId, string memberKey, Dictionary<string, Guid> memberIds, string title, string description, string? token = null)
    {
        var plan = DemoScenario.Members.Single(m => m.Key == memberKey);
        var memberId = memberIds[memberKey];
        var need = await api.EventuallyAsync(services.Commissioning, HttpMethod.Post, $"/api/pools/{poolId}/needs", token ?? MemberToken(plan, memberId),
            new { memberId, title, description }, HttpStatusCode.Created,
            "Commissioning to learn the pool is active and who is in it" + (token is null ? "" : ", and the representative's appointment"),
            NotHeardYet);
        return need.GetProperty("id").GetGuid();
    }

    private async Task SupportNeedAsync(Guid needId, string memberKey, Dictionary<string, Guid> memberIds)
    {
        var plan = DemoScenario.Members.Single(m => m.Key == memberKey);
        var memberId = memberIds[memberKey];
        await api.EventuallyAsync(services.Commissioning, HttpMethod.Post, $"/api/needs/{needId}/support", MemberToken(plan, memberId),
            new { memberId }, HttpStatusCode.OK, "Commissioning to learn who is in the pool", HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
    }

    /// <summary>Commissioning's clock, which Development lets scenarios move forward; the system clock when it is not offered.</summary>
    private async Task<DateTimeOffset> CommissioningNowAsync()
    {
        var (status, json, _) = await api.TryAsync(services.Commissioning, HttpMethod.Post, "/dev/clock", null, new { advanceSeconds = 0 });
        return status == HttpStatusCode.OK ? json.GetProperty("now").GetDateTimeOffset() : DateTimeOffset.UtcNow;
    }

    /// <summary>Reads the demo people and ids back from the services, so a second run reports what the first one made.</summary>
    private async Task<(DemoCouncil Demo, IReadOnlyList<string> Warnings)> DescribeAsync()
    {
        var warnings = new List<string>();
        var people = new List<DemoPerson>
        {
            new("ama", DemoScenario.BrokerName, Roles.Broker, DemoScenario.BrokerSub, council, [],
                "the pools and the Brixton ledger; the call; the sealed bid (403)"),
            new("priya", DemoScenario.AdminName, Roles.CouncilAdmin, DemoScenario.AdminSub, council, [],
                "members, pools and the ledger as CSV (read-only)"),
        };

        var members = await api.SendAsync(services.Members, HttpMethod.Get, "/api/members", broker, null, HttpStatusCode.OK);
        var memberIds = new Dictionary<string, Guid>();
        DateTimeOffset? seededAt = null;
        foreach (var plan in DemoScenario.Members)
        {
            var found = members.EnumerateArray()
                .Where(m => m.GetProperty("name").GetString() == plan.Name && m.GetProperty("pseudonym").GetString() == plan.Pseudonym)
                .OrderBy(m => m.GetProperty("registeredAt").GetDateTimeOffset())
                .FirstOrDefault();
            if (found.ValueKind != JsonValueKind.Object)
            {
                warnings.Add($"{plan.Name} is not a member of '{council}': the council had members before the demo was seeded");
                continue;
            }

            var memberId = found.GetProperty("id").GetGuid();
            memberIds[plan.Key] = memberId;
            var registeredAt = found.GetProperty("registeredAt").GetDateTimeOffset();
            seededAt = seededAt is { } earliest && earliest < registeredAt ? earliest : registeredAt;
            people.Add(new(plan.Key, plan.Name, Roles.Member, memberId.ToString(), council, [], plan.TryFirst));
        }

        foreach (var plan in DemoScenario.Representatives)
        {
            if (!memberIds.TryGetValue(plan.MemberKey, out var memberId))
            {
                continue;
            }

            var appointed = await api.SendAsync(services.Members, HttpMethod.Get, $"/api/members/{memberId}/representatives", broker, null, HttpStatusCode.OK);
            var found = appointed.EnumerateArray().FirstOrDefault(r => r.GetProperty("name").GetString() == plan.Name && r.GetProperty("active").GetBoolean());
            if (found.ValueKind != JsonValueKind.Object)
            {
                warnings.Add($"{plan.Name} is not an active representative in '{council}'");
                continue;
            }

            people.Add(new(plan.Key, plan.Name, Roles.Representative, found.GetProperty("representativeId").GetGuid().ToString(), council,
                [memberId.ToString()], plan.TryFirst));
        }

        var providers = await api.SendAsync(services.ProviderOffers, HttpMethod.Get, "/api/providers", broker, null, HttpStatusCode.OK);
        var providerIds = new Dictionary<string, Guid>();
        foreach (var plan in DemoScenario.Providers)
        {
            var found = providers.EnumerateArray()
                .Where(p => p.GetProperty("legalName").GetString() == plan.LegalName)
                .OrderBy(p => p.GetProperty("registeredAt").GetDateTimeOffset())
                .FirstOrDefault();
            if (found.ValueKind != JsonValueKind.Object)
            {
                warnings.Add($"{plan.LegalName} does not work with '{council}'");
                continue;
            }

            providerIds[plan.Key] = found.GetProperty("id").GetGuid();
            people.Add(new(plan.Key, plan.LegalName, Roles.Provider, providerIds[plan.Key].ToString(), council, [], plan.TryFirst));
        }

        // Someone may have made pools or calls of the same names since (the README's walkthroughs do): the demo's are the first.
        var pools = await api.SendAsync(services.PooledFunds, HttpMethod.Get, "/api/pools", broker, null, HttpStatusCode.OK); // oldest first
        Guid PoolNamed(string name) =>
            pools.EnumerateArray().FirstOrDefault(p => p.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } pool
                ? pool.GetProperty("id").GetGuid()
                : Guid.Empty;
        var calls = await api.SendAsync(services.Commissioning, HttpMethod.Get, "/api/calls", broker, null, HttpStatusCode.OK); // newest first
        var callId = calls.EnumerateArray().LastOrDefault(c => c.GetProperty("title").GetString() == DemoScenario.CallTitle) is { ValueKind: JsonValueKind.Object } call
            ? call.GetProperty("id").GetGuid()
            : Guid.Empty;
        Guid? bidId = null;
        if (callId != Guid.Empty && providerIds.TryGetValue(DemoScenario.BiddingProvider, out var bidderId))
        {
            var bidder = DemoScenario.Providers.Single(p => p.Key == DemoScenario.BiddingProvider);
            var bids = await api.SendAsync(services.ProviderOffers, HttpMethod.Get, $"/api/providers/{bidderId}/bids", ProviderToken(bidder, bidderId), null, HttpStatusCode.OK);
            bidId = bids.EnumerateArray().FirstOrDefault(b => b.GetProperty("callId").GetGuid() == callId) is { ValueKind: JsonValueKind.Object } bid
                ? bid.GetProperty("id").GetGuid()
                : null;
        }

        var ids = new DemoIds(PoolNamed(DemoScenario.ActivePool), PoolNamed(DemoScenario.OpenPool), PoolNamed(DemoScenario.ProposedPool), callId, bidId);
        if (ids.ActivePoolId == Guid.Empty || ids.OpenPoolId == Guid.Empty || ids.ProposedPoolId == Guid.Empty || ids.CallId == Guid.Empty || bidId is null)
        {
            warnings.Add($"the demo pools, call or bid are missing in '{council}'");
        }

        if (warnings.Count > 0)
        {
            warnings.Add($"'{council}' had members before this demo, or a seeding stopped half-way: seed another council " +
                         $"(./brokerage seed --council {council}-2) or start from empty data (docs/operations.md)");
        }

        return (new DemoCouncil(council, seededAt ?? DateTimeOffset.UtcNow, services.ToDictionary(), ids, people), warnings);
    }

    private string Token(string role, string subject, string name, IEnumerable<string>? actsFor = null) =>
        DevelopmentTokens.Issue(role, subject, council, actsFor, TimeSpan.FromMinutes(30), name, tokens);

    private string MemberToken(MemberPlan plan, Guid memberId) => Token(Roles.Member, memberId.ToString(), plan.Name);

    private string RepresentativeToken(RepresentativePlan plan, Guid representativeId, Guid memberId) =>
        Token(Roles.Representative, representativeId.ToString(), plan.Name, [memberId.ToString()]);

    private string ProviderToken(ProviderPlan plan, Guid providerId) => Token(Roles.Provider, providerId.ToString(), plan.LegalName);

    private void Say(string line) => progress.WriteLine($"    {line}");
}
