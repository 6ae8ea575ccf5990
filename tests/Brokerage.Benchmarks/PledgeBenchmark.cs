using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Members.Contracts;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using MassTransit;
using Npgsql;

namespace Brokerage.Benchmarks;

/// <summary>
/// Real pledges through PooledFunds' HTTP API: each client is a member (a development token) topping up its pledge to
/// a pool of its own, so every request is one transaction over two streams (the pool's and the member's budget), their
/// inline read models and outbox rows, with no conflicts between clients. Members get their budgets the way Members
/// gives them: MemberRegistered, PoolingConsentGiven and BudgetAllocated on the broker.
/// </summary>
public sealed class PledgeBenchmark : IAsyncDisposable
{
    private const string Council = "bench";
    private const int Year = 2026;
    private const long Allocation = 1_000_000_000;
    private const long Joined = 100;
    private const int Warmup = 1;

    // Untimed top-ups per client before the measured ones, all clients at once: the service's hot paths are JIT-compiled
    // and tiered up by then (the first few hundred requests cost it several times the CPU of later ones).
    private const int PhaseWarmup = 30;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly PooledFundsProcess service;
    private readonly SocketsHttpHandler handler;
    private readonly HttpClient staff;
    private readonly Guid[] pools;
    private readonly HttpClient[] members;
    private readonly long[] done;
    private readonly ConcurrentBag<double> latencies = [];
    private readonly long[] steps;
    private readonly Lock gate = new();
    private TimeSpan? cpuAtStart;
    private string? failure;

    private PledgeBenchmark(PooledFundsProcess service, SocketsHttpHandler handler, HttpClient staff, Guid[] pools, HttpClient[] members)
    {
        this.service = service;
        this.handler = handler;
        this.staff = staff;
        this.pools = pools;
        this.members = members;
        done = new long[pools.Length];
        steps = new long[pools.Length];
    }

    /// <summary>The measured operation: one top-up per step, each client on its own member and pool; the first failure stops it.</summary>
    public Phase Phase => new("pledge_http_per_s", pools.Length, w => async () =>
    {
        try
        {
            var measured = ++steps[w] > PhaseWarmup;
            if (measured && cpuAtStart is null)
            {
                lock (gate)
                {
                    // Every client's warm-up is over (the runner warms up all writers first): the service's CPU from here is the measured pledges'.
                    cpuAtStart ??= service.CpuTime;
                }
            }

            var watch = Stopwatch.StartNew();
            await Expect(await Pledge(members[w], pools[w], 1), HttpStatusCode.OK, "top up the pledge");
            if (measured)
            {
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }

            done[w]++;
            return 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure ??= e.Message;
            return -1;
        }
    }, PhaseWarmup);

    /// <summary>
    /// Starts PooledFunds on a fresh database, gives <paramref name="clients"/> members their budgets, proposes and opens
    /// a pool for each and joins it; or says why it could not.
    /// </summary>
    public static async Task<(PledgeBenchmark? Bench, string? Problem)> StartAsync(string dll, string connectionString, string rabbitMq, string root, int clients)
    {
        var broker = new Uri(rabbitMq);
        if (VirtualHost(broker) == "/")
        {
            return (null, "BROKERAGE_BENCH_RABBITMQ names the root vhost, where `./brokerage up`'s own PooledFunds may consume; give it a vhost of its own (./brokerage bench makes 'bench')");
        }

        PooledFundsProcess? service = null;
        try
        {
            var database = await CreateDatabaseAsync(connectionString);
            Console.WriteLine($"pledge_http: starting PooledFunds (database {new NpgsqlConnectionStringBuilder(database).Database}, vhost {VirtualHost(broker)})");
            service = await PooledFundsProcess.StartAsync(root, dll, database, rabbitMq);
            return (await PrepareAsync(service, broker, clients), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (service is not null)
            {
                Console.WriteLine($"PooledFunds' log (artifacts/bench/pooledfunds.log) ends:\n{service.LastLogLines()}");
                await service.DisposeAsync();
            }

            Console.WriteLine($"pledge_http not measured: {e.Message}");
            return (null, Shorten(e.Message.Split('\n')[0]));
        }
    }

    private static async Task<PledgeBenchmark> PrepareAsync(PooledFundsProcess service, Uri broker, int clients)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 };
        var staff = Client(handler, service.Address, DevelopmentTokens.Issue(Roles.Broker, "broker-bench", Council));
        var memberIds = Enumerable.Range(0, clients).Select(_ => Guid.NewGuid()).ToArray();

        Console.WriteLine($"pledge_http: {clients} members registered, consenting and allocated through the broker");
        var bus = await StartBusAsync(broker);
        try
        {
            var at = DateTimeOffset.UtcNow;
            foreach (var member in memberIds)
            {
                await bus.Publish(new MemberRegistered(member, Council, $"Bench {member.ToString()[..4]}", at));
                await bus.Publish(new PoolingConsentGiven(member, Council, at));
                await bus.Publish(new BudgetAllocated(member, Council, Year, FundingStreams.SocialCare, Allocation, "GBP", at));
            }
        }
        finally
        {
            await bus.StopAsync();
        }

