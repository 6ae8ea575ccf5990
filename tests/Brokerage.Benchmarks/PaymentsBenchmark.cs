using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Brokerage.Members.Contracts;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ProviderOffers.Contracts;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using MassTransit;
using Stripe;

namespace Brokerage.Benchmarks;

/// <summary>
/// Issue 12: many invoices approved at once. PooledFunds runs as a process (Development) against the fake Stripe (a
/// process too); the benchmark plays Commissioning and publishes BENCH_PAYMENTS (200) PayInvoice messages at once,
/// spread over pools of their own (4 invoices a contract, one contract a pool), and times each from its publication to
/// its InvoicePaid. The same number of transfers sent straight to the fake Stripe with Stripe.net, as concurrently, is
/// the baseline: ratio_payments = payments ÷ direct transfers.
/// </summary>
public static class PaymentsBenchmark
{
    private const string Council = "bench";
    private const string SecretKey = "sk_test_bench";
    private static readonly int InvoicesPerContract = int.TryParse(Environment.GetEnvironmentVariable("BENCH_INVOICES_PER_CONTRACT"), out var n) && n > 0 ? n : 4;
    private const long InvoiceAmount = 1_000;

    public static async Task RunAsync(string postgres, string rabbitMq, string root)
    {
        var report = new BenchReport("payments");
        var count = int.TryParse(Environment.GetEnvironmentVariable("BENCH_PAYMENTS"), out var n) && n > 0 ? n : 200;
        report.Settings["payments"] = count;
        report.Settings["invoices_per_contract"] = InvoicesPerContract;
        var broker = new Uri(rabbitMq);
        await using var stripe = await FakeStripeProcess.StartAsync();
        await stripe.Control.AddAccountAsync(SecretKey, 1_000_000_000_000);

        var build = await PooledFundsProcess.BuildAsync(root);
        if (build.Dll is null)
        {
            report.NotMeasured("payments_per_s", build.Problem!);
            await report.SaveAsync(root);
            return;
        }

        var database = await PledgeBenchmark.CreateDatabaseAsync(postgres, "payments");
        await using var service = await PooledFundsProcess.StartAsync(root, build.Dll, database, rabbitMq, new Dictionary<string, string>
        {
            ["Payments__StripeApiBase"] = stripe.ApiBase,
            [$"Payments__Councils__{Council}__SecretKey"] = SecretKey,
        });

        var paidAt = new ConcurrentDictionary<Guid, long>();
        var failed = new ConcurrentDictionary<Guid, string>();
        var bus = await PledgeBenchmark.StartBusAsync(broker, rabbit => rabbit.ReceiveEndpoint($"bench-payments-{Guid.NewGuid():N}", e =>
        {
            e.AutoDelete = true;
            e.Durable = false;
            e.Handler<InvoicePaid>(c =>
            {
                paidAt.TryAdd(c.Message.PaymentId, Stopwatch.GetTimestamp());
                return Task.CompletedTask;
            });
            e.Handler<InvoicePaymentFailed>(c =>
            {
                failed.TryAdd(c.Message.PaymentId, c.Message.Reason);
                return Task.CompletedTask;
            });
        }));
        try
        {
            var payments = await PrepareAsync(service, bus, count);

            // Approved at once: every PayInvoice published together, each timed from its own publication.
            Console.WriteLine($"payments: {payments.Count} invoices approved at once");
            var sentAt = new ConcurrentDictionary<Guid, long>();
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(payments.Select(async pay =>
            {
                sentAt[pay.PaymentId] = Stopwatch.GetTimestamp();
                await bus.Publish(pay);
            }));
            await Eventually.HoldsAsync(
                () => Task.FromResult(paidAt.Count + failed.Count >= payments.Count), "every payment to be answered", TimeSpan.FromMinutes(5));
            if (!failed.IsEmpty)
            {
                report.NotMeasured("payments_per_s", $"{failed.Count} payments failed, e.g. {failed.First().Value}");
                await report.SaveAsync(root);
                return;
            }

            var last = paidAt.Values.Max();
            var latencies = payments.Select(p => Stopwatch.GetElapsedTime(sentAt[p.PaymentId], paidAt[p.PaymentId]).TotalMilliseconds).Order().ToList();
            report.Add("payments_per_s", payments.Count / Stopwatch.GetElapsedTime(started, last).TotalSeconds, $"{payments.Count} PayInvoice → InvoicePaid");
            report.Add("approval_to_paid_p50_ms", BenchReport.Median(latencies));
            report.Add("approval_to_paid_p99_ms", Percentile(latencies, 0.99));
            var transfers = (await stripe.Control.TransfersAsync(SecretKey)).Count;
            report.Add("transfers_at_fake_stripe", transfers, transfers == payments.Count ? "one per payment" : "NOT one per payment");

            report.Add("fake_stripe_transfers_per_s", await DirectTransfersPerSecondAsync(stripe.ApiBase, payments.Count), "Stripe.net straight to the fake Stripe, all at once");
            report.Ratio("ratio_payments", "payments_per_s", "fake_stripe_transfers_per_s");
            report.Target("approval_to_paid_p99_ms", "<=", 2_000);
            report.Target("ratio_payments", ">=", 0.3);
        }
        finally
        {
            await bus.StopAsync();
        }

        await report.SaveAsync(root);
    }

