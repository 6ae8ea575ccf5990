using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Brokerage.ServiceDefaults;

/// <summary>
/// How tokens are signed and checked: an HMAC-SHA256 key shared by the issuer and every service, an issuer and an
/// audience. Read from <c>Auth:SigningKey</c> (base64, at least 32 bytes), <c>Auth:Issuer</c> and <c>Auth:Audience</c>.
/// </summary>
public sealed record TokenSettings
{
    public const string Section = "Auth";
    public const string DefaultIssuer = "brokerage";
    public const string DefaultAudience = "brokerage";
    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// The well-known development key. It is public (it is in the source), so it is refused outside Development.
    /// </summary>
    public const string DevelopmentSigningKey = "YnJva2VyYWdlLWRldmVsb3BtZW50LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24tdXNlIQ==";

    public TokenSettings(byte[] signingKey, string issuer = DefaultIssuer, string audience = DefaultAudience)
    {
        if (signingKey.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"Auth:SigningKey must be at least {MinimumKeyBytes} bytes; this one has {signingKey.Length}.");
        }

        SigningKey = signingKey;
        Issuer = issuer;
        Audience = audience;
    }

    public byte[] SigningKey { get; }

    public string Issuer { get; }

    public string Audience { get; }

    public bool UsesDevelopmentKey => Convert.ToBase64String(SigningKey) == DevelopmentSigningKey;

    public SymmetricSecurityKey SecurityKey => new(SigningKey) { KeyId = "brokerage" };

    /// <summary>The development key with the default issuer and audience.</summary>
    public static TokenSettings Development { get; } = new(Convert.FromBase64String(DevelopmentSigningKey));

    /// <summary>
    /// Reads the settings. Without <c>Auth:SigningKey</c> the development key is used only when
    /// <paramref name="allowDevelopmentKey"/> is true (the Development environment); otherwise this throws, and so
    /// does a configured key that is the development key.
    /// </summary>
    public static TokenSettings FromConfiguration(IConfiguration configuration, bool allowDevelopmentKey)
    {
        var section = configuration.GetSection(Section);
        var issuer = section["Issuer"] is { Length: > 0 } i ? i : DefaultIssuer;
        var audience = section["Audience"] is { Length: > 0 } a ? a : DefaultAudience;

        if (section["SigningKey"] is not { Length: > 0 } configured)
        {
            return allowDevelopmentKey
                ? new TokenSettings(Development.SigningKey, issuer, audience)
                : throw new InvalidOperationException(
                    "Auth:SigningKey is not configured. Outside the Development environment every service needs the shared " +
                    "signing key (base64, at least 32 bytes), e.g. from the environment variable Auth__SigningKey; the " +
                    "development key is refused here.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(configured);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Auth:SigningKey is not valid base64.");
        }

        var settings = new TokenSettings(key, issuer, audience);
        if (settings.UsesDevelopmentKey && !allowDevelopmentKey)
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is the public development key, which is refused outside the Development environment. " +
                "Configure a secret key (base64, at least 32 bytes).");
        }

        return settings;
    }
}
