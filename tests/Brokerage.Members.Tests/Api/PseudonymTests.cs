using System.Net;
using System.Net.Http.Json;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

/// <summary>Other members and providers know a member by their pseudonym, so within a council it names one member.</summary>
[Collection(MembersApiCollection.Name)]
public sealed class PseudonymTests(MembersFixture api)
{
    [Fact]
    public async Task GivenAMemberCalledKestrel_WhenTheBrokerRegistersAnotherAsKestrelInAnyCaseOrSpacing_ThenConflictNamesThePseudonymAndNoMemberIsAdded()
    {
        var kestrel = UniquePseudonym("Kestrel");
        await api.RegisterAsync(kestrel);
        var before = await CountAsync();

        var sameAgain = await (await Register(kestrel)).ExpectProblemAsync(HttpStatusCode.Conflict);
        var otherSpelling = await (await Register($"  {kestrel.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal)} ")).ExpectProblemAsync(HttpStatusCode.Conflict);

        // Full-width letters (what a phone keyboard in a CJK layout types) read the same: the same pseudonym.
        var fullWidth = new string(kestrel.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '\uff01') : c).ToArray());
        await (await Register(fullWidth)).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("pseudonym", sameAgain.Text("title"), StringComparison.Ordinal);
        Assert.Equal(sameAgain.Text("title"), otherSpelling.Text("title"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task GivenAPseudonymUsedInLambeth_WhenSouthwarkRegistersAMemberWithIt_ThenItIsAccepted()
    {
        var wren = UniquePseudonym("Wren");
        await api.RegisterAsync(wren);

        var southwark = await api.RegisterAsync(wren, council: OtherCouncil);

        var details = await (await api.As(BrokerToken(OtherCouncil)).GetAsync($"/api/members/{southwark}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(wren, details.Text("pseudonym"));
    }

    [Fact]
    public async Task GivenAMemberWhoChangesTheirPseudonym_ThenTheOldOneIsFreeForOthersAndTheNewOneIsTheirs()
    {
        var (old, chosen) = (UniquePseudonym("Lark"), UniquePseudonym("Nightingale"));
        var member = await api.RegisterAsync(old);
        var asMember = api.As(MemberToken(member));

        await (await asMember.PatchAsJsonAsync($"/api/members/{member}", new { pseudonym = chosen })).ExpectAsync(HttpStatusCode.OK);
        var newcomer = await api.RegisterAsync(old);
        var refused = await (await Register(chosen)).ExpectProblemAsync(HttpStatusCode.Conflict);
        var recased = await (await asMember.PatchAsJsonAsync($"/api/members/{member}", new { pseudonym = chosen.ToLowerInvariant() })).ExpectAsync(HttpStatusCode.OK);

        Assert.NotEqual(member, newcomer);
        Assert.Contains("pseudonym", refused.Text("title"), StringComparison.Ordinal);
        Assert.Equal(chosen.ToLowerInvariant(), recased.Text("pseudonym"));
    }

    [Fact]
    public async Task GivenTwoMembers_WhenOneCorrectsTheirPseudonymToTheOthers_ThenConflictAndTheirDetailsAreUnchanged()
    {
        var (robin, swift) = (UniquePseudonym("Robin"), UniquePseudonym("Swift"));
        await api.RegisterAsync(robin);
        var member = await api.RegisterAsync(swift);
        var version = await api.VersionAsync(member);

        await (await api.Broker.PatchAsJsonAsync($"/api/members/{member}", new { pseudonym = robin, name = "Renamed" })).ExpectProblemAsync(HttpStatusCode.Conflict);

        var details = await (await api.Broker.GetAsync($"/api/members/{member}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((swift, "Ada Lovelace"), (details.Text("pseudonym"), details.Text("name")));
        Assert.Equal(version, await api.VersionAsync(member));
    }

    [Fact]
    public async Task GivenAClosedMembership_WhenAnotherMemberIsRegisteredWithItsPseudonym_ThenConflictBecauseTheRecordStillGoesByIt()
    {
        var heron = UniquePseudonym("Grey Heron");
        var member = await api.RegisterAsync(heron);
        await (await api.Broker.PostAsync($"/api/members/{member}/close", null)).ExpectAsync(HttpStatusCode.OK);

        await (await Register(heron)).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task GivenTenRegistrationsRacingForOneNewPseudonym_ThenExactlyOneIsRegisteredAndTheOthersAreRefused()
    {
        var owl = UniquePseudonym("Owl");
        var before = await CountAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Register(owl)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(before + 1, await CountAsync());
    }

    private Task<HttpResponseMessage> Register(string pseudonym) =>
        api.As(BrokerToken()).PostAsJsonAsync("/api/members", new { name = "Annie Kenney", contact = new { email = "annie@example.org" }, pseudonym });

    private async Task<int> CountAsync() => (await (await api.Broker.GetAsync("/api/members")).ExpectAsync(HttpStatusCode.OK)).GetArrayLength();
}
