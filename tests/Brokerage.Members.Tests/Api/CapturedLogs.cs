using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Brokerage.Members.Tests.Api;

/// <summary>Every log line the service writes (message, exception and scope values), so tests can prove what is never logged.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => sink.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new List<string>();
            sink.scopes.ForEachScope((value, values) => values.Add(value?.ToString() ?? ""), scope);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                scope.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
            }

            sink.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception} {string.Join(" ", scope)}");
        }
    }
}
