using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// Issues Brokerage tokens for development and tests (<c>./brokerage token</c>, <c>POST /dev/token</c> in Development).
/// Production tokens come from the council's identity provider (docs/decisions/0005-authentication.md).
/// </summary>
public static class DevelopmentTokens
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// A signed JWT carrying <c>role</c>, <c>sub</c>, <c>council</c>, optional <c>acts_for</c> and <c>name</c>.
    /// Signed with <paramref name="settings"/>, by default the development key.
    /// <paramref name="issuedAt"/> lets a test issue a token that has already expired.
    /// </summary>
    public static string Issue(
        string role,
        string subject,
        string council,
        IEnumerable<string>? actsFor = null,
        TimeSpan? lifetime = null,
        string? name = null,
        TokenSettings? settings = null,
        DateTimeOffset? issuedAt = null)
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'; expected one of {string.Join(", ", Roles.All)}.", nameof(role));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(council);
        var life = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(life, TimeSpan.Zero, nameof(lifetime));
        settings ??= TokenSettings.Development;
        var now = issuedAt ?? DateTimeOffset.UtcNow;

        var claims = new Dictionary<string, object>
        {
            [BrokerageClaims.Role] = role,
            [BrokerageClaims.Subject] = subject,
            [BrokerageClaims.Council] = council,
        };
        if (actsFor?.Where(id => !string.IsNullOrWhiteSpace(id)).ToArray() is { Length: > 0 } members)
        {
            claims[BrokerageClaims.ActsFor] = members;
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            claims[BrokerageClaims.Name] = name;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(life).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(settings.SecurityKey, SecurityAlgorithms.HmacSha256),
        };

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
