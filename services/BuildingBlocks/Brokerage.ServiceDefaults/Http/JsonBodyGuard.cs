using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Refuses, before any endpoint binds it, a JSON body that no field check would catch or that PostgreSQL would refuse
/// later (a NUL in jsonb is 22P05): bytes that are not UTF-8, a property that appears twice in one object (the last would
/// silently win), and a C0 control character other than tab, line feed and carriage return in any string. The 400 names
/// the field (<c>outcomes[1]</c>, <c>contact.email</c>; <c>body</c> for the bytes) and nothing is read further.
/// </summary>
internal static class JsonBodyGuard
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task Guard(HttpContext http, RequestDelegate next)
    {
        if (!HasJsonBody(http.Request))
        {
            await next(http);
            return;
        }

        http.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        http.Request.Body.Position = 0;
        if (Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } error)
        {
            await Problems.Validation(error).ExecuteAsync(http);
            return;
        }

        await next(http);
    }

    /// <summary>The first thing wrong with <paramref name="json"/> as (field, message), or null. Malformed JSON is left to the binder.</summary>
    internal static (string Field, string Message)? Check(ReadOnlySpan<byte> json)
    {
        try
        {
            StrictUtf8.GetCharCount(json);
        }
        catch (DecoderFallbackException)
        {
            return ("body", "The body must be UTF-8 text.");
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var path = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        Advance(path);
                        path.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var frame = path[^1];
                        frame.Property = name;
                        if (!frame.Seen.Add(name))
                        {
                            return (PathOf(path), "This field appears more than once.");
                        }

                        if (HasControlCharacter(name))
                        {
                            return (PathOf(path), "A field name must not contain control characters.");
                        }

                        break;
                    case JsonTokenType.String:
                        Advance(path);
                        if (HasControlCharacter(reader.GetString()!))
                        {
                            return (PathOf(path), "Must not contain control characters (tab, line feed and carriage return are allowed).");
                        }

                        break;
                    default:
                        Advance(path);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint's binder answers that, naming the body, as it always has.
        }

        return null;
    }

    internal static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (c < '\u0020' && c is not ('\t' or '\n' or '\r'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasJsonBody(HttpRequest request) =>
        request.ContentType is { } type
        && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method));

    // A value in an array moves the array on by one; a value after a property name belongs to that property.
    private static void Advance(List<Frame> path)
    {
        if (path.Count > 0 && path[^1].IsArray)
        {
            path[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> path)
    {
        var text = new StringBuilder();
        foreach (var frame in path)
        {
            if (frame.IsArray)
            {
                text.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Property is { } property)
            {
                text.Append(text.Length > 0 ? "." : "").Append(property);
            }
        }

        return text.Length > 0 ? text.ToString() : "body";
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
    }
}