    /// <summary>Pools of one member each (budgets from Members' messages), each active with one contract's reservation; a provider with a connected account.</summary>
    private static async Task<IReadOnlyList<PayInvoice>> PrepareAsync(PooledFundsProcess service, IBus bus, int count)
    {
        var contracts = (count + InvoicesPerContract - 1) / InvoicesPerContract;
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 16 };
        using var staff = PledgeBenchmark.Client(handler, service.Address, DevelopmentTokens.Issue(Roles.Broker, "broker-bench", Council));
        var provider = Guid.NewGuid();
        await bus.Publish(new ProviderPaymentAccountRecorded(provider, "acct_1BenchProvider", DateTimeOffset.UtcNow));

        Console.WriteLine($"payments: {contracts} members with budgets, {contracts} active pools, one reservation each");
        var members = Enumerable.Range(0, contracts).Select(_ => Guid.NewGuid()).ToArray();
        var at = DateTimeOffset.UtcNow;
        foreach (var member in members)
        {
            await bus.Publish(new MemberRegistered(member, Council, $"Bench {member.ToString()[..4]}", at));
            await bus.Publish(new PoolingConsentGiven(member, Council, at));
            await bus.Publish(new BudgetAllocated(member, Council, 2026, FundingStreams.SocialCare, 1_000_000, "GBP", at));
        }

        var payments = new List<PayInvoice>();
        for (var i = 0; i < contracts; i++)
        {
            var pool = (await PledgeBenchmark.Expect(await staff.PostAsJsonAsync("api/pools", PledgeBenchmark.PoolRequest(i)), HttpStatusCode.Created, "propose a pool"))
                .GetProperty("id").GetGuid();
            await PledgeBenchmark.Expect(await staff.PostAsync($"api/pools/{pool}/open", null), HttpStatusCode.OK, "open the pool");
            using var member = PledgeBenchmark.Client(handler, service.Address, DevelopmentTokens.Issue(Roles.Member, members[i].ToString(), Council));
            await Eventually.HoldsAsync(
                async () => (await PledgeBenchmark.Pledge(member, pool, 100_000)).StatusCode == HttpStatusCode.Created, "the member's budget to reach PooledFunds", TimeSpan.FromSeconds(60));
            await PledgeBenchmark.Expect(await staff.PostAsync($"api/pools/{pool}/activate", null), HttpStatusCode.OK, "activate the pool");
            var contract = Guid.NewGuid();
            await bus.Publish(new ReserveFunds(pool, contract, InvoicesPerContract * InvoiceAmount, "GBP"));
            for (var period = 1; period <= InvoicesPerContract && payments.Count < count; period++)
            {
                payments.Add(new PayInvoice(Guid.NewGuid(), Guid.NewGuid(), contract, pool, Council, provider, period, InvoiceAmount, "GBP", $"BENCH-{i}-{period}", DateTimeOffset.UtcNow));
            }
        }

        // Every reservation in place before anything is timed.
        foreach (var pool in payments.Select(p => p.PoolId).Distinct())
        {
            await Eventually.HoldsAsync(async () =>
            {
                var ledger = await staff.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/pools/{pool}/ledger");
                return ledger.GetProperty("totals").GetProperty("reserved").GetInt64() == InvoicesPerContract * InvoiceAmount;
            }, "the reservations", TimeSpan.FromSeconds(60));
        }

        return payments;
    }

    private static async Task<double> DirectTransfersPerSecondAsync(string apiBase, int count)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        var client = new StripeClient(new StripeClientOptions
        {
            ApiKey = SecretKey, ApiBase = apiBase, HttpClient = new SystemNetHttpClient(http, maxNetworkRetries: 0, appInfo: null, enableTelemetry: false),
        });
        var transfers = new TransferService(client);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => transfers.CreateAsync(
            new TransferCreateOptions { Amount = InvoiceAmount, Currency = "gbp", Destination = "acct_1BenchDirect" },
            new RequestOptions { IdempotencyKey = $"direct-{Guid.NewGuid():N}" })));
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
