using System.Net;
using System.Net.Http.Json;
using Brokerage.ServiceDefaults;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

/// <summary>
/// Every endpoint, every kind of caller: the member themselves and another member, a representative for the member, one
/// for another member, one whose appointment ended and one never appointed for the member, a broker and a council admin of the member's council and of
/// another, a provider, and no token. Refused callers change nothing; each allowed caller succeeds on a fresh member.
/// </summary>
[Collection(MembersApiCollection.Name)]
public sealed class AccessMatrixTests(MembersFixture api)
{
    public enum Caller
    {
        MemberSelf,
        MemberOther,
        RepresentativeFor,
        RepresentativeNotFor,
        RepresentativeEnded,
        RepresentativeNeverAppointed,
        BrokerOwnCouncil,
        BrokerOtherCouncil,
        CouncilAdmin,
        CouncilAdminOtherCouncil,
        Provider,
        NoToken,
    }

    /// <summary>A member A (allocated for 2026, one outcome, representatives R active, E ended, Q active) and a member B with representative X.</summary>
    public sealed record World(Guid A, Guid B, Guid R, Guid E, Guid Q, Guid X, Guid Outcome);

    public sealed record Endpoint(
        string Name,
        HttpMethod Method,
        Func<World, Caller, string> Path,
        string[] Roles,
        HttpStatusCode Success,
        Func<World, object?>? Body = null,
        bool MemberScoped = true,
        Func<Caller, HttpStatusCode?>? Override = null,
        Func<MembersFixture, World, Task>? Prepare = null);

    private static readonly string[] MemberSideOrStaff = [Roles.Member, Roles.Representative, Roles.Broker, Roles.CouncilAdmin];
    private static readonly string[] MemberSideOrBroker = [Roles.Member, Roles.Representative, Roles.Broker];
    private static readonly string[] MemberSide = [Roles.Member, Roles.Representative];
    private static readonly string[] BrokerOnly = [Roles.Broker];

