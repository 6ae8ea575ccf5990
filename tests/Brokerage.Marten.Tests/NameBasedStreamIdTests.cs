using Brokerage.ServiceDefaults;

namespace Brokerage.Marten.Tests;

public sealed class NameBasedStreamIdTests
{
    [Fact]
    public void GivenOneName_WhenComputedTwice_ThenTheSameVersion5IdThatDoesNotContainTheName()
    {
        var first = NameBasedStreamId.For("members/pseudonym/lambeth/blue heron");
        var again = NameBasedStreamId.For("members/pseudonym/lambeth/blue heron");

        Assert.Equal(first, again);
        Assert.Equal(5, first.Version);
        Assert.Equal(0x80, first.ToByteArray(bigEndian: true)[8] & 0xC0); // the RFC 4122 variant
    }

    [Fact]
    public void GivenNamesThatDifferInScope_ThenTheIdsDiffer()
    {
        Assert.NotEqual(NameBasedStreamId.For("members/pseudonym/lambeth/wren"), NameBasedStreamId.For("members/pseudonym/southwark/wren"));
        Assert.NotEqual(NameBasedStreamId.For("members/pseudonym/lambeth/wren"), NameBasedStreamId.For("members/registration-key/lambeth/wren"));
    }

    [Fact]
    public void GivenAKnownName_ThenItsIdNeverChanges()
    {
        // Claims already stored were written under these ids: a change to the derivation would orphan them.
        // (SHA-256 of the UTF-8 name, first 16 bytes, version and variant bits set; worked out independently.)
        Assert.Equal(Guid.Parse("87eff9d8-0064-50d4-9d94-b1fa47a25d1d"), NameBasedStreamId.For("members/registration-key/lambeth/intake-42"));
    }
}
