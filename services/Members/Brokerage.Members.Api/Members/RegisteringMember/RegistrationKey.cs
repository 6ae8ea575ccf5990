using System.Security.Cryptography;
using System.Text.Json;
using Brokerage.ServiceDefaults;

namespace Brokerage.Members.Api.Members.RegisteringMember;

/// <summary>
/// A registration's <c>Idempotency-Key</c>, claimed once per council on a stream of its own in the same transaction as
/// the member's first event: a retry finds the member the first attempt registered, and two racing attempts register once.
/// </summary>
public sealed record RegistrationKey(Guid MemberId, string? RequestFingerprint)
{
    public static RegistrationKey Create(RegistrationKeyClaimed e) => new(e.MemberId, e.RequestFingerprint);

    /// <summary>
    /// A replay must carry the request the key was first used with (as Stripe's keys do); a claim recorded before
    /// fingerprints were kept matches any request.
    /// </summary>
    public bool Matches(string fingerprint) => RequestFingerprint is null || RequestFingerprint == fingerprint;

    /// <summary>SHA-256 (hex) of the registration as checked, so the key's stream holds no personal details.</summary>
    public static string Fingerprint(RegisterMember command) => Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
        new { command.Name, command.Contact, command.CommunicationNeeds, command.Pseudonym })));

    public static Guid StreamFor(string councilId, string key) => NameBasedStreamId.For($"members/registration-key/{councilId}/{key}");
}

public sealed record RegistrationKeyClaimed(Guid MemberId, string CouncilId, DateTimeOffset ClaimedAt, string? RequestFingerprint = null);
