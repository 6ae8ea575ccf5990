namespace Brokerage.Members.Api.Members;

/// <summary>How to reach a member: an email address and/or a phone number, and optionally a postal address.</summary>
public sealed record Contact(string? Email, string? Phone, PostalAddress? Address);

public sealed record PostalAddress(string Line1, string? Line2, string Town, string Postcode);

/// <summary>How the council and providers must communicate with the member.</summary>
/// <param name="Needs">Values from <see cref="CommunicationNeedKinds.All"/>.</param>
/// <param name="InterpreterLanguage">Only with the "interpreter" need.</param>
public sealed record CommunicationNeeds(IReadOnlyList<string> Needs, string? InterpreterLanguage)
{
    public static CommunicationNeeds None { get; } = new([], null);
}

public static class CommunicationNeedKinds
{
    public const string EasyRead = "easy-read";
    public const string LargePrint = "large-print";
    public const string BritishSignLanguage = "british-sign-language";
    public const string Braille = "braille";
    public const string Audio = "audio";
    public const string Interpreter = "interpreter";

    public static IReadOnlyList<string> All { get; } = [EasyRead, LargePrint, BritishSignLanguage, Braille, Audio, Interpreter];
}

/// <summary>The legal basis on which a representative acts for a member (Care Act 2014).</summary>
public static class RepresentativeBases
{
    /// <summary>s31: a person the member nominated (the member may record it, or a broker records it for them).</summary>
    public const string Nominated = "care-act-s31-nominated";

    /// <summary>s32: a person the council authorised because the member lacks capacity to request direct payments.</summary>
    public const string Authorised = "care-act-s32-authorised";

    public static IReadOnlyList<string> All { get; } = [Nominated, Authorised];
}

/// <summary>The capacity assessment an s32 authorisation rests on. Kept in Members only.</summary>
public sealed record CapacityAssessment(DateOnly AssessedOn, string Reference);

public enum ActorKind
{
    Member,
    Representative,
    Council,
}

/// <summary>Who asks for a change: the member, one of their representatives, or the council (a broker).</summary>
public sealed record Actor(ActorKind Kind, Guid? RepresentativeId = null)
{
    public static Actor Member { get; } = new(ActorKind.Member);

    public static Actor Council { get; } = new(ActorKind.Council);

    public static Actor Representative(Guid representativeId) => new(ActorKind.Representative, representativeId);
}
