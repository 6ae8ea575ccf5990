using System.Security.Claims;
using Brokerage.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Members.Api.Apis;

/// <summary>Council-scoped endpoints. For now a ping that shows the council check: a broker of another council gets 403.</summary>
public static class CouncilsApi
{
    public static RouteGroupBuilder MapCouncilsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/councils/{council}").WithTags("Councils").RequireAuthorization(Policies.Broker);
        api.MapGet("/ping", Ping).WithName("PingCouncil").WithSummary("Check that a broker may act in this council");
        return api;
    }

    public static Results<Ok<CouncilPong>, ProblemHttpResult> Ping(string council, ClaimsPrincipal user)
    {
        if (CouncilAccess.Ensure(user, council) is { } forbidden)
        {
            return forbidden;
        }

        return TypedResults.Ok(new CouncilPong(council, user.Subject()));
    }

    public sealed record CouncilPong(string Council, string Broker);
}
