using Brokerage.Benchmarks;

var name = args.FirstOrDefault() ?? "";
var root = Environment.GetEnvironmentVariable("BROKERAGE_ROOT") ?? Directory.GetCurrentDirectory();
var postgres = Environment.GetEnvironmentVariable("BROKERAGE_BENCH_PG")
    ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=bench";
var rabbitMq = Environment.GetEnvironmentVariable("BROKERAGE_BENCH_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:55672/bench";

switch (name)
{
    case "eventstore":
        await EventStoreBenchmark.RunAsync(postgres, rabbitMq, root);
        return 0;
    case "messaging":
        await MessagingBenchmark.RunAsync(postgres, rabbitMq, root);
        return 0;
    case "payments":
        await PaymentsBenchmark.RunAsync(postgres, rabbitMq, root);
        return 0;
    default:
        Console.Error.WriteLine("usage: ./brokerage bench eventstore|messaging|payments");
        return 2;
}
