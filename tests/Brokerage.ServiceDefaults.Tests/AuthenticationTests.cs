using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;

namespace Brokerage.ServiceDefaults.Tests;

public sealed class AuthenticationTests(MembersApiFactory members) : IClassFixture<MembersApiFactory>
{
    private static readonly TokenSettings OtherKey = new(Enumerable.Repeat((byte)7, 32).ToArray());

    [Fact]
    public async Task GivenNoToken_WhenCallingApi_ThenUnauthorizedProblem()
    {
        var response = await members.CreateClient().GetAsync("/api/whoami");

        var problem = await response.AssertProblem(StatusCodes.Status401Unauthorized);
        Assert.Equal("A bearer token is required.", problem.Text("detail"));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task GivenExpiredToken_WhenCallingApi_ThenUnauthorizedProblem()
    {
        // Expired an hour ago: well past the 30 s clock skew.
        var token = DevelopmentTokens.Issue(Roles.Broker, "broker-1", "lambeth", lifetime: TimeSpan.FromHours(1), issuedAt: DateTimeOffset.UtcNow.AddHours(-2));

        var response = await members.ClientWith(token).GetAsync("/api/whoami");

        var problem = await response.AssertProblem(StatusCodes.Status401Unauthorized);
        Assert.Equal("The bearer token has expired.", problem.Text("detail"));
    }

    [Fact]
    public async Task GivenTokenSignedWithAnotherKey_WhenCallingApi_ThenUnauthorizedProblem()
    {
        var token = DevelopmentTokens.Issue(Roles.Broker, "broker-1", "lambeth", settings: OtherKey);

        var response = await members.ClientWith(token).GetAsync("/api/whoami");

        var problem = await response.AssertProblem(StatusCodes.Status401Unauthorized);
        Assert.Equal("The bearer token is not valid.", problem.Text("detail"));
    }

    [Fact]
    public async Task GivenTokenForAnotherAudience_WhenCallingApi_ThenUnauthorizedProblem()
    {
        var development = TokenSettings.Development;
        var token = DevelopmentTokens.Issue(Roles.Broker, "broker-1", "lambeth", settings: new TokenSettings(development.SigningKey, development.Issuer, "another-system"));

        var response = await members.ClientWith(token).GetAsync("/api/whoami");

        await response.AssertProblem(StatusCodes.Status401Unauthorized);
    }

    [Theory]
    [InlineData("LAMBETH")]
    [InlineData(" Lambeth ")]
    public async Task GivenACouncilIdInAnotherCase_WhenCallingApi_ThenItIsThatCouncilInItsNormalForm(string council)
    {
        var token = DevelopmentTokens.Issue(Roles.Broker, "broker-1", council);

        var caller = await members.ClientWith(token).GetFromJsonAsync<WhoAmIApi.Caller>("/api/whoami");

        Assert.Equal("lambeth", caller!.Council);
        Assert.Equal(HttpStatusCode.OK, (await members.ClientWith(token).GetAsync("/api/councils/lambeth/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await members.ClientWith(token).GetAsync("/api/councils/LAMBETH/ping")).StatusCode);
    }

    [Theory]
    [InlineData("lam beth")]
    [InlineData("-lambeth")]
    [InlineData("lambeth/southwark")]
    [InlineData("lämbeth")]
    public async Task GivenATokenWhoseCouncilIsNotACouncilId_WhenCallingApi_ThenUnauthorized(string council)
    {
        var token = DevelopmentTokens.Issue(Roles.Broker, "broker-1", council);

        await (await members.ClientWith(token).GetAsync("/api/whoami")).AssertProblem(StatusCodes.Status401Unauthorized);
    }

    [Fact]
    public async Task GivenADevelopmentTokenRequest_WhenTheCouncilIsUpperCaseOrNotACouncilId_ThenItIsNormalisedOrRefusedByName()
    {
        var issued = await members.CreateClient().PostAsJsonAsync("/dev/token", new { role = "broker", sub = "broker-1", council = "LAMBETH" });
        var token = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString();
        Assert.Equal("lambeth", (await members.ClientWith(token!).GetFromJsonAsync<WhoAmIApi.Caller>("/api/whoami"))!.Council);

        var refused = await members.CreateClient().PostAsJsonAsync("/dev/token", new { role = "broker", sub = "broker-1", council = "lam beth" });
        Assert.Equal(["council"], (await refused.AssertProblem(StatusCodes.Status400BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task GivenValidToken_WhenCallingWhoAmI_ThenItsClaimsComeBack()
    {
        var token = DevelopmentTokens.Issue(Roles.Representative, "rep-9", "lambeth", actsFor: ["member-1", "member-2"], name: "Sam");

        var caller = await members.ClientWith(token).GetFromJsonAsync<WhoAmIApi.Caller>("/api/whoami");

        Assert.Equal(("representative", "rep-9", "lambeth", "Sam"), (caller!.Role, caller.Subject, caller.Council, caller.Name));
        Assert.Equal(["member-1", "member-2"], caller.ActsFor);
    }

    [Fact]
    public async Task GivenBrokerOfTheCouncil_WhenPingingIt_ThenOk()
    {
        var token = DevelopmentTokens.Issue(Roles.Broker, "broker-1", "lambeth");

        var response = await members.ClientWith(token).GetAsync("/api/councils/lambeth/ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GivenBrokerOfAnotherCouncil_WhenPingingLambeth_ThenForbiddenProblem()
    {
        var token = DevelopmentTokens.Issue(Roles.Broker, "broker-1", "hackney");

        var response = await members.ClientWith(token).GetAsync("/api/councils/lambeth/ping");

        var problem = await response.AssertProblem(StatusCodes.Status403Forbidden);
        Assert.Equal("This belongs to another council.", problem.Text("detail"));
    }

    [Fact]
    public async Task GivenMemberOfTheCouncil_WhenCallingBrokerEndpoint_ThenForbiddenProblem()
    {
        var token = DevelopmentTokens.Issue(Roles.Member, "member-1", "lambeth");

        var response = await members.ClientWith(token).GetAsync("/api/councils/lambeth/ping");

        var problem = await response.AssertProblem(StatusCodes.Status403Forbidden);
        Assert.Equal("Your role may not do this.", problem.Text("detail"));
    }

    [Fact]
    public async Task GivenWellSignedTokenWithUnknownRole_WhenCallingApi_ThenUnauthorizedProblem()
    {
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "brokerage",
            Audience = "brokerage",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["role"] = "superuser", ["sub"] = "x", ["council"] = "lambeth" },
            SigningCredentials = new(TokenSettings.Development.SecurityKey, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });

        var response = await members.ClientWith(token).GetAsync("/api/whoami");

        await response.AssertProblem(StatusCodes.Status401Unauthorized);
    }

    [Fact]
    public async Task GivenDevelopment_WhenPostingDevToken_ThenTheTokenItIssuesIsAccepted()
    {
        var client = members.CreateClient();

        var issued = await client.PostAsJsonAsync("/dev/token", new { role = "member", sub = "member-5", council = "lambeth", minutes = 5 });
        issued.EnsureSuccessStatusCode();
        var token = (await issued.Content.ReadFromJsonAsync<IssuedToken>())!.Token;
        var caller = await members.ClientWith(token).GetFromJsonAsync<WhoAmIApi.Caller>("/api/whoami");

        Assert.Equal(("member", "member-5", "lambeth"), (caller!.Role, caller.Subject, caller.Council));
    }

    [Fact]
    public async Task GivenUnknownRole_WhenPostingDevToken_ThenValidationProblemNamesRole()
    {
        var response = await members.CreateClient().PostAsJsonAsync("/dev/token", new { role = "admin", sub = "x", council = "lambeth" });

        var problem = await response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(["role"], problem.ErrorFields());
    }

    private sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
}
