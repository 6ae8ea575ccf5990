using System.Globalization;
using System.Security.Claims;
using System.Text;
using Brokerage.PooledFunds.Api.Pools;
using Brokerage.PooledFunds.Api.ReadModels;
using Brokerage.ServiceDefaults;
using CsvHelper;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.PooledFunds.Api.Apis;

/// <summary>A pool's ledger, now or as of any instant, and its CSV export for the council.</summary>
public static class LedgerApi
{
    public static RouteGroupBuilder MapLedgerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/pools/{id:guid}").WithTags("Ledger");
        api.MapGet("/ledger", Get).RequireAuthorization(Extensions.PoolReaders).WithName("GetLedger")
            .WithSummary("The pool's ledger: pledged, available, reserved, paid, per member and per funding stream; ?asOf=<ISO instant> for a past state")
            .WithDescription("Roles: broker, council-admin of the pool's council; members who have or had a pledge in the pool and their representatives. " +
                "A member sees other members by pseudonym and amounts only, never their funding stream; totals per funding stream only when every stream holding money has at least three contributors (else fundingStreamsWithheld). " +
                "403 for a member who can see the pool but has no pledge in it; 404 otherwise.");
        api.MapGet("/ledger.csv", Csv).RequireAuthorization(Policies.CouncilStaff).WithName("ExportLedgerCsv")
            .WithSummary("The pool's ledger as CSV, one line per member pledge (?asOf= optional)")
            .WithDescription("Roles: broker, council-admin of the pool's council. Cells that a spreadsheet would run as a formula are escaped.");
        return api;
    }

    public static async Task<Results<Ok<LedgerView>, ProblemHttpResult>> Get(
        Guid id, DateTimeOffset? asOf, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        var current = await session.Events.FetchLatest<Pool>(id, ct);
        if (current is null || !Access.MayView(user, current) && !Access.MayReadLedger(user, current))
        {
            return Problems.NotFound("Pool not found");
        }

        if (!Access.MayReadLedger(user, current))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the pool's members and council staff may read its ledger.");
        }

        // As of an instant: a replay of the events stamped by then (the service's clock stamps them).
        var pool = asOf is { } at ? await session.Events.AggregateStreamAsync<Pool>(id, timestamp: at, token: ct) : current;
        if (pool is null)
        {
            return Problems.NotFound("The pool did not exist at that time");
        }

        return TypedResults.Ok(LedgerView.From(pool, asOf, new LedgerReader(user.IsCouncilStaff(), user.MemberIdsActedFor())));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Csv(
        Guid id, DateTimeOffset? asOf, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        var pool = asOf is { } instant
            ? await session.Events.AggregateStreamAsync<Pool>(id, timestamp: instant, token: ct)
            : await session.Events.FetchLatest<Pool>(id, ct);
        if (pool is null || !CouncilAccess.IsSameCouncil(user, pool.CouncilId))
        {
            return Problems.NotFound("Pool not found");
        }

        var ledger = LedgerView.From(pool, asOf, LedgerReader.CouncilStaff);
        // A pseudonym such as "=HYPERLINK(…)" must stay text in a spreadsheet: cells starting with a formula character are escaped.
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture, NewLine = "\r\n" };
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, options, true))
        {
            csv.WriteHeader(CsvHeader);
            foreach (var m in ledger.Members)
            {
                csv.WriteRecord(
                [
                    pool.Id.ToString(), m.MemberId?.ToString() ?? "", m.Pseudonym, m.FundingStream ?? "", Number(m.BudgetYear), m.Status.ToString().ToLowerInvariant(),
                    Number(m.Pledged), Number(m.Available), Number(m.Reserved), Number(m.Paid), Number(m.ConditionalAmount), Money.Currency,
                ]);
            }
        }

        var name = asOf is { } at ? $"ledger-{id}-{at.UtcDateTime:yyyyMMddTHHmmssZ}.csv" : $"ledger-{id}.csv";
        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", name);
    }

    private static readonly string[] CsvHeader =
        ["poolId", "memberId", "pseudonym", "fundingStream", "budgetYear", "status", "pledged", "available", "reserved", "paid", "conditionalAmount", "currency"];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
