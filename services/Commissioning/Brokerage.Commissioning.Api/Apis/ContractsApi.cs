using System.Security.Claims;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Pools;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.Commissioning.Contracts;
using Brokerage.Messaging;
using Brokerage.PooledFunds.Contracts;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Marten.Linq.MatchesSql;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Commissioning.Api.Apis;

/// <summary>Contracts awarded from calls, with their payment schedules; varied or ended by a broker.</summary>
public static class ContractsApi
{
    public static IEndpointRouteBuilder MapContractsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/contracts").WithTags("Contracts");
        api.MapGet("/", List).RequireAuthorization(Policies.SignedIn)
            .WithSummary("Contracts the caller may read, oldest start first; ?page=&pageSize= (X-Total-Count, Link)").WithDescription("Roles: broker and council-admin (the council's), provider (its own), member and representative (their pools').");
        api.MapGet("/{contractId:guid}", Get).RequireAuthorization(Policies.SignedIn)
            .WithSummary("One contract with its payment schedule").WithDescription("Roles: broker and council-admin (own council), the provider (token sub = provider id), members of the pool and their representatives.");
        api.MapPost("/{contractId:guid}/variations", Vary).RequireAuthorization(Policies.Broker)
            .WithSummary("Vary a contract: new annual price and/or end date, with a reason")
            .WithDescription("Roles: broker (own council). 200 and ContractVaried when the total value stays; 202 with the pending variation when it changes: "
                + "PooledFunds is asked to set the reservation to the new total, and the terms change (ContractVaried) only once it has.");
        api.MapPost("/{contractId:guid}/end", End).RequireAuthorization(Policies.Broker)
            .WithSummary("End a contract with a reason").WithDescription("Roles: broker (own council). Publishes ContractEnded and releases what is still reserved in the pool.");
        return app;
    }

    public sealed record VaryRequest(long? AnnualAmount, string? Currency, DateOnly? EndDate, string? Reason);

    public sealed record EndRequest(string? Reason);

    public sealed record InstalmentView(int Number, DateOnly PeriodStart, DateOnly PeriodEnd, long Amount, string Currency);

    /// <param name="PendingVariation">Staff only: a variation waiting for the pool to confirm the funds.</param>
    /// <param name="LastRefusedVariation">Staff only: the last variation the pool could not cover, with its reason.</param>
    public sealed record ContractView(
        Guid Id, Guid CallId, Guid PoolId, Guid ProviderId, string ProviderName, long AnnualAmount, long TotalAmount, string Currency,
        DateOnly StartDate, DateOnly EndDate, string Status, int Variations, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? EndReason,
        IReadOnlyList<InstalmentView> PaymentSchedule, PendingVariationView? PendingVariation = null, RefusedVariationView? LastRefusedVariation = null);

    public sealed record PendingVariationView(long AnnualAmount, long TotalAmount, DateOnly EndDate, string Reason, DateTimeOffset RequestedAt);

    public sealed record RefusedVariationView(long AnnualAmount, DateOnly EndDate, string Reason, DateTimeOffset RefusedAt);

    public static async Task<Results<Ok<IReadOnlyList<ContractView>>, ValidationProblem>> List(
        int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The same rule as MayRead, as SQL, so pages and the total count only what the caller may read.
        var ct = http.RequestAborted;
        var council = user.Council();
        var contracts = query.Query<ServiceContract>().Where(c => c.CouncilId == council);
        if (user.IsCouncilStaff())
        {
            // The whole council's.
        }
        else if (user.Role() == Roles.Provider)
        {
            // The token's subject as text, as MayRead compares it.
            var provider = user.Subject();
            contracts = contracts.Where(c => c.MatchesSql("data->>'providerId' = ?", provider));
        }
        else
        {
            var members = user.MemberIdsActedFor().Select(m => m.ToString()).ToArray();
            var pools = await query.Query<Pool>()
                .Where(p => p.CouncilId == council && p.MatchesSql("jsonb_exists_any(data->'members', ?)", new object[] { members }))
                .Select(p => p.Id).Take(10_000).ToListAsync(ct);
            contracts = contracts.Where(c => pools.Contains(c.PoolId));
        }

        var found = await ListPaging.PageAsync(contracts.OrderBy(c => c.StartedAt), paging, ct);
        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<ContractView>>(found.Items.Select(c => View(c, user.IsCouncilStaff())).ToArray());
    }

    public static async Task<Ok<ContractView>> Get(Guid contractId, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var contract = await query.LoadAsync<ServiceContract>(contractId, http.RequestAborted);
        if (contract is null || !await MayRead(query, user, contract))
        {
            throw new UnknownContract();
        }

        var state = await query.Events.FetchStreamStateAsync(contractId, http.RequestAborted);
        StreamVersions.SetETag(http.Response, state?.Version ?? 1);
        return TypedResults.Ok(View(contract, user.IsCouncilStaff()));
    }

    public static async Task<Results<Ok<ContractView>, Accepted<ContractView>, ValidationProblem>> Vary(
        Guid contractId, VaryRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        long? annual = request.AnnualAmount is null ? null : errors.Amount("annualAmount", request.AnnualAmount);
        if (request.AnnualAmount is not null || request.Currency is not null)
        {
            errors.Currency("currency", request.Currency);
        }

        var reason = errors.Text("reason", request.Reason, 1000);
        errors.Check(request.AnnualAmount is not null || request.EndDate is not null, "annualAmount", "Give a new annual amount, a new end date, or both.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // PooledFunds' answer to an earlier variation may append to the contract at the same moment: decide again on the new state.
        return await session.RetryOnConflictAsync<Results<Ok<ContractView>, Accepted<ContractView>, ValidationProblem>>(async () =>
        {
            var stream = await Writable(session, user, contractId, http);
            var contract = stream.Aggregate!;
            var decided = ServiceContract.Handle(
                contract, new VaryContract(annual, request.EndDate, reason, user.Subject(), clock.GetUtcNow()), NewId.NextGuid());
            stream.AppendOne(decided);
            if (decided is ContractVariationRequested requested)
            {
                session.Publish(new AdjustReservation(contract.PoolId, contract.Id, requested.AdjustmentId, requested.Schedule.Sum(i => i.Amount), contract.Currency));
                await session.SaveChangesAsync(http.RequestAborted);
                StreamVersions.SetETag(http.Response, stream.CurrentVersion ?? 0);
                return TypedResults.Accepted($"/api/contracts/{contract.Id}", View(contract.Apply(requested), staff: true));
            }

            var amended = (ContractAmended)decided;
            session.Publish(Varied(contract, amended));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamVersions.SetETag(http.Response, stream.CurrentVersion ?? 0);
            return TypedResults.Ok(View(contract.Apply(amended), staff: true));
        }, ConflictAttempts, ConflictJitter, http.RequestAborted);
    }

    /// <summary>The integration message for terms that took effect.</summary>
    public static ContractVaried Varied(ServiceContract contract, ContractAmended amended) => new(
        contract.Id, contract.CouncilId, amended.AnnualPrice, contract.Currency, amended.EndDate, amended.Reason, amended.VariedAt,
        amended.Schedule.Select(i => new PaymentInstalment(i.Number, i.PeriodStart, i.PeriodEnd, i.Amount, contract.Currency)).ToArray());

    public static async Task<Results<Ok<ContractView>, ValidationProblem>> End(
        Guid contractId, EndRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        var reason = errors.Text("reason", request.Reason, 1000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await session.RetryOnConflictAsync<Results<Ok<ContractView>, ValidationProblem>>(async () =>
        {
            var stream = await Writable(session, user, contractId, http);
            var contract = stream.Aggregate!;
            var ended = ServiceContract.Handle(contract, new EndContract(reason, user.Subject(), clock.GetUtcNow()));
            stream.AppendOne(ended);
            session.Publish(new ContractEnded(contract.Id, contract.CouncilId, reason, ended.EndedAt));
            session.Publish(new ReleaseReservation(contract.PoolId, contract.Id)); // what is not yet paid goes back to the members
            await session.SaveChangesAsync(http.RequestAborted);
            StreamVersions.SetETag(http.Response, stream.CurrentVersion ?? 0);
            return TypedResults.Ok(View(contract.Apply(ended), staff: true));
        }, ConflictAttempts, ConflictJitter, http.RequestAborted);
    }

    // A broker's change racing the settlement of a variation: a few quick re-decisions, never a 409 about someone else's write.
    private const int ConflictAttempts = 10;
    private static readonly TimeSpan ConflictJitter = TimeSpan.FromMilliseconds(10);

    private static async Task<IEventStream<ServiceContract>> Writable(IDocumentSession session, ClaimsPrincipal user, Guid contractId, HttpContext http)
    {
        var stream = await session.Events.FetchForWriting<ServiceContract>(contractId, http.RequestAborted);
        if (stream.Aggregate is not { } contract || !CouncilAccess.IsSameCouncil(user, contract.CouncilId))
        {
            throw new UnknownContract();
        }

        stream.EnsureVersion(StreamVersions.IfMatch(http.Request));

        return stream;
    }

    private static Task<bool> MayRead(IQuerySession query, ClaimsPrincipal user, ServiceContract contract) =>
        Access.MayReadContract(query, user, contract.CouncilId, contract.ProviderId, contract.PoolId);

    public static ContractView View(ServiceContract c, bool staff) => new(
        c.Id, c.CallId, c.PoolId, c.ProviderId, c.ProviderName, c.AnnualPrice, c.TotalAmount, c.Currency, c.StartDate, c.EndDate,
        c.Status, c.Variations, c.StartedAt, c.EndedAt, c.EndReason,
        c.Schedule.Select(i => new InstalmentView(i.Number, i.PeriodStart, i.PeriodEnd, i.Amount, c.Currency)).ToArray(),
        staff && c.Pending is { } p ? new PendingVariationView(p.AnnualPrice, p.TotalAmount, p.EndDate, p.Reason, p.RequestedAt) : null,
        staff && c.LastRefused is { } r ? new RefusedVariationView(r.AnnualPrice, r.EndDate, r.Reason, r.RefusedAt) : null);
}
