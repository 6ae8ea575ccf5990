using System.Net;
using System.Net.Http.Json;
using Brokerage.Members.Contracts;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;

namespace Brokerage.PooledFunds.Tests.Api;

[Collection(ServiceCollection.Name)]
public sealed class LedgerApiTests(PooledFundsService service)
{
    [Fact]
    public async Task GivenAPoolThatChangedOverDays_WhenItsLedgerIsReadAsOfEarlierInstants_ThenEachShowsTheStateThen()
    {
        var member = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync();
        var monday = service.Clock.GetUtcNow();
        await (await service.PledgeAsync(poolId, member, 1_000)).EnsureStatus(HttpStatusCode.Created);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var tuesday = service.Clock.GetUtcNow();
        await (await service.Member(member).PutAsJsonAsync($"/api/pools/{poolId}/pledges/{member}", new { amount = 3_000, currency = "GBP" })).EnsureStatus(HttpStatusCode.OK);
        service.Clock.Advance(TimeSpan.FromDays(1));
        var wednesday = service.Clock.GetUtcNow();
        await (await service.Broker().PostAsync($"/api/pools/{poolId}/activate", null)).EnsureStatus(HttpStatusCode.OK);
        var contract = Guid.NewGuid();
        await service.Bus.Publish(new ReserveFunds(poolId, contract, 2_500, "GBP"));
        await service.PublishedAsync<FundsReserved>(m => m.ContractId == contract, "FundsReserved");
        service.Clock.Advance(TimeSpan.FromDays(1));

        static string AsOf(DateTimeOffset at) => "?asOf=" + Uri.EscapeDataString(at.UtcDateTime.ToString("O"));
        Assert.Equal(new FiguresDto(1_000, 1_000, 0, 0), (await service.LedgerAsync(poolId, AsOf(monday.AddHours(12)))).Totals);
        Assert.Equal(new FiguresDto(3_000, 3_000, 0, 0), (await service.LedgerAsync(poolId, AsOf(tuesday.AddHours(12)))).Totals);
        Assert.Equal(new FiguresDto(3_000, 500, 2_500, 0), (await service.LedgerAsync(poolId, AsOf(wednesday.AddHours(12)))).Totals);
        Assert.Equal(new FiguresDto(3_000, 500, 2_500, 0), (await service.LedgerAsync(poolId)).Totals);
        Assert.Equal("open", (await service.LedgerAsync(poolId, AsOf(tuesday.AddHours(12)))).Status);

        // The events' own times are the clock's: what the ledger shows as of an instant is what was recorded by then.
        var events = await service.FetchStreamAsync(poolId);
        Assert.Equal(events.Single(e => e.Data is PledgeRaised).Timestamp, ((PledgeRaised)events.Single(e => e.Data is PledgeRaised).Data).RaisedAt, TimeSpan.FromMilliseconds(5));

        await (await service.Broker().GetAsync($"/api/pools/{poolId}/ledger{AsOf(monday.AddDays(-1))}")).AssertProblem(404);
        var bad = await (await service.Broker().GetAsync($"/api/pools/{poolId}/ledger?asOf=yesterday")).AssertProblem(400);
        Assert.Contains("asOf", bad.ErrorFields());
    }

    [Fact]
    public async Task GivenAPseudonymThatLooksLikeAFormula_WhenStaffExportTheLedgerAsCsv_ThenTheCellIsEscapedAndTheFiguresMatch()
    {
        var formula = await service.RegisterMemberAsync(10_000, pseudonym: "=HYPERLINK(\"http://evil.example\",\"click\")");
        var plain = await service.RegisterMemberAsync(10_000, pseudonym: "Sam, from Brixton");
        var poolId = await service.CreatePoolAsync();
        await (await service.PledgeAsync(poolId, formula, 1_234)).EnsureStatus(HttpStatusCode.Created);
        await (await service.PledgeAsync(poolId, plain, 4_321)).EnsureStatus(HttpStatusCode.Created);

        var response = await service.As(Tokens.Admin()).GetAsync($"/api/pools/{poolId}/ledger.csv");
        await response.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("poolId,memberId,pseudonym,fundingStream,budgetYear,status,pledged,available,reserved,paid,conditionalAmount,currency", lines[0]);
        Assert.Equal(3, lines.Length);
        var formulaLine = lines.Single(l => l.Contains(formula.ToString()));
        Assert.DoesNotContain(",=HYPERLINK", formulaLine);
        Assert.DoesNotContain(",\"=HYPERLINK", formulaLine);
        Assert.Contains("\"'=HYPERLINK", formulaLine); // prefixed with a quote: a spreadsheet shows it as text
        Assert.EndsWith(",social-care,2026,live,1234,1234,0,0,0,GBP", formulaLine);
        Assert.Contains("\"Sam, from Brixton\"", lines.Single(l => l.Contains(plain.ToString())));

        await (await service.Member(plain).GetAsync($"/api/pools/{poolId}/ledger.csv")).AssertProblem(403);
        await (await service.Broker(PooledFundsService.OtherCouncil).GetAsync($"/api/pools/{poolId}/ledger.csv")).AssertProblem(404);
    }

