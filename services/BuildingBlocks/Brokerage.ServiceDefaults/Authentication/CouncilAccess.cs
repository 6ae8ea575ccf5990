using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Nothing of one council is visible to another council's users (DESIGN.md §2). Endpoints whose route or body names a
/// council check it against the token's <c>council</c> claim:
/// <code>
/// if (CouncilAccess.Ensure(user, council) is { } forbidden) return forbidden;
/// </code>
/// </summary>
public static class CouncilAccess
{
    /// <summary>Null when the user belongs to <paramref name="councilId"/>; otherwise a 403 problem to return.</summary>
    public static ProblemHttpResult? Ensure(ClaimsPrincipal user, string councilId) =>
        IsSameCouncil(user, councilId) ? null : Forbidden();

    public static bool IsSameCouncil(ClaimsPrincipal user, string councilId) =>
        user.FindFirst(BrokerageClaims.Council)?.Value is { Length: > 0 } council
        && string.Equals(council, CouncilIds.Normalise(councilId), StringComparison.Ordinal);

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: "This belongs to another council.");
}
