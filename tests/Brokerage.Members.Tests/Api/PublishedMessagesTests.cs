using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Brokerage.Members.Contracts;
using MassTransit;
using static Brokerage.Members.Tests.Api.MembersFixture;

namespace Brokerage.Members.Tests.Api;

/// <summary>Every integration event Members publishes reaches the broker, through the outbox, with ids, money and dates only.</summary>
[Collection(MembersApiCollection.Name)]
public sealed class PublishedMessagesTests(MembersFixture api)
{
    private const string SecretName = "Zebedee Quartermain";
    private const string SecretEmail = "zebedee.q@example.org";
    private const string SecretReason = "REASSESSMENT-REASON-after-hospital-stay";
    private const string SecretOutcome = "SUPPORT-PLAN-OUTCOME-manage-my-diabetes";
    private const string SecretAssessment = "MCA-REF-7731";
    private const string SecretRepresentative = "Rupert Representative";

    [Fact]
    public async Task GivenAMemberWholeLife_WhenEveryKindOfChangeHappens_ThenEachIntegrationEventArrivesWithoutHealthOrPersonalData()
    {
        var received = new ConcurrentQueue<(string Type, Guid MemberId, object Message, string Body, string Headers)>();
        var handle = api.Bus.ConnectReceiveEndpoint($"members-test-watch-{Guid.NewGuid():N}", endpoint =>
        {
            Watch<MemberRegistered>(endpoint, received, m => m.MemberId);
            Watch<MemberPseudonymChanged>(endpoint, received, m => m.MemberId);
            Watch<BudgetAllocated>(endpoint, received, m => m.MemberId);
            Watch<BudgetReassessed>(endpoint, received, m => m.MemberId);
            Watch<RepresentativeAppointed>(endpoint, received, m => m.MemberId);
            Watch<RepresentativeEnded>(endpoint, received, m => m.MemberId);
            Watch<PoolingConsentGiven>(endpoint, received, m => m.MemberId);
            Watch<PoolingConsentWithdrawn>(endpoint, received, m => m.MemberId);
            Watch<MemberClosed>(endpoint, received, m => m.MemberId);
        });
        await handle.Ready;

        var registered = await api.Broker.PostAsJsonAsync("/api/members", new
        {
            name = SecretName,
            contact = new { email = SecretEmail },
            communicationNeeds = new[] { "british-sign-language" },
            pseudonym = "Otter",
        });
        var id = Guid.Parse((await registered.ExpectAsync(HttpStatusCode.Created)).Text("id"));
        var member = api.As(MemberToken(id));
        await (await member.PatchAsJsonAsync($"/api/members/{id}", new { pseudonym = "River Otter", name = SecretName + " Jr" })).ExpectAsync(HttpStatusCode.OK);
        await api.AllocateAsync(id, 2026, "health", 250_000);
        await (await api.Broker.PostAsJsonAsync($"/api/members/{id}/reassessments",
            new { budgetYear = 2026, fundingStream = "health", amount = 275_000, currency = "GBP", reason = SecretReason })).ExpectAsync(HttpStatusCode.OK);
        var representative = Guid.Parse((await (await api.Broker.PostAsJsonAsync($"/api/members/{id}/representatives", new
        {
            name = SecretRepresentative,
            basis = "care-act-s32-authorised",
            capacityAssessment = new { assessedOn = "2026-05-02", reference = SecretAssessment },
        })).ExpectAsync(HttpStatusCode.Created)).Text("representativeId"));
        await (await member.PostAsJsonAsync($"/api/members/{id}/outcomes", new { description = SecretOutcome })).ExpectAsync(HttpStatusCode.Created);
        await (await member.PutAsync($"/api/members/{id}/pooling-consent", null)).ExpectAsync(HttpStatusCode.OK);
        await (await member.DeleteAsync($"/api/members/{id}/pooling-consent")).ExpectAsync(HttpStatusCode.OK);
        await (await api.Broker.PostAsync($"/api/members/{id}/representatives/{representative}/end", null)).ExpectAsync(HttpStatusCode.OK);
        await (await api.Broker.PostAsync($"/api/members/{id}/close", null)).ExpectAsync(HttpStatusCode.OK);

        string[] expected =
        [
            nameof(MemberRegistered), nameof(MemberPseudonymChanged), nameof(BudgetAllocated), nameof(BudgetReassessed), nameof(RepresentativeAppointed),
            nameof(PoolingConsentGiven), nameof(PoolingConsentWithdrawn), nameof(RepresentativeEnded), nameof(MemberClosed),
        ];
        await Eventually.HoldsAsync(
            () => Task.FromResult(expected.All(type => received.Any(r => r.MemberId == id && r.Type == type))),
            "every integration event of the member to arrive on the broker");
        await handle.StopAsync();

        var ours = received.Where(r => r.MemberId == id).ToArray();
        Assert.Equal(expected.Order(), ours.Select(r => r.Type).Order());
        foreach (var (type, _, _, body, headers) in ours)
        {
            foreach (var secret in new[] { SecretName, SecretEmail, SecretReason, SecretOutcome, SecretAssessment, SecretRepresentative, "british-sign-language" })
            {
                Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{type} carries '{secret}' in its body");
                Assert.False(headers.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{type} carries '{secret}' in a header");
            }
        }

        var reassessed = (BudgetReassessed)ours.Single(r => r.Type == nameof(BudgetReassessed)).Message;
        Assert.Equal((Council, 2026, "health", 250_000L, 275_000L, "GBP"),
            (reassessed.CouncilId, reassessed.BudgetYear, reassessed.FundingStream, reassessed.PreviousAmount, reassessed.Amount, reassessed.Currency));
        var appointed = (RepresentativeAppointed)ours.Single(r => r.Type == nameof(RepresentativeAppointed)).Message;
        Assert.Equal((representative, "care-act-s32-authorised"), (appointed.RepresentativeId, appointed.Basis));
        Assert.Equal("River Otter", ((MemberPseudonymChanged)ours.Single(r => r.Type == nameof(MemberPseudonymChanged)).Message).Pseudonym);
    }

    [Fact]
    public async Task GivenHealthAndPersonalDataInRequestsThatSucceedAndFail_WhenTheServiceLogs_ThenNoLogLineCarriesIt()
    {
        var id = await api.RegisterAsync(name: SecretName);
        var member = api.As(MemberToken(id));
        await api.AllocateAsync(id, 2026, "mental-health", 90_000);
        await (await api.Broker.PostAsJsonAsync($"/api/members/{id}/reassessments",
            new { budgetYear = 2026, fundingStream = "mental-health", amount = 95_000, currency = "GBP", reason = SecretReason })).ExpectAsync(HttpStatusCode.OK);
        await (await api.Broker.PostAsJsonAsync($"/api/members/{id}/reassessments",
            new { budgetYear = 2026, fundingStream = "health", amount = 95_000, currency = "GBP", reason = SecretReason })).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await api.Broker.PostAsJsonAsync($"/api/members/{id}/reassessments",
            new { budgetYear = 2026, fundingStream = "health", amount = SecretReason, currency = "GBP", reason = SecretReason })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await member.PostAsJsonAsync($"/api/members/{id}/outcomes", new { description = SecretOutcome })).ExpectAsync(HttpStatusCode.Created);
        await (await member.PutAsJsonAsync($"/api/members/{id}/outcomes/{Guid.NewGuid()}", new { description = SecretOutcome })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await member.PatchAsJsonAsync($"/api/members/{id}", new { contact = new { email = SecretEmail + " not valid" } })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Broker.PostAsJsonAsync($"/api/members/{id}/representatives", new
        {
            name = SecretRepresentative,
            basis = "care-act-s32-authorised",
            capacityAssessment = new { assessedOn = "2026-05-02", reference = SecretAssessment },
        })).ExpectAsync(HttpStatusCode.Created);

        Assert.NotEmpty(api.Logs.Lines);
        foreach (var secret in new[] { SecretName, SecretEmail, SecretReason, SecretOutcome, SecretAssessment, SecretRepresentative })
        {
            Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static void Watch<T>(
        IReceiveEndpointConfigurator endpoint, ConcurrentQueue<(string, Guid, object, string, string)> received, Func<T, Guid> memberId)
        where T : class =>
        endpoint.Handler<T>(context =>
        {
            var body = Encoding.UTF8.GetString(context.ReceiveContext.Body.GetBytes());
            var headers = string.Join("\n", context.Headers.GetAll().Select(h => $"{h.Key}={h.Value}"));
            received.Enqueue((typeof(T).Name, memberId(context.Message), context.Message, body, headers));
            return Task.CompletedTask;
        });
}
