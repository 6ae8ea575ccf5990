using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Members.Contracts;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.PooledFunds.Tests.Api;

/// <summary>
/// The real PooledFunds service (Development) on a fresh database and RabbitMQ vhost of its own, started once for every
/// API test class (MassTransit must not build a second host in one process after disposing one). Tests keep apart by
/// using fresh pool and member ids. A receive endpoint on the same vhost records every message the service publishes.
/// </summary>
public sealed class PooledFundsService : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Council = "lambeth";
    public const string OtherCouncil = "southwark";

    /// <summary>Lambeth's keys at the payment provider (the fake Stripe); Southwark has none, so it cannot pay.</summary>
    public const string StripeSecretKey = "sk_test_pooledfunds_lambeth", StripeWebhookSecret = "whsec_pooledfunds_lambeth";

    /// <summary>A third council with an account of its own, for tests that make the payment provider fail (its circuit is its own).</summary>
    public const string FailingCouncil = "croydon", FailingCouncilKey = "sk_test_pooledfunds_croydon";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ConnectionString { get; private set; } = "";

    public string RabbitMq { get; private set; } = "";

    /// <summary>Every message PooledFunds published, as the broker delivered it.</summary>
    public ConcurrentQueue<object> Published { get; } = new();

    /// <summary>The service's clock: the domain's times and the events' timestamps. Each read moves it on 1 ms; tests move it further.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    public IBus Bus => Services.GetRequiredService<IBus>();

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>A stored document (a stream's inline snapshot), as the service's store has it now.</summary>
    public async Task<T?> LoadAsync<T>(Guid id) where T : notnull
    {
        await using var query = Store.QuerySession();
        return await query.LoadAsync<T>(id);
    }

    /// <summary>A stream's events, oldest first, with their metadata.</summary>
    public async Task<IReadOnlyList<IEvent>> FetchStreamAsync(Guid id)
    {
        await using var query = Store.QuerySession();
        return await query.Events.FetchStreamAsync(id);
    }

    public async Task<StreamState?> FetchStreamStateAsync(Guid id)
    {
        await using var query = Store.QuerySession();
        return await query.Events.FetchStreamStateAsync(id);
    }

    /// <summary>The payment provider: our fake Stripe as its own process, with an account for Lambeth (Southwark has none).</summary>
    public FakeStripeProcess Stripe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await FakeStripeProcess.StartAsync();
        await Stripe.Control.AddAccountAsync(StripeSecretKey, 100_000_000, webhookSecret: StripeWebhookSecret);
        await Stripe.Control.AddAccountAsync(FailingCouncilKey, 100_000_000);
        ConnectionString = await TestInfrastructure.CreateDatabaseAsync("pooledfunds");
        try
        {
            RabbitMq = await TestInfrastructure.CreateVirtualHostAsync("pooledfunds");
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException("rabbitmqctl add_vhost did not answer within 120 s: the test broker is not creating virtual hosts.", e);
        }

        _ = Server; // start the host
        var handle = Bus.ConnectReceiveEndpoint("pooled-funds-tests-published", e =>
        {
            Record<PoolOpened>(e);
            Record<PoolActivated>(e);
            Record<PoolWindingDown>(e);
            Record<PoolClosed>(e);
            Record<PoolMemberJoined>(e);
            Record<PoolMemberLeft>(e);
            Record<MemberPledgesChanged>(e);
            Record<PoolPledgeChanged>(e);
            Record<FundsReserved>(e);
            Record<FundsReservationRejected>(e);
            Record<ReservationReleased>(e);
            Record<ReservationAdjusted>(e);
            Record<ReservationAdjustmentRejected>(e);
            Record<PaymentRecorded>(e);
            Record<PaymentRejected>(e);
            Record<PaymentReversed>(e);
            Record<InvoicePaid>(e);
            Record<InvoicePaymentFailed>(e);
        });
        await handle.Ready.WaitAsync(TimeSpan.FromSeconds(60)); // fail clearly rather than hang if the broker does not answer
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask; // kept alive for the run: see the class summary

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseEnvironment("Development")
            .UseSetting("ConnectionStrings:EventStore", ConnectionString)
            .UseSetting("ConnectionStrings:RabbitMq", RabbitMq)
            .UseSetting("Payments:Councils:lambeth:SecretKey", StripeSecretKey)
            .UseSetting("Payments:Councils:lambeth:WebhookSecret", StripeWebhookSecret)
            .UseSetting("Payments:Councils:croydon:SecretKey", FailingCouncilKey)
            .UseSetting("Payments:DevelopmentKeyPattern:SecretKey", "") // only the councils named here can pay
            .UseSetting("Payments:StripeApiBase", Stripe.ApiBase)
            .UseSetting("Payments:AttemptTimeout", "00:00:01")
            .UseSetting("Payments:RetryDelay", "00:00:00.050")
            .UseSetting("Payments:BreakAfterFailures", "8")
            .UseSetting("Payments:BreakDuration", "00:00:02")
            .UseSetting("Logging:Console:LogLevel:Default", "Warning")
            .UseSetting("Logging:Console:LogLevel:MassTransit", "Error") // retries of expected stream conflicts are noise here
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));

    public HttpClient As(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Broker(string council = Council) => As(Tokens.Broker(council));

    public HttpClient Member(Guid memberId, string council = Council) => As(Tokens.Member(memberId, council));

    /// <summary>Polls the recorded messages until one matches; fails after <see cref="Wait"/>.</summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (Published.OfType<T>().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Timed out waiting for {typeof(T).Name}: {what}");
        return default!;
    }

    public IReadOnlyList<T> PublishedNow<T>(Func<T, bool> match) => Published.OfType<T>().Where(match).ToList();

    /// <summary>
    /// A member as the Members service would announce it (registered, consenting, allocated), published on the broker;
    /// returns once PooledFunds shows the allocation.
    /// </summary>
    public async Task<Guid> RegisterMemberAsync(
        long allocation, string stream = FundingStreams.SocialCare, int year = 2026, string council = Council, bool consent = true, string? pseudonym = null)
    {
        var memberId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        pseudonym ??= $"Member {memberId.ToString()[..4]}";
        await Bus.Publish(new MemberRegistered(memberId, council, pseudonym, at));
        if (consent)
        {
            await Bus.Publish(new PoolingConsentGiven(memberId, council, at));
        }

        await Bus.Publish(new BudgetAllocated(memberId, council, year, stream, allocation, Money.Currency, at));
        await EventuallyAsync(async () =>
        {
            var view = await MemberViewAsync(memberId, council);
            return view is not null && view.Budgets.Any(b => b.BudgetYear == year && b.FundingStream == stream && b.Allocated == allocation)
                   && view.PoolingConsent == consent
                   && (await LoadAsync<Brokerage.PooledFunds.Api.Budgets.MemberBudget>(memberId))?.Pseudonym == pseudonym;
        }, "the member's registration, consent and allocation to reach PooledFunds");
        return memberId;
    }

    /// <summary>An active pool of fresh members, one per pledge (each allocated £100).</summary>
    public Task<(Guid Pool, Guid[] Members)> ActivePoolAsync(params long[] pledges) => ActivePoolInAsync(Council, pledges);

    public async Task<(Guid Pool, Guid[] Members)> ActivePoolInAsync(string council, params long[] pledges)
    {
        var poolId = await CreatePoolAsync(council: council);
        var members = new List<Guid>();
        foreach (var pledge in pledges)
        {
            var member = await RegisterMemberAsync(10_000, council: council);
            await (await PledgeAsync(poolId, member, pledge, council: council)).EnsureStatus(HttpStatusCode.Created);
            members.Add(member);
        }

        await (await Broker(council).PostAsync($"/api/pools/{poolId}/activate", null)).EnsureStatus(HttpStatusCode.OK);
        return (poolId, members.ToArray());
    }

    /// <summary>
    /// A representative whom Members appointed for <paramref name="actsFor"/> (the appointments published as Members
    /// publishes them, awaited until PooledFunds knows them), with a token naming those members.
    /// </summary>
    public async Task<HttpClient> RepresentativeAsync(params Guid[] actsFor)
    {
        var representative = Guid.NewGuid();
        foreach (var member in actsFor)
        {
            await AppointAsync(representative, member);
        }

        return As(Tokens.Representative(representative, actsFor));
    }

    /// <summary>A representative whose appointment for <paramref name="member"/> Members has ended, with a token still naming the member.</summary>
    public async Task<HttpClient> EndedRepresentativeAsync(Guid member)
    {
        var representative = Guid.NewGuid();
        await AppointAsync(representative, member);
        await Bus.Publish(new RepresentativeEnded(member, Council, representative, DateTimeOffset.UtcNow));
        await EventuallyAsync(async () => !await IsAppointedAsync(representative, member), "the end of the appointment to reach PooledFunds");
        return As(Tokens.Representative(representative, [member]));
    }

    /// <summary>A representative token naming <paramref name="member"/> for someone Members never appointed.</summary>
    public HttpClient NeverAppointedRepresentative(Guid member) => As(Tokens.Representative(Guid.NewGuid(), [member]));

    public async Task AppointAsync(Guid representative, Guid member)
    {
        await Bus.Publish(new RepresentativeAppointed(member, Council, representative, "care-act-s31-nominated", DateTimeOffset.UtcNow));
        await EventuallyAsync(() => IsAppointedAsync(representative, member), "the appointment to reach PooledFunds");
    }

    private async Task<bool> IsAppointedAsync(Guid representative, Guid member)
    {
        await using var query = Store.QuerySession();
        return (await Representation.ActiveForAsync(query, representative, Council, [member], CancellationToken.None)).Count == 1;
    }

    public async Task<MemberView?> MemberViewAsync(Guid memberId, string council = Council)
    {
        var response = await Broker(council).GetAsync($"/api/members/{memberId}/pledges");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<MemberView>(Json) : null;
    }

    /// <summary>A pool proposed by a broker, opened (unless <paramref name="open"/> is false).</summary>
    public async Task<Guid> CreatePoolAsync(
        string[]? streams = null, int minimumMembers = 1, long target = 0, bool open = true, string council = Council, string name = "Saturday club")
    {
        var broker = Broker(council);
        var response = await broker.PostAsJsonAsync("/api/pools", PoolRequest(streams, minimumMembers, target, name));
        await response.EnsureStatus(HttpStatusCode.Created);
        var pool = (await response.Content.ReadFromJsonAsync<PoolView>(Json))!;
        if (open)
        {
            await (await broker.PostAsync($"/api/pools/{pool.Id}/open", null)).EnsureStatus(HttpStatusCode.OK);
        }

        return pool.Id;
    }

    public static object PoolRequest(string[]? streams = null, int minimumMembers = 1, long target = 0, string name = "Saturday club") => new
    {
        name,
        purpose = "A weekend social and activity club run with the members",
        outcomes = new[] { "Meet people outside the home", "Try new activities" },
        fundingStreams = streams ?? [FundingStreams.SocialCare],
        governance = new { minimumMembers, targetAmount = target, currency = "GBP", voteQuorumPercent = 50, votingMethod = "one-member-one-vote" },
        rules = "Drop-outs give four weeks' notice. New joiners are welcome at any time. Breaks of up to eight weeks keep your place.",
    };

    public async Task<HttpResponseMessage> PledgeAsync(
        Guid poolId, Guid memberId, long amount, string stream = FundingStreams.SocialCare, int year = 2026, bool conditional = false, string council = Council) =>
        await Member(memberId, council).PostAsJsonAsync($"/api/pools/{poolId}/pledges", new { amount, currency = "GBP", fundingStream = stream, budgetYear = year, conditional });

    public async Task<PoolView> PoolAsync(Guid poolId) =>
        (await Broker().GetFromJsonAsync<PoolView>($"/api/pools/{poolId}", Json))!;

    public async Task<LedgerDto> LedgerAsync(Guid poolId, string? query = null, string council = Council) =>
        (await Broker(council).GetFromJsonAsync<LedgerDto>($"/api/pools/{poolId}/ledger{query}", Json))!;

    public static Task EventuallyAsync(Func<Task<bool>> condition, string what) => Testing.Eventually.HoldsAsync(condition, what, Wait);

    private void Record<T>(IReceiveEndpointConfigurator e) where T : class =>
        e.Handler<T>(context =>
        {
            Published.Enqueue(context.Message);
            return Task.CompletedTask;
        });
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<PooledFundsService>
{
    public const string Name = "PooledFunds service";
}

