using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Brokerage.ServiceDefaults;

/// <summary><c>POST /dev/token</c>: issues a token signed with this service's key. Mapped only in Development.</summary>
internal static class DevelopmentTokenApi
{
    public static IEndpointRouteBuilder MapDevelopmentTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/token", IssueToken)
            .WithTags("Development")
            .WithSummary("Issue a development token (Development only)")
            .AllowAnonymous();
        return app;
    }

    private static Results<Ok<IssuedToken>, ValidationProblem> IssueToken(TokenRequest request, TokenSettings settings)
    {
        var errors = new List<(string, string)>();
        if (!Roles.IsKnown(request.Role))
        {
            errors.Add(("role", $"must be one of {string.Join(", ", Roles.All)}"));
        }

        if (string.IsNullOrWhiteSpace(request.Sub))
        {
            errors.Add(("sub", "is required"));
        }

        if (string.IsNullOrWhiteSpace(request.Council))
        {
            errors.Add(("council", "is required"));
        }
        else if (!CouncilIds.IsValid(CouncilIds.Normalise(request.Council)))
        {
            errors.Add(("council", CouncilIds.Rule));
        }

        if (request.Minutes is < 1 or > 24 * 60)
        {
            errors.Add(("minutes", "must be between 1 and 1440"));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation([.. errors]);
        }

        var lifetime = TimeSpan.FromMinutes(request.Minutes ?? DevelopmentTokens.DefaultLifetime.TotalMinutes);
        var issuedAt = DateTimeOffset.UtcNow;
        var token = DevelopmentTokens.Issue(request.Role!, request.Sub!, CouncilIds.Normalise(request.Council!), request.ActsFor, lifetime, request.Name, settings, issuedAt);
        return TypedResults.Ok(new IssuedToken(token, issuedAt.Add(lifetime)));
    }

    internal sealed record TokenRequest(string? Role, string? Sub, string? Council, string[]? ActsFor, int? Minutes, string? Name);

    internal sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
}