    [Fact]
    public async Task GivenAPoolLedger_WhenMembersReadIt_ThenTheySeeTheirOwnLineByIdAndOthersOnlyByPseudonym()
    {
        var mine = await service.RegisterMemberAsync(10_000, pseudonym: "Robin");
        var theirs = await service.RegisterMemberAsync(10_000, pseudonym: "Alex");
        var outsider = await service.RegisterMemberAsync(10_000);
        var poolId = await service.CreatePoolAsync();
        await (await service.PledgeAsync(poolId, mine, 1_000)).EnsureStatus(HttpStatusCode.Created);
        await (await service.PledgeAsync(poolId, theirs, 2_000)).EnsureStatus(HttpStatusCode.Created);

        var ledger = (await service.Member(mine).GetFromJsonAsync<LedgerDto>($"/api/pools/{poolId}/ledger"))!;
        Assert.Equal(mine, ledger.Members.Single(m => m.Pseudonym == "Robin").MemberId);
        Assert.Null(ledger.Members.Single(m => m.Pseudonym == "Alex").MemberId);
        Assert.Equal(3_000, ledger.Totals.Pledged);
        Assert.Equal(FundingStreams.SocialCare, ledger.Members.Single(m => m.Pseudonym == "Robin").FundingStream);
        Assert.Null(ledger.Members.Single(m => m.Pseudonym == "Alex").FundingStream);
        Assert.True(ledger.FundingStreamsWithheld); // two contributors to social care: fewer than three
        Assert.Empty(ledger.FundingStreams);

        var representative = await service.RepresentativeAsync(theirs);
        Assert.Equal(theirs, (await representative.GetFromJsonAsync<LedgerDto>($"/api/pools/{poolId}/ledger"))!.Members.Single(m => m.Pseudonym == "Alex").MemberId);
        await (await service.Member(outsider).GetAsync($"/api/pools/{poolId}/ledger")).AssertProblem(403);
    }

    [Fact]
    public async Task GivenAPoolWithAFewHealthBudgets_WhenMembersReadTheLedger_ThenNoOneElsesFundingStreamShowsAndStreamTotalsWaitForThreeContributorsEach()
    {
        var poolId = await service.CreatePoolAsync(streams: [FundingStreams.SocialCare, FundingStreams.Health]);
        var social = new List<Guid>();
        foreach (var amount in new long[] { 1_000, 2_000, 3_000 })
        {
            var member = await service.RegisterMemberAsync(10_000);
            await (await service.PledgeAsync(poolId, member, amount)).EnsureStatus(HttpStatusCode.Created);
            social.Add(member);
        }

        var health = await service.RegisterMemberAsync(10_000, FundingStreams.Health, pseudonym: "Heron");
        await (await service.PledgeAsync(poolId, health, 4_500, FundingStreams.Health)).EnsureStatus(HttpStatusCode.Created);

        // A fellow member: amounts and pseudonyms, no one else's stream, and no stream totals (health has one contributor,
        // and social care's total alone would give health's away by subtraction).
        var seenByMember = (await service.Member(social[0]).GetFromJsonAsync<LedgerDto>($"/api/pools/{poolId}/ledger"))!;
        Assert.Equal(10_500, seenByMember.Totals.Pledged);
        Assert.Equal(4_500, seenByMember.Members.Single(m => m.Pseudonym == "Heron").Pledged);
        Assert.All(seenByMember.Members.Where(m => m.MemberId is null), m => Assert.Null(m.FundingStream));
        Assert.Equal(FundingStreams.SocialCare, seenByMember.Members.Single(m => m.MemberId == social[0]).FundingStream);
        Assert.True(seenByMember.FundingStreamsWithheld);
        Assert.Empty(seenByMember.FundingStreams);
        var raw = await service.Member(social[0]).GetStringAsync($"/api/pools/{poolId}/ledger");
        Assert.DoesNotContain($"\"{FundingStreams.Health}\"", raw, StringComparison.Ordinal);

        // The health member sees their own stream; council staff see everyone's and every total.
        var seenByHealth = (await service.Member(health).GetFromJsonAsync<LedgerDto>($"/api/pools/{poolId}/ledger"))!;
        Assert.Equal(FundingStreams.Health, seenByHealth.Members.Single(m => m.MemberId == health).FundingStream);
        var seenByBroker = (await service.Broker().GetFromJsonAsync<LedgerDto>($"/api/pools/{poolId}/ledger"))!;
        Assert.False(seenByBroker.FundingStreamsWithheld);
        Assert.Equal([(FundingStreams.Health, 4_500L), (FundingStreams.SocialCare, 6_000L)], seenByBroker.FundingStreams.Select(f => (f.FundingStream, f.Pledged)));
        Assert.All(seenByBroker.Members, m => Assert.NotNull(m.FundingStream));

        // Two more health budgets: three contributors to each stream, and members see the totals per stream.
        foreach (var amount in new long[] { 500, 1_000 })
        {
            var member = await service.RegisterMemberAsync(10_000, FundingStreams.Health);
            await (await service.PledgeAsync(poolId, member, amount, FundingStreams.Health)).EnsureStatus(HttpStatusCode.Created);
        }

        var later = (await service.Member(social[0]).GetFromJsonAsync<LedgerDto>($"/api/pools/{poolId}/ledger"))!;
        Assert.False(later.FundingStreamsWithheld);
        Assert.Equal([(FundingStreams.Health, 6_000L), (FundingStreams.SocialCare, 6_000L)], later.FundingStreams.Select(f => (f.FundingStream, f.Pledged)));
        Assert.All(later.Members.Where(m => m.MemberId is null), m => Assert.Null(m.FundingStream));
    }
}
