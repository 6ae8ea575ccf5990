namespace Brokerage.Portal.Services;

public sealed record NavigationLink(string Text, string Href);

/// <summary>The service navigation each kind of person sees.</summary>
public static class Navigation
{
    public static IReadOnlyList<NavigationLink> For(PortalUser person) =>
        !person.IsSignedIn ? [new("Sign in", "/sign-in")]
        : person.IsMember || person.IsRepresentative ?
        [
            new("Home", "/members"), new("Pools", "/members/pools"), new("Needs", "/members/needs"),
            new("Contracts", "/members/contracts"), new("History", "/members/history"),
        ]
        : person.IsProvider ?
        [
            new("Home", "/providers"), new("Open calls", "/providers/calls"), new("Bids", "/providers/bids"), new("Contracts", "/providers/contracts"),
        ]
        :
        [
            new("Home", "/staff"), new("Members", "/staff/members"), new("Pools", "/staff/pools"), new("Providers", "/staff/providers"),
            new("Commissioning", "/staff/commissioning"),
        ];
}

/// <summary>A council's name as people say it, from its id ("lambeth" → "Lambeth").</summary>
public static class CouncilNames
{
    public static string Of(string council) =>
        string.Join(' ', council.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
