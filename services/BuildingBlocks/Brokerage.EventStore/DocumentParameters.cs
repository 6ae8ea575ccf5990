using System.Globalization;
using Npgsql;

namespace Brokerage.EventStore;

/// <summary>Parameters for the SQL of <see cref="DocumentStore.WhereAsync{T}"/> and <see cref="DocumentStore.PageAsync{T}(string, IEnumerable{NpgsqlParameter}, string, int, int, CancellationToken)"/>.</summary>
public static class DocumentParameters
{
    /// <summary>
    /// A time to compare with one stored in a document: write <c>@name::timestamptz</c> beside
    /// <c>(data->>'field')::timestamptz</c>. It goes as ISO 8601 text, so PostgreSQL rounds it to microseconds exactly
    /// as it rounds the stored text. A <see cref="DateTimeOffset"/> parameter is truncated instead, and a time due this
    /// very instant (0.9 µs past a microsecond, say) would not match it.
    /// </summary>
    public static NpgsqlParameter Time(string name, DateTimeOffset value) => new(name, value.ToString("O", CultureInfo.InvariantCulture));
}
