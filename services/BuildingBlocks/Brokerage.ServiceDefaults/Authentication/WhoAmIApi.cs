using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Brokerage.ServiceDefaults;

/// <summary><c>GET /api/whoami</c>: who the bearer token says the caller is. Every service maps it, so auth can be checked against each.</summary>
public static class WhoAmIApi
{
    public static RouteGroupBuilder MapWhoAmIApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Identity").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/whoami", WhoAmI).WithName("WhoAmI").WithSummary("Who the bearer token says you are");
        return api;
    }

    private static Ok<Caller> WhoAmI(ClaimsPrincipal user) =>
        TypedResults.Ok(new Caller(user.Role(), user.Subject(), user.Council(), user.ActsFor(), user.DisplayName()));

    public sealed record Caller(string Role, string Subject, string Council, IReadOnlyList<string> ActsFor, string? Name);
}
