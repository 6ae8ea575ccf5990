using JasperFx;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Marten's logging without parameter values. Marten's own logger writes every failed command with its parameters, that
/// is the events and documents being saved (a sealed bid's price, a member's support plan), at Error level, and a lost
/// append race is one such failure. This one names the SQL only, and logs a <see cref="ConcurrencyException"/> (retried,
/// or answered 409/412) at Debug.
/// </summary>
internal sealed class RedactedMartenLogger(ILogger logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => logger.LogInformation("Marten changed the schema: {SQL}", sql);

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(command.CommandText, ex);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failed(string.Join("\n", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)), ex);

    public void LogFailure(Exception ex, string message) => Failed(message, ex);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    private void Failed(string sql, Exception ex) =>
        logger.Log(ex is ConcurrencyException ? LogLevel.Debug : LogLevel.Error, ex, "Marten failed executing {SQL}", sql);
}