        foreach (var member in memberIds)
        {
            await Eventually.HoldsAsync(async () =>
            {
                var response = await staff.GetAsync($"api/members/{member}/pledges");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                var view = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
                return view.GetProperty("poolingConsent").GetBoolean()
                       && view.GetProperty("budgets").EnumerateArray().Any(b => b.GetProperty("allocated").GetInt64() == Allocation);
            }, $"member {member}'s budget to reach PooledFunds", TimeSpan.FromSeconds(60));
        }

        Console.WriteLine($"pledge_http: {clients} pools proposed and opened; each member joins its own");
        var pools = new Guid[clients];
        var members = new HttpClient[clients];
        for (var i = 0; i < clients; i++)
        {
            var proposed = await Expect(await staff.PostAsJsonAsync("api/pools", PoolRequest(i), Json), HttpStatusCode.Created, "propose a pool");
            pools[i] = proposed.GetProperty("id").GetGuid();
            await Expect(await staff.PostAsync($"api/pools/{pools[i]}/open", null), HttpStatusCode.OK, "open the pool");
            members[i] = Client(handler, service.Address, DevelopmentTokens.Issue(Roles.Member, memberIds[i].ToString(), Council));
            await Expect(await Pledge(members[i], pools[i], Joined), HttpStatusCode.Created, "join the pool");
            for (var warm = 0; warm < Warmup; warm++)
            {
                await Expect(await Pledge(members[i], pools[i], 1), HttpStatusCode.OK, "top up the pledge");
            }
        }

        return new PledgeBenchmark(service, handler, staff, pools, members);
    }

    /// <summary>Reports the measured rate once every counted pledge shows in its pool's read model; not measured if a pledge failed.</summary>
    public async Task ReportAsync(BenchReport report, double perSecond)
    {
        try
        {
            if (failure is not null)
            {
                throw new InvalidOperationException(failure);
            }

            for (var i = 0; i < pools.Length; i++)
            {
                var pool = await Expect(await staff.GetAsync($"api/pools/{pools[i]}"), HttpStatusCode.OK, "read the pool");
                var expected = Joined + Warmup + done[i];
                if (pool.GetProperty("pledged").GetInt64() != expected)
                {
                    throw new InvalidOperationException($"pool {pools[i]} shows {pool.GetProperty("pledged").GetInt64()} pledged, expected {expected}");
                }
            }

            var sorted = latencies.Order().ToArray();
            report.Add("pledge_http_per_s", perSecond, $"{pools.Length} clients, {sorted.Length} pledges");
            report.Add("pledge_http_p50_ms", sorted[sorted.Length / 2]);
            report.Add("pledge_http_p99_ms", sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]);
            // Where a pledge's time goes: the service's own CPU (HTTP, tokens, two loads, the decision, the save, the relay).
            report.Add("pledge_service_cpu_ms", (service.CpuTime - cpuAtStart!.Value).TotalMilliseconds / sorted.Length, "PooledFunds' CPU time per measured pledge, relay included");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.WriteLine($"pledge_http not measured: {e.Message}\nPooledFunds' log (artifacts/bench/pooledfunds.log) ends:\n{service.LastLogLines()}");
            report.NotMeasured("pledge_http_per_s", Shorten(e.Message.Split('\n')[0]));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in members)
        {
            member.Dispose();
        }

        staff.Dispose();
        handler.Dispose();
        await service.DisposeAsync();
    }

    internal static Task<HttpResponseMessage> Pledge(HttpClient member, Guid pool, long amount) =>
        member.PostAsJsonAsync($"api/pools/{pool}/pledges", new { amount, currency = "GBP", fundingStream = FundingStreams.SocialCare, budgetYear = Year, conditional = false }, Json);

    internal static object PoolRequest(int i) => new
    {
        name = $"Bench club {i} {Guid.NewGuid().ToString()[..6]}",
        purpose = "A weekend social and activity club run with the members",
        outcomes = new[] { "Meet people outside the home", "Try new activities" },
        fundingStreams = new[] { FundingStreams.SocialCare },
        governance = new { minimumMembers = 1, targetAmount = 0, currency = "GBP", voteQuorumPercent = 50, votingMethod = "one-member-one-vote" },
        rules = "Drop-outs give four weeks' notice. New joiners are welcome at any time. Breaks of up to eight weeks keep your place.",
    };

    internal static HttpClient Client(HttpMessageHandler handler, Uri address, string token)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    internal static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != status)
            {
                throw new InvalidOperationException($"{what}: expected {(int)status}, got {(int)response.StatusCode} {Shorten(body)}");
            }

            return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>A fresh database for the service beside the benchmark's own: bench → bench_pooledfunds.</summary>
    internal static async Task<string> CreateDatabaseAsync(string connectionString, string suffix = "pooledfunds")
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = $"{builder.Database}_{suffix}";
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }

    internal static string VirtualHost(Uri broker) =>
        broker.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>A bus on the benchmark's vhost, to send what other services would (with publisher confirms).</summary>
    internal static async Task<IBusControl> StartBusAsync(Uri broker, Action<IRabbitMqBusFactoryConfigurator>? configure = null)
    {
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker.Host, (ushort)broker.Port, VirtualHost(broker), h =>
            {
                var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
                h.Username(credentials.ElementAtOrDefault(0) is { Length: > 0 } user ? user : "guest");
                h.Password(credentials.ElementAtOrDefault(1) ?? "guest");
                h.PublisherConfirmation = true;
            });
            configure?.Invoke(rabbit);
        });
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return bus;
    }
}
