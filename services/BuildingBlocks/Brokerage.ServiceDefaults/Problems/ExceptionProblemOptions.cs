using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// What an exception becomes on the wire: a status, a title, optionally a detail, and the <c>code</c> clients tell errors
/// apart by (null: the exception type's name in kebab-case, <c>HeadroomExceeded</c> → <c>headroom-exceeded</c>).
/// </summary>
/// <remarks>Title and detail are sent to the caller: never put health data or other personal data in them.</remarks>
public sealed record ExceptionProblem(int Status, string Title, string? Detail = null, string? Code = null);

/// <summary>
/// The one place where domain exception types become problem+json answers. A service registers its errors once:
/// <code>
/// builder.Services.AddExceptionProblems(problems => problems
///     .Map&lt;HeadroomExceeded&gt;(StatusCodes.Status422UnprocessableEntity, "The pledge exceeds the member's headroom")
///     .Map&lt;BidsSealed&gt;(ex => new(StatusCodes.Status403Forbidden, "Bids are sealed until the call closes")));
/// </code>
/// An exception maps through its own type or its nearest mapped base type. Anything unmapped is a 500 whose body
/// says only that something went wrong. Marten's errors are mapped by default, so none of its types reach a caller:
/// a <see cref="ConcurrencyException"/> (a stale stream version or document revision) is 409, or 412 when the request
/// carried <c>If-Match</c> (its precondition failed); starting a stream that exists is 409, as is appending to an archived one.
/// </summary>
public sealed class ExceptionProblemOptions
{
    /// <summary>The <c>code</c> of a stale version (409, or 412 with <c>If-Match</c>).</summary>
    public const string ConflictCode = "concurrency-exception";

    /// <summary>The <c>code</c> of creating what already exists.</summary>
    public const string ExistsCode = "existing-stream-id-collision-exception";

    /// <summary>The <c>code</c> of changing an archived stream.</summary>
    public const string ArchivedCode = "stream-archived-exception";

    private readonly Dictionary<Type, Func<Exception, HttpContext, ExceptionProblem>> mappings = [];

    public ExceptionProblemOptions()
    {
        // Fixed codes, the ones the old event store's errors had: a conflict reads the same whichever Marten or JasperFx
        // type raised it (a stale save throws EventStreamUnexpectedMaxEventIdException), and no store type name reaches a caller.
        Map<ConcurrencyException>((_, http) => http.Request.Headers.ContainsKey(HeaderNames.IfMatch)
            ? new(StatusCodes.Status412PreconditionFailed, "The resource changed since you read it", Code: ConflictCode)
            : new(StatusCodes.Status409Conflict, "The resource changed since you read it", Code: ConflictCode));
        Map<ExistingStreamIdCollisionException>(_ => new(StatusCodes.Status409Conflict, "The resource already exists", Code: ExistsCode));
        Map<Marten.Exceptions.ExistingStreamIdCollisionException>(_ => new(StatusCodes.Status409Conflict, "The resource already exists", Code: ExistsCode));
        Map<DocumentAlreadyExistsException>(_ => new(StatusCodes.Status409Conflict, "The resource already exists", Code: ExistsCode));
        Map<ArchivedStreamException>(_ => new(StatusCodes.Status409Conflict, "The resource is archived and can no longer change", Code: ArchivedCode));
        Map<Marten.Exceptions.InvalidStreamOperationException>(_ => new(StatusCodes.Status409Conflict, "The resource is archived and can no longer change", Code: ArchivedCode));
    }

    /// <summary>Maps <typeparamref name="TException"/> (and types derived from it) to a fixed status and title.</summary>
    public ExceptionProblemOptions Map<TException>(int status, string title, string? detail = null)
        where TException : Exception =>
        Map<TException>((_, _) => new ExceptionProblem(status, title, detail));

    /// <summary>Maps <typeparamref name="TException"/> with a function of the exception (for a detail built from its safe fields).</summary>
    public ExceptionProblemOptions Map<TException>(Func<TException, ExceptionProblem> map)
        where TException : Exception =>
        Map<TException>((exception, _) => map(exception));

    /// <summary>Maps <typeparamref name="TException"/> with a function of the exception and the request.</summary>
    public ExceptionProblemOptions Map<TException>(Func<TException, HttpContext, ExceptionProblem> map)
        where TException : Exception
    {
        mappings[typeof(TException)] = (exception, http) => map((TException)exception, http);
        return this;
    }

    /// <summary>The problem for <paramref name="exception"/>, or null when neither its type nor a base type is mapped.</summary>
    public ExceptionProblem? Find(Exception exception, HttpContext http)
    {
        for (var type = exception.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            if (mappings.TryGetValue(type, out var map))
            {
                return map(exception, http);
            }
        }

        return null;
    }
}
