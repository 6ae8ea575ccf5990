using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Marten's log without the values: its default logger writes every command's parameters (event data, documents such
/// as a member's details or a support-plan outcome) at Debug, and at Error whenever a save fails, which a lost append
/// race does routinely. This one records that a command failed and with which exception type, never its SQL or values;
/// the exception itself still reaches the caller (problem+json) or the message retry, which log it their way.
/// </summary>
internal sealed partial class MartenLogging(ILogger logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => LogSchemaChange(logger, sql); // DDL only: names, never data

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => LogFailed(logger, 1, ex.GetType().Name);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => LogFailed(logger, batch.BatchCommands.Count, ex.GetType().Name);

    public void LogFailure(Exception ex, string message) => LogFailed(logger, 0, ex.GetType().Name);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    [LoggerMessage(LogLevel.Information, "Marten applied a schema change:\n{Sql}")]
    private static partial void LogSchemaChange(ILogger logger, string sql);

    [LoggerMessage(LogLevel.Debug, "Marten's {Commands} command(s) failed with {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, int commands, string exceptionType);
}
