namespace Brokerage.Seed;

// The Lambeth-style scenario: who is in it and what they hold. DemoCouncilSeeder turns it into API calls.

internal sealed record MemberPlan(
    string Key,
    string Name,
    string Pseudonym,
    object Contact,
    string[] CommunicationNeeds,
    string? InterpreterLanguage,
    (string FundingStream, long Amount)[] Allocations,
    string TryFirst);

internal sealed record RepresentativePlan(string Key, string Name, string Relationship, string Basis, string MemberKey, string TryFirst);

internal sealed record ProviderPlan(
    string Key, string LegalName, object RegistrationNumbers, string[] ServiceCategories, string[] AreasServed, string StripeAccount, string TryFirst);

internal static class DemoScenario
{
    public const string BrokerSub = "demo-broker";
    public const string AdminSub = "demo-admin";
    public const string BrokerName = "Ama Mensah";
    public const string AdminName = "Priya Shah";

    public const string ActivePool = "Brixton day opportunities";
    public const string OpenPool = "Streatham carers' short breaks";
    public const string ProposedPool = "Kennington wellbeing walks";
    public const string CallTitle = "Evening community activities in Brixton";

    public static readonly MemberPlan[] Members =
    [
        new("grace", "Grace Adeyemi", "Sunflower",
            new { email = "grace.adeyemi@example.org", phone = "020 7946 0101" }, ["large-print"], null,
            [("social-care", 1_200_000)],
            "her budget and headroom; the Brixton ledger; support a need"),
        new("winston", "Winston Clarke", "Blue Heron",
            new { phone = "020 7946 0102", address = new { line1 = "14 Railton Road", town = "London", postcode = "SE24 0JN" } }, ["easy-read"], null,
            [("social-care", 950_000), ("health", 400_000)],
            "his pledge in Brixton; his daughter Marcia acts for him"),
        new("fatima", "Fatima Hussain", "Kingfisher",
            new { email = "fatima.hussain@example.org" }, ["interpreter"], "Sylheti",
            [("social-care", 1_400_000)],
            "the needs in Brixton, most supported first"),
        new("daniel", "Daniel Okafor", "Oak",
            new { email = "daniel.okafor@example.org" }, ["british-sign-language"], null,
            [("social-care", 800_000), ("mental-health", 600_000)],
            "the pool he proposed (Kennington, awaiting the broker)"),
        new("margaret", "Margaret Doyle", "Robin",
            new { phone = "020 7946 0105", address = new { line1 = "3 Leigham Court Road", town = "London", postcode = "SW16 2ND" } }, ["large-print", "audio"], null,
            [("social-care", 1_600_000)],
            "her conditional pledge to Streatham (made by Peter)"),
        new("tomasz", "Tomasz Nowak", "Willow",
            new { email = "tomasz.nowak@example.org", phone = "020 7946 0106" }, ["easy-read"], null,
            [("social-care", 1_000_000), ("health", 500_000)],
            "his conditional health pledge to Streatham; raise it"),
    ];

    public static readonly RepresentativePlan[] Representatives =
    [
        new("marcia", "Marcia Clarke", "daughter", "care-act-s31-nominated", "winston",
            "Winston's budget and pledges, acting for him (s31)"),
        new("peter", "Peter Doyle", "son", "care-act-s32-authorised", "margaret",
            "Margaret's budget; pledge for her (s32)"),
    ];

    public static readonly ProviderPlan[] Providers =
    [
        new("lambeth-home-care", "Lambeth Home Care Ltd",
            new { cqcProviderId = "1-101234567", companyNumber = "09876543" },
            ["home-care", "personal-assistance", "community-activities"], ["Brixton", "Stockwell", "Streatham"], "acct_1DemoLambethHomeCare",
            "the open call for offers; bid on it"),
        new("brixton-evenings", "Brixton Evenings Trust",
            new { charityNumber = "1187654", companyNumber = "11234567" },
            ["community-activities", "day-opportunities"], ["Brixton", "Herne Hill"], "acct_1DemoBrixtonEvenings",
            "its sealed bid; revise it before closing"),
        new("stockwell-friends", "Stockwell Friends Together CIC",
            new { companyNumber = "14567890" },
            ["community-activities", "personal-assistance"], ["Stockwell"], "acct_1DemoStockwellFriends",
            "its standing: suspended, with the reason"),
    ];

    public const string SuspendedProvider = "stockwell-friends";
    public const string BiddingProvider = "brixton-evenings";
}