    private static readonly Endpoint[] All =
    [
        new("register", HttpMethod.Post, (_, _) => "/api/members", BrokerOnly, HttpStatusCode.Created,
            _ => new { name = "New Member", contact = new { email = "new@example.org" }, pseudonym = UniquePseudonym("Newt") }, MemberScoped: false),
        new("list", HttpMethod.Get, (_, _) => "/api/members", [Roles.Broker, Roles.CouncilAdmin], HttpStatusCode.OK, MemberScoped: false),
        new("get", HttpMethod.Get, (w, _) => $"/api/members/{w.A}", MemberSideOrStaff, HttpStatusCode.OK),
        new("correct", HttpMethod.Patch, (w, _) => $"/api/members/{w.A}", MemberSideOrBroker, HttpStatusCode.OK, _ => new { pseudonym = UniquePseudonym("Corrected") }),
        new("card", HttpMethod.Get, (w, _) => $"/api/members/{w.A}/card", Roles.All.ToArray(), HttpStatusCode.OK,
            Override: c => c switch
            {
                Caller.NoToken => HttpStatusCode.Unauthorized,
                Caller.BrokerOtherCouncil or Caller.CouncilAdminOtherCouncil => HttpStatusCode.NotFound,
                _ => HttpStatusCode.OK,
            }),
        new("give-consent", HttpMethod.Put, (w, _) => $"/api/members/{w.A}/pooling-consent", MemberSide, HttpStatusCode.OK),
        new("withdraw-consent", HttpMethod.Delete, (w, _) => $"/api/members/{w.A}/pooling-consent", MemberSide, HttpStatusCode.OK,
            Prepare: async (api, w) => await (await api.As(MemberToken(w.A)).PutAsync($"/api/members/{w.A}/pooling-consent", null)).ExpectAsync(HttpStatusCode.OK)),
        new("close", HttpMethod.Post, (w, _) => $"/api/members/{w.A}/close", BrokerOnly, HttpStatusCode.OK),
        new("allocate", HttpMethod.Post, (w, _) => $"/api/members/{w.A}/allocations", BrokerOnly, HttpStatusCode.Created,
            _ => new { budgetYear = 2027, fundingStream = "social-care", amount = 100_000, currency = "GBP" }),
        new("reassess", HttpMethod.Post, (w, _) => $"/api/members/{w.A}/reassessments", BrokerOnly, HttpStatusCode.OK,
            _ => new { budgetYear = 2026, fundingStream = "social-care", amount = 90_000, currency = "GBP", reason = "Reviewed" }),
        new("allocations", HttpMethod.Get, (w, _) => $"/api/members/{w.A}/allocations", MemberSideOrStaff, HttpStatusCode.OK),
        new("budget", HttpMethod.Get, (w, _) => $"/api/members/{w.A}/budget?year=2026", MemberSideOrStaff, HttpStatusCode.OK),
        new("representatives", HttpMethod.Get, (w, _) => $"/api/members/{w.A}/representatives", MemberSideOrStaff, HttpStatusCode.OK),
        new("representative", HttpMethod.Get, (w, _) => $"/api/members/{w.A}/representatives/{w.Q}", MemberSideOrStaff, HttpStatusCode.OK),
        new("appoint", HttpMethod.Post, (w, _) => $"/api/members/{w.A}/representatives", MemberSideOrBroker, HttpStatusCode.Created,
            _ => new { name = "Nominee", basis = "care-act-s31-nominated" },
            Override: c => c == Caller.RepresentativeFor ? HttpStatusCode.Forbidden : null), // a representative appoints no one
        new("end-representative", HttpMethod.Post, (w, c) => $"/api/members/{w.A}/representatives/{(c == Caller.RepresentativeFor ? w.R : w.Q)}/end",
            MemberSideOrBroker, HttpStatusCode.OK), // a representative may end their own appointment
        new("outcomes", HttpMethod.Get, (w, _) => $"/api/members/{w.A}/outcomes", MemberSideOrStaff, HttpStatusCode.OK),
        new("outcome", HttpMethod.Get, (w, _) => $"/api/members/{w.A}/outcomes/{w.Outcome}", MemberSideOrStaff, HttpStatusCode.OK),
        new("add-outcome", HttpMethod.Post, (w, _) => $"/api/members/{w.A}/outcomes", MemberSide, HttpStatusCode.Created, _ => new { description = "Swim again" }),
        new("edit-outcome", HttpMethod.Put, (w, _) => $"/api/members/{w.A}/outcomes/{w.Outcome}", MemberSide, HttpStatusCode.OK, _ => new { description = "Swim weekly" }),
        new("achieve-outcome", HttpMethod.Post, (w, _) => $"/api/members/{w.A}/outcomes/{w.Outcome}/achieved", MemberSide, HttpStatusCode.OK),
        new("remove-outcome", HttpMethod.Delete, (w, _) => $"/api/members/{w.A}/outcomes/{w.Outcome}", MemberSide, HttpStatusCode.NoContent),
        new("history", HttpMethod.Get, (w, _) => $"/api/members/{w.A}/history", [Roles.Broker, Roles.CouncilAdmin], HttpStatusCode.OK),
        new("ping-council", HttpMethod.Get, (_, _) => $"/api/councils/{Council}/ping", BrokerOnly, HttpStatusCode.OK, MemberScoped: false,
            Override: c => c == Caller.BrokerOtherCouncil ? HttpStatusCode.Forbidden : null),
    ];

