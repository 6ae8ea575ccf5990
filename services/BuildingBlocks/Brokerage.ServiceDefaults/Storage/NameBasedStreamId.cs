using System.Security.Cryptography;
using System.Text;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// A stream id derived from a name (SHA-256, laid out as an RFC 4122 version 5 id), for a stream that claims a value
/// unique within a scope: every writer that wants the value computes the same id, so the store's stream version
/// decides who got it. The id does not reveal the name. Include the service, the kind of value and its scope:
/// <c>NameBasedStreamId.For($"members/pseudonym/{council}/{pseudonym}")</c>.
/// </summary>
public static class NameBasedStreamId
{
    public static Guid For(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
