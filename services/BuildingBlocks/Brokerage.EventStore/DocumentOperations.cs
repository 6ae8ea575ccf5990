using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Brokerage.EventStore;

/// <summary>Reads and writes jsonb documents inside one open transaction (a session's save, or a daemon batch).</summary>
public sealed class DocumentOperations
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction? transaction;
    private readonly string schema;
    private readonly JsonSerializerOptions json;

    internal DocumentOperations(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, JsonSerializerOptions json)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.schema = schema;
        this.json = json;
    }

    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction? Transaction => transaction;

    public static string DocumentType<T>() => typeof(T).Name;

    public async Task<T?> LoadAsync<T>(string id, CancellationToken ct = default) where T : class
    {
        await using var cmd = Command($"SELECT data FROM {schema}.documents WHERE type = @type AND id = @id");
        cmd.Parameters.AddWithValue("type", DocumentType<T>());
        cmd.Parameters.AddWithValue("id", id);
        var data = await cmd.ExecuteScalarAsync(ct) as string;
        return data is null ? null : JsonSerializer.Deserialize<T>(data, json);
    }

    public async Task StoreAsync<T>(string id, T document, CancellationToken ct = default) where T : class
    {
        await using var cmd = Command($"""
            INSERT INTO {schema}.documents (type, id, data, version, last_modified) VALUES (@type, @id, @data, 1, now())
            ON CONFLICT (type, id) DO UPDATE SET data = excluded.data, version = {schema}.documents.version + 1, last_modified = now()
            """);
        cmd.Parameters.AddWithValue("type", DocumentType<T>());
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(document, json) });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteAsync<T>(string id, CancellationToken ct = default)
    {
        await using var cmd = Command($"DELETE FROM {schema}.documents WHERE type = @type AND id = @id");
        cmd.Parameters.AddWithValue("type", DocumentType<T>());
        cmd.Parameters.AddWithValue("id", id);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteAllAsync<T>(CancellationToken ct = default)
    {
        await using var cmd = Command($"DELETE FROM {schema}.documents WHERE type = @type");
        cmd.Parameters.AddWithValue("type", DocumentType<T>());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Documents of type <typeparamref name="T"/> that contain the given JSON fragment (jsonb <c>@&gt;</c>), e.g. <c>new { poolId }</c>.</summary>
    public Task<IReadOnlyList<T>> QueryAsync<T>(object? contains = null, int limit = 1000, CancellationToken ct = default) =>
        WhereAsync<T>(
            contains is null ? "true" : "data @> @contains::jsonb",
            contains is null ? [] : [new NpgsqlParameter("contains", JsonSerializer.Serialize(contains, json))],
            limit,
            ct);

    /// <summary>Documents matching a SQL condition over <c>data</c> (jsonb), with named parameters.</summary>
    public async Task<IReadOnlyList<T>> WhereAsync<T>(string condition, IEnumerable<NpgsqlParameter> parameters, int limit = 1000, CancellationToken ct = default)
    {
        await using var cmd = Command($"SELECT data FROM {schema}.documents WHERE type = @type AND ({condition}) ORDER BY id LIMIT @limit");
        cmd.Parameters.AddWithValue("type", DocumentType<T>());
        cmd.Parameters.AddWithValue("limit", limit);
        foreach (var parameter in parameters)
        {
            cmd.Parameters.Add(parameter);
        }

        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await ReadDocumentsAsync<T>(reader, ct);
    }

    /// <summary>
    /// One page of the documents matching <paramref name="condition"/>, in the order of <paramref name="orderBy"/> (a SQL
    /// expression over <c>data</c> written by the caller's code, never taken from a request) and then by id, so every
    /// page is stable; with the number that match in all.
    /// </summary>
    public async Task<DocumentPage<T>> PageAsync<T>(
        string condition, IEnumerable<NpgsqlParameter> parameters, string orderBy, int offset, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var where = $"FROM {schema}.documents WHERE type = @type AND ({condition})";
        await using var batch = new NpgsqlBatch(connection, transaction);
        var count = new NpgsqlBatchCommand($"SELECT count(*) {where}");
        var page = new NpgsqlBatchCommand($"SELECT data {where} ORDER BY {orderBy}, id LIMIT @limit OFFSET @offset");
        var shared = parameters.ToList();
        foreach (var command in new[] { count, page })
        {
            command.Parameters.AddWithValue("type", DocumentType<T>());
            foreach (var parameter in shared)
            {
                command.Parameters.Add(parameter.Clone());
            }

            batch.BatchCommands.Add(command);
        }

        page.Parameters.AddWithValue("limit", limit);
        page.Parameters.AddWithValue("offset", offset);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        return new DocumentPage<T>(await ReadDocumentsAsync<T>(reader, ct), total);
    }

    /// <summary>The rest of the current result set, one <c>data</c> column a row.</summary>
    private async Task<List<T>> ReadDocumentsAsync<T>(NpgsqlDataReader reader, CancellationToken ct)
    {
        var documents = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            documents.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), json)!);
        }

        return documents;
    }

    private NpgsqlCommand Command(string sql) => new(sql, connection, transaction);
}

/// <summary>A page of documents and how many match in all (every page, not just this one).</summary>
public sealed record DocumentPage<T>(IReadOnlyList<T> Items, long Total);
