using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.HoldingPseudonyms;

namespace Brokerage.Members.Tests.Domain;

public sealed class PseudonymClaimTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Ada = Guid.Parse("0b8f7f52-8d8e-4f4c-9d55-7d1d7c0a0001");
    private static readonly Guid Ben = Guid.Parse("0b8f7f52-8d8e-4f4c-9d55-7d1d7c0a0002");

    [Fact]
    public void GivenAnUnusedPseudonym_WhenAMemberClaimsIt_ThenItIsTheirs()
    {
        var events = PseudonymClaim.Claim(null, Ada, "lambeth", Now);

        Assert.Equal([new PseudonymClaimed(Ada, "lambeth", Now)], events);
        Assert.Equal(Ada, PseudonymClaim.Create((PseudonymClaimed)events[0]).HeldBy);
    }

    [Fact]
    public void GivenAPseudonymAnotherMemberHolds_WhenAMemberClaimsIt_ThenItIsTaken()
    {
        Assert.Throws<PseudonymTaken>(() => PseudonymClaim.Claim(new PseudonymClaim(Ben), Ada, "lambeth", Now));
    }

    [Fact]
    public void GivenAPseudonymTheMemberHolds_WhenTheyClaimItAgain_ThenNothingHappens()
    {
        Assert.Empty(PseudonymClaim.Claim(new PseudonymClaim(Ada), Ada, "lambeth", Now));
    }

    [Fact]
    public void GivenAReleasedPseudonym_WhenAnotherMemberClaimsIt_ThenItIsTheirs()
    {
        var released = new PseudonymClaim(Ada).Apply(new PseudonymReleased(Ada, Now));

        var events = PseudonymClaim.Claim(released, Ben, "lambeth", Now);

        Assert.Equal(Ben, released.Apply((PseudonymClaimed)Assert.Single(events)).HeldBy);
    }

    [Fact]
    public void GivenAPseudonym_WhenReleasedByItsHolderOrSomeoneElse_ThenOnlyTheHolderReleasesIt()
    {
        Assert.Equal([new PseudonymReleased(Ada, Now)], PseudonymClaim.Release(new PseudonymClaim(Ada), Ada, Now));
        Assert.Empty(PseudonymClaim.Release(new PseudonymClaim(Ben), Ada, Now));
        Assert.Empty(PseudonymClaim.Release(null, Ada, Now));
    }

    [Fact]
    public void GivenSpellingsThatDifferOnlyInCaseOrSpacing_ThenTheyAreOnePseudonymInACouncilAndTwoAcrossCouncils()
    {
        Assert.Equal(PseudonymClaim.StreamFor("lambeth", "Blue Heron"), PseudonymClaim.StreamFor("lambeth", "  blue   HERON "));
        Assert.NotEqual(PseudonymClaim.StreamFor("lambeth", "Blue Heron"), PseudonymClaim.StreamFor("lambeth", "Blue Herons"));
        Assert.NotEqual(PseudonymClaim.StreamFor("lambeth", "Blue Heron"), PseudonymClaim.StreamFor("southwark", "Blue Heron"));
    }

    [Theory]
    [InlineData("SKY\u200bLARK")]
    [InlineData("Skylark")]
    [InlineData("sky\u2060lark\ufeff")]
    [InlineData("Sky\u00adlark")]
    public void GivenSpellingsThatDifferInInvisibleCharactersOrSpacing_ThenTheyAreOnePseudonym(string escaped)
    {
        var spelling = System.Text.RegularExpressions.Regex.Unescape(escaped);
        Assert.Equal(PseudonymClaim.StreamFor("lambeth", "Sky lark"), PseudonymClaim.StreamFor("lambeth", spelling));
    }

    [Theory]
    [InlineData("\uff33\uff4b\uff59\uff4c\uff41\uff52\uff4b")] // full-width letters
    [InlineData("\u24c8\u24da\u24e8lark")] // circled letters
    [InlineData("SKY\u2003LARK")] // an em space
    public void GivenCompatibilityFormsOfTheSameLetters_ThenTheyAreOnePseudonym(string spelling) =>
        Assert.Equal(PseudonymClaim.StreamFor("lambeth", "Skylark"), PseudonymClaim.StreamFor("lambeth", spelling));

    [Fact]
    public void GivenALigature_ThenItIsTheLettersItJoins() =>
        Assert.Equal(PseudonymClaim.StreamFor("lambeth", "Skyflark"), PseudonymClaim.StreamFor("lambeth", "Sky\ufb02ark"));
}
