using System.Text.RegularExpressions;
using Brokerage.Members.Api.Members;
using Brokerage.ServiceDefaults;

namespace Brokerage.Members.Api.Apis;

public sealed record ContactRequest(string? Email, string? Phone, AddressRequest? Address);

public sealed record AddressRequest(string? Line1, string? Line2, string? Town, string? Postcode);

/// <summary>Checks of a member's details, shared by registration and correction. Messages never repeat the value.</summary>
public static partial class DetailsRequests
{
    public const int NameLength = 200;
    public const int PseudonymLength = 60;

    public static Contact Contact(RequestErrors errors, string field, ContactRequest? contact)
    {
        if (contact is null)
        {
            errors.Add(field, "A value is required.");
            return new Contact(null, null, null);
        }

        var email = errors.OptionalText($"{field}.email", contact.Email, 254);
        errors.Check(email is null || Email().IsMatch(email), $"{field}.email", "Must be an email address such as name@example.org.");
        var phone = errors.OptionalText($"{field}.phone", contact.Phone, 30);
        errors.Check(phone is null || Phone().IsMatch(phone), $"{field}.phone", "Must be a phone number: digits, spaces, brackets, hyphens and a leading +.");
        errors.Check(email is not null || phone is not null, field, "Give an email address, a phone number or both.");

        PostalAddress? address = null;
        if (contact.Address is { } given)
        {
            address = new PostalAddress(
                errors.Text($"{field}.address.line1", given.Line1, 100),
                errors.OptionalText($"{field}.address.line2", given.Line2, 100),
                errors.Text($"{field}.address.town", given.Town, 60),
                errors.Text($"{field}.address.postcode", given.Postcode, 10));
        }

        return new Contact(email, phone, address);
    }

    public static CommunicationNeeds Needs(RequestErrors errors, IReadOnlyList<string?>? needs, string? interpreterLanguage)
    {
        var list = needs ?? [];
        errors.Check(list.Count <= CommunicationNeedKinds.All.Count, "communicationNeeds", $"At most {CommunicationNeedKinds.All.Count} values.");
        for (var i = 0; i < list.Count; i++)
        {
            errors.Check(
                list[i] is { } need && CommunicationNeedKinds.All.Contains(need, StringComparer.Ordinal),
                $"communicationNeeds[{i}]",
                $"Must be one of: {string.Join(", ", CommunicationNeedKinds.All)}.");
        }

        errors.Check(list.Distinct(StringComparer.Ordinal).Count() == list.Count, "communicationNeeds", "Each value may appear once.");
        var language = errors.OptionalText("interpreterLanguage", interpreterLanguage, 60);
        errors.Check(
            language is null || list.Contains(CommunicationNeedKinds.Interpreter, StringComparer.Ordinal),
            "interpreterLanguage",
            "Give an interpreter language only with the interpreter need.");
        return new CommunicationNeeds(list.OfType<string>().ToArray(), language);
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-]{5,29}$")]
    private static partial Regex Phone();
}
