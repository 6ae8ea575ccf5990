using System.Security.Cryptography;
using System.Text;

namespace Brokerage.Members.Api.Members.RegisteringMember;

/// <summary>
/// A registration's <c>Idempotency-Key</c>, claimed once per council on a stream of its own in the same transaction as
/// the member's first event: a retry finds the member the first attempt registered, and two racing attempts register once.
/// </summary>
public sealed record RegistrationKey(Guid MemberId)
{
    public static RegistrationKey Create(RegistrationKeyClaimed e) => new(e.MemberId);

    public static Guid StreamFor(string councilId, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"members/registration-key/{councilId}/{key}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // an RFC 4122 name-based (version 5 layout) id
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

public sealed record RegistrationKeyClaimed(Guid MemberId, string CouncilId, DateTimeOffset ClaimedAt);