    public static TheoryData<string> Endpoints() => new(All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task GivenEveryKindOfCaller_WhenCallingTheEndpoint_ThenOnlyTheCallersItNamesGetThroughAndRefusalsChangeNothing(string name)
    {
        var endpoint = All.Single(e => e.Name == name);
        var callers = Enum.GetValues<Caller>();
        var refused = callers.Where(c => Expected(endpoint, c) != endpoint.Success).ToArray();
        var allowed = callers.Except(refused).ToArray();
        Assert.NotEmpty(allowed);

        var world = await CreateWorldAsync(endpoint);
        var before = await SnapshotAsync(world);
        var failures = new List<string>();
        foreach (var caller in refused)
        {
            var status = await CallAsync(endpoint, world, caller);
            if (status != Expected(endpoint, caller))
            {
                failures.Add($"{caller}: expected {(int)Expected(endpoint, caller)}, got {(int)status}");
            }
        }

        Assert.Equal(before, await SnapshotAsync(world));
        foreach (var caller in allowed)
        {
            var status = await CallAsync(endpoint, await CreateWorldAsync(endpoint), caller);
            if (status != endpoint.Success)
            {
                failures.Add($"{caller}: expected {(int)endpoint.Success}, got {(int)status}");
            }
        }

        Assert.True(failures.Count == 0, $"{name}: {string.Join("; ", failures)}");
    }

    private static HttpStatusCode Expected(Endpoint endpoint, Caller caller)
    {
        if (endpoint.Override?.Invoke(caller) is { } overridden)
        {
            return overridden;
        }

        if (caller == Caller.NoToken)
        {
            return HttpStatusCode.Unauthorized;
        }

        if (!endpoint.Roles.Contains(RoleOf(caller)))
        {
            return HttpStatusCode.Forbidden;
        }

        if (!endpoint.MemberScoped)
        {
            return endpoint.Success;
        }

        return caller switch
        {
            Caller.MemberOther or Caller.RepresentativeNotFor or Caller.BrokerOtherCouncil or Caller.CouncilAdminOtherCouncil => HttpStatusCode.NotFound,
            Caller.RepresentativeEnded or Caller.RepresentativeNeverAppointed => HttpStatusCode.Forbidden,
            _ => endpoint.Success,
        };
    }

    private static string RoleOf(Caller caller) => caller switch
    {
        Caller.MemberSelf or Caller.MemberOther => Roles.Member,
        Caller.RepresentativeFor or Caller.RepresentativeNotFor or Caller.RepresentativeEnded or Caller.RepresentativeNeverAppointed => Roles.Representative,
        Caller.BrokerOwnCouncil or Caller.BrokerOtherCouncil => Roles.Broker,
        Caller.CouncilAdmin or Caller.CouncilAdminOtherCouncil => Roles.CouncilAdmin,
        Caller.Provider => Roles.Provider,
        _ => "",
    };

    private static string? TokenFor(World w, Caller caller) => caller switch
    {
        Caller.MemberSelf => MemberToken(w.A),
        Caller.MemberOther => MemberToken(w.B),
        Caller.RepresentativeFor => RepresentativeToken(w.R, w.A),
        Caller.RepresentativeNotFor => RepresentativeToken(w.X, w.B),
        Caller.RepresentativeEnded => RepresentativeToken(w.E, w.A),
        Caller.RepresentativeNeverAppointed => RepresentativeToken(Guid.NewGuid(), w.A),
        Caller.BrokerOwnCouncil => BrokerToken(),
        Caller.BrokerOtherCouncil => BrokerToken(OtherCouncil),
        Caller.CouncilAdmin => AdminToken(),
        Caller.CouncilAdminOtherCouncil => AdminToken(OtherCouncil),
        Caller.Provider => ProviderToken(),
        _ => null,
    };

    private async Task<HttpStatusCode> CallAsync(Endpoint endpoint, World world, Caller caller)
    {
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Path(world, caller));
        if (endpoint.Body?.Invoke(world) is { } body)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await api.As(TokenFor(world, caller)).SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return response.StatusCode;
    }

    private async Task<World> CreateWorldAsync(Endpoint endpoint)
    {
        var a = await api.RegisterAsync();
        var b = await api.RegisterAsync();
        await api.AllocateAsync(a, 2026, "social-care", 100_000);
        var r = await api.AppointAsync(a);
        var e = await api.AppointAsync(a);
        var q = await api.AppointAsync(a);
        await (await api.Broker.PostAsync($"/api/members/{a}/representatives/{e}/end", null)).ExpectAsync(HttpStatusCode.OK);
        var x = await api.AppointAsync(b);
        var world = new World(a, b, r, e, q, x, await api.AddOutcomeAsync(a));
        if (endpoint.Prepare is { } prepare)
        {
            await prepare(api, world);
        }

        return world;
    }

    /// <summary>What a change to either member would move: their stream versions and the council's member count.</summary>
    private async Task<(long, long, int)> SnapshotAsync(World world) =>
        (await api.VersionAsync(world.A), await api.VersionAsync(world.B),
            (await (await api.Broker.GetAsync("/api/members")).ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
}