public static class Tokens
{
    public static string Broker(string council = PooledFundsService.Council, string sub = "broker-ada") => DevelopmentTokens.Issue(Roles.Broker, sub, council);

    public static string Admin(string council = PooledFundsService.Council) => DevelopmentTokens.Issue(Roles.CouncilAdmin, "admin-grace", council);

    public static string Member(Guid memberId, string council = PooledFundsService.Council) => DevelopmentTokens.Issue(Roles.Member, memberId.ToString(), council);

    public static string Representative(Guid representative, Guid[] actsFor, string council = PooledFundsService.Council) =>
        DevelopmentTokens.Issue(Roles.Representative, representative.ToString(), council, actsFor.Select(a => a.ToString()));

    public static string Provider(string council = PooledFundsService.Council) => DevelopmentTokens.Issue(Roles.Provider, Guid.NewGuid().ToString(), council);
}

public static class ResponseAssertions
{
    public static async Task EnsureStatus(this HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            Assert.Fail($"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Asserts a problem+json answer with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string? Title(this JsonElement problem) => problem.TryGetProperty("title", out var t) ? t.GetString() : null;

    public static string[] ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(f => f.Name).ToArray() : [];
}

// What the tests read back: the API's JSON, typed loosely enough to survive additions.
public sealed record NoticeDto(long Amount, bool Withdrawal);

public sealed record PledgeDto(Guid PoolId, Guid MemberId, string Pseudonym, int BudgetYear, string FundingStream, long Amount, string Status, long Available, long Reserved, long Paid, NoticeDto? Notice, bool Flagged);

public sealed record GovernanceDto(int MinimumMembers, long TargetAmount, string Currency, int VoteQuorumPercent, string VotingMethod);

public sealed record PoolView(
    Guid Id, string CouncilId, string Name, string Rules, string Status, int Members, long Pledged, long ConditionallyPledged, GovernanceDto Governance,
    IReadOnlyList<PledgeDto> Pledges, int FlaggedPledges, IReadOnlyList<string> FundingStreams);

public sealed record BudgetLineDto(int BudgetYear, string FundingStream, long Allocated, long Pledged, long Headroom, bool Flagged, long Overcommitted);

public sealed record MemberPledgeLineDto(Guid PoolId, string PoolName, string PoolStatus, PledgeDto Pledge);

public sealed record MemberView(Guid MemberId, bool PoolingConsent, bool Closed, IReadOnlyList<BudgetLineDto> Budgets, IReadOnlyList<MemberPledgeLineDto> Pledges)
{
    public BudgetLineDto Budget(int year, string stream) => Budgets.Single(b => b.BudgetYear == year && b.FundingStream == stream);
}

public sealed record FiguresDto(long Pledged, long Available, long Reserved, long Paid);

public sealed record StreamLedgerDto(string FundingStream, long Pledged, long Available, long Reserved, long Paid);

public sealed record MemberLineDto(Guid? MemberId, string Pseudonym, string? FundingStream, int BudgetYear, string Status, long Pledged, long Available, long Reserved, long Paid, long ConditionalAmount);

public sealed record ReservationDto(Guid ContractId, long Amount, long Reserved, long Paid, bool Released);

public sealed record PaymentDto(Guid PaymentId, Guid ContractId, Guid InvoiceId, string TransferId, long Amount, long Reversed);

public sealed record LedgerDto(
    Guid PoolId, string Status, FiguresDto Totals, IReadOnlyList<StreamLedgerDto> FundingStreams, bool FundingStreamsWithheld, IReadOnlyList<MemberLineDto> Members,
    IReadOnlyList<ReservationDto> Reservations, IReadOnlyList<PaymentDto> Payments);
