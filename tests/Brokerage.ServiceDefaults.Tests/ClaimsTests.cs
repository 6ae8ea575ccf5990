using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Brokerage.ServiceDefaults.Tests;

public sealed class ClaimsTests
{
    [Fact]
    public async Task GivenRepresentativeToken_WhenReadingItsClaims_ThenTheyActOnlyForTheirMembers()
    {
        var user = await Validate(DevelopmentTokens.Issue(Roles.Representative, "rep-1", "lambeth", actsFor: ["m-1", "m-2"]));

        Assert.Equal(("representative", "rep-1", "lambeth"), (user.Role(), user.Subject(), user.Council()));
        Assert.Equal(["m-1", "m-2"], user.ActsFor());
        Assert.True(user.MayActFor("m-2"));
        Assert.False(user.MayActFor("m-3"));
        Assert.False(user.MayActFor("rep-1"));
    }

    [Fact]
    public async Task GivenMemberToken_WhenActingFor_ThenOnlyForThemselves()
    {
        var user = await Validate(DevelopmentTokens.Issue(Roles.Member, "m-1", "lambeth", actsFor: ["m-2"]));

        Assert.True(user.MayActFor("m-1"));
        Assert.False(user.MayActFor("m-2"));
        Assert.Empty(user.ActsFor());
    }

    [Fact]
    public async Task GivenCouncilCheck_WhenCouncilsDiffer_ThenForbiddenResult()
    {
        var user = await Validate(DevelopmentTokens.Issue(Roles.Broker, "b-1", "lambeth"));

        Assert.Null(CouncilAccess.Ensure(user, "lambeth"));
        Assert.Equal(403, CouncilAccess.Ensure(user, "hackney")!.StatusCode);
        Assert.Null(CouncilAccess.Ensure(user, "Lambeth")); // council ids are compared in their normal form (CouncilIds)
        Assert.Equal(403, CouncilAccess.Ensure(new ClaimsPrincipal(new ClaimsIdentity()), "lambeth")!.StatusCode);
    }

    [Fact]
    public void GivenShortKey_WhenMakingSettings_ThenRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TokenSettings(new byte[31]));

        Assert.Contains("at least 32 bytes", error.Message);
    }

    private static async Task<ClaimsPrincipal> Validate(string token)
    {
        var settings = TokenSettings.Development;
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKey = settings.SecurityKey,
            RoleClaimType = BrokerageClaims.Role,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return new ClaimsPrincipal(result.ClaimsIdentity);
    }
}
