using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Brokerage.ServiceDefaults;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer authentication with the shared HMAC-SHA256 key, and one authorization policy per role
    /// (<see cref="Policies"/>). Throws at start-up when no usable key is configured outside Development.
    /// 401 and 403 answers are problem+json.
    /// </summary>
    public static IHostApplicationBuilder AddBrokerageAuthentication(this IHostApplicationBuilder builder)
    {
        // Read when first needed (configuration sources may still be added after this call) and checked at start-up.
        builder.Services.AddSingleton(services => TokenSettings.FromConfiguration(
            services.GetRequiredService<IConfiguration>(),
            allowDevelopmentKey: services.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        builder.Services.AddHostedService<SigningKeyCheck>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenSettings>((options, settings) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    IssuerSigningKey = settings.SecurityKey,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = BrokerageClaims.Name,
                    RoleClaimType = BrokerageClaims.Role,
                };
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = RequireBrokerageClaims,
                    OnChallenge = WriteUnauthorizedProblem,
                    OnForbidden = WriteForbiddenProblem,
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Member, policy => policy.RequireRole(Roles.Member))
            .AddPolicy(Policies.Representative, policy => policy.RequireRole(Roles.Representative))
            .AddPolicy(Policies.Provider, policy => policy.RequireRole(Roles.Provider))
            .AddPolicy(Policies.Broker, policy => policy.RequireRole(Roles.Broker))
            .AddPolicy(Policies.CouncilAdmin, policy => policy.RequireRole(Roles.CouncilAdmin))
            .AddPolicy(Policies.MemberOrRepresentative, policy => policy.RequireRole(Roles.Member, Roles.Representative))
            .AddPolicy(Policies.CouncilStaff, policy => policy.RequireRole(Roles.Broker, Roles.CouncilAdmin))
            .AddPolicy(Policies.SignedIn, policy => policy.RequireRole(Roles.All));

        // RequireAuthorization() with no policy name means "any signed-in user with a known role".
        builder.Services.Configure<AuthorizationOptions>(options =>
            options.DefaultPolicy = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireRole(Roles.All).Build());

        return builder;
    }

    // Fails start-up, with TokenSettings' message, when no usable signing key is configured.
    private sealed class SigningKeyCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<TokenSettings>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    // A well-signed token is still refused unless it says who (sub), where (council) and as what (a known role).
    // The council is taken in its normal form (CouncilIds), so "LAMBETH" in a token is the council "lambeth".
    private static Task RequireBrokerageClaims(TokenValidatedContext context)
    {
        var user = context.Principal;
        var council = user?.FindFirst(BrokerageClaims.Council);
        if (user is null || council is null
            || !Roles.IsKnown(user.FindFirst(BrokerageClaims.Role)?.Value)
            || string.IsNullOrWhiteSpace(user.FindFirst(BrokerageClaims.Subject)?.Value)
            || !CouncilIds.IsValid(CouncilIds.Normalise(council.Value)))
        {
            context.Fail("The token lacks a known role, a subject or a council.");
        }
        else if (CouncilIds.Normalise(council.Value) is var normalised && normalised != council.Value
                 && user.Identity is ClaimsIdentity identity)
        {
            identity.RemoveClaim(council);
            identity.AddClaim(new Claim(BrokerageClaims.Council, normalised));
        }

        return Task.CompletedTask;
    }

    private static async Task WriteUnauthorizedProblem(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (error, detail) = context.AuthenticateFailure switch
        {
            null => (null, "A bearer token is required."),
            SecurityTokenExpiredException => ("invalid_token", "The bearer token has expired."),
            _ => ("invalid_token", "The bearer token is not valid."),
        };

        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = error is null ? "Bearer" : $"Bearer error=\"{error}\", error_description=\"{detail}\"";
        await WriteProblem(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    private static Task WriteForbiddenProblem(ForbiddenContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteProblem(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
            Representation.IsUnappointedRepresentative(context.HttpContext.User)
                ? "You are not appointed to act for the members your token names (an appointment may have ended)."
                : "Your role may not do this.");
    }

    private static Task WriteProblem(HttpContext http, int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(http);
}
