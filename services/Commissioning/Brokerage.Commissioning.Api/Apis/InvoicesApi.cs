using System.Security.Claims;
using Brokerage.Commissioning.Api.Domain;
using Brokerage.Commissioning.Api.Invoices;
using Brokerage.Commissioning.Api.Pools;
using Brokerage.Commissioning.Api.ServiceContracts;
using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Commissioning.Api.Apis;

/// <summary>
/// Invoices against a contract's payment schedule: the provider invoices a period, the pool's members (or a broker)
/// confirm delivery or dispute it, a broker decides disputes, and approval sends <c>PayInvoice</c> to PooledFunds.
/// </summary>
public static class InvoicesApi
{
    private const string Readers = "Readers: the contracted provider, members of the pool and their representatives, broker and council-admin (own council).";

    public static IEndpointRouteBuilder MapInvoicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Invoices");
        api.MapPost("/contracts/{contractId:guid}/invoices", Submit).RequireAuthorization(Policies.Provider)
            .WithSummary("Invoice one period of an active contract's payment schedule")
            .WithDescription("Roles: provider (the contracted one). {periodNumber, amount, currency, reason?, delivered, reference}; at most the period's amount, "
                + "less with a reason; one invoice per period unless it was withdrawn or rejected (409).");
        api.MapGet("/contracts/{contractId:guid}/invoices", List).RequireAuthorization(Policies.SignedIn)
            .WithSummary("The contract's invoices, by period then submission; ?page=&pageSize= (X-Total-Count, Link)").WithDescription(Readers);
        api.MapGet("/invoices/{invoiceId:guid}", Get).RequireAuthorization(Policies.SignedIn)
            .WithSummary("One invoice with its state and history").WithDescription(Readers + " ETag = stream version.");
        api.MapPost("/invoices/{invoiceId:guid}/withdrawal", Withdraw).RequireAuthorization(Policies.Provider)
            .WithSummary("Withdraw an invoice before it is approved").WithDescription("Roles: provider (the invoicing one). {reason?}. Honours If-Match.");
        api.MapPost("/invoices/{invoiceId:guid}/confirmation", Confirm).RequireAuthorization(Policies.SignedIn)
            .WithSummary("Confirm delivery: the invoice is approved and PayInvoice goes to PooledFunds")
            .WithDescription("Roles: member of the pool, representative for one ({memberId?}), broker (own council). One confirmation suffices. Honours If-Match.");
        api.MapPost("/invoices/{invoiceId:guid}/dispute", Dispute).RequireAuthorization(Policies.MemberOrRepresentative)
            .WithSummary("Dispute delivery with a reason: the payment waits for a broker's decision")
            .WithDescription("Roles: member of the pool, representative for one. {memberId?, reason}. Honours If-Match.");
        api.MapPost("/invoices/{invoiceId:guid}/decision", Decide).RequireAuthorization(Policies.Broker)
            .WithSummary("Decide a disputed invoice: uphold (rejected; the period may be invoiced again) or overrule (paid)")
            .WithDescription("Roles: broker (own council). {outcome: uphold|overrule, reason}. Honours If-Match.");
        api.MapPost("/invoices/{invoiceId:guid}/rejection", Reject).RequireAuthorization(Policies.Broker)
            .WithSummary("Reject an invoice with a reason (submitted, disputed or after a failed payment)")
            .WithDescription("Roles: broker (own council). {reason}. Honours If-Match.");
        api.MapPost("/invoices/{invoiceId:guid}/payment-retry", RetryPayment).RequireAuthorization(Policies.Broker)
            .WithSummary("Send a failed payment again, under the same payment id").WithDescription("Roles: broker (own council). No body. Honours If-Match.");
        return app;
    }

    public sealed record SubmitInvoiceRequest(int? PeriodNumber, long? Amount, string? Currency, string? Reason, string? Delivered, string? Reference);

    public sealed record WithdrawInvoiceRequest(string? Reason);

    public sealed record ConfirmDeliveryRequest(Guid? MemberId);

    public sealed record DisputeDeliveryRequest(Guid? MemberId, string? Reason);

    public sealed record DecisionRequest(string? Outcome, string? Reason);

    public sealed record RejectionRequest(string? Reason);

    /// <summary>
    /// What happened, when, by whom: <see cref="By"/> names a role ("the provider", "a member", "a representative of a
    /// member", "a broker", "the payment provider"), never a person; <see cref="MemberId"/> and <see cref="ActedBy"/> are
    /// for council staff only.
    /// </summary>
    public sealed record InvoiceStepView(string Step, DateTimeOffset At, string By, string? Reason, Guid? MemberId = null, string? ActedBy = null);

    public sealed record ReversalView(string TransferId, long Amount, DateTimeOffset ReversedAt);

    /// <param name="Reason">Why less than the scheduled amount is asked; null for the whole amount.</param>
    /// <param name="FailureReason">The payment provider's (or PooledFunds') reason, while the payment is failed.</param>
    public sealed record InvoiceView(
        Guid Id, Guid ContractId, Guid PoolId, Guid ProviderId, int PeriodNumber, DateOnly PeriodStart, DateOnly PeriodEnd, long Amount, string Currency,
        long ScheduledAmount, string? Reason, string Delivered, string Reference, string Status, DateTimeOffset SubmittedAt, Guid? PaymentId,
        string? TransferId, DateTimeOffset? PaidAt, string? FailureReason, ReversalView? Reversal, IReadOnlyList<InvoiceStepView> History);

    public static async Task<Results<Created<InvoiceView>, ValidationProblem>> Submit(
        Guid contractId, SubmitInvoiceRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        var period = errors.Range("periodNumber", request.PeriodNumber, 1, 1200);
        var amount = errors.Amount("amount", request.Amount);
        var currency = errors.Currency("currency", request.Currency);
        var reason = errors.OptionalText("reason", request.Reason, 1000);
        var delivered = errors.Text("delivered", request.Delivered, 5000);
        var reference = errors.Text("reference", request.Reference, 100);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var ct = http.RequestAborted;
        // Sequential in PostgreSQL's uuid order, so invoices submitted at one instant still list in submission order.
        var invoiceId = NewId.NextSequentialGuid();
        // Two submissions for one period race on its claim stream: the loser decides again and finds the period taken (409).
        for (var attempt = 1; ; attempt++)
        {
            var contract = await session.LoadAsync<ServiceContract>(contractId, ct);
            if (contract is null || !await Access.MayReadContract(session, user, contract.CouncilId, contract.ProviderId, contract.PoolId))
            {
                throw new UnknownContract();
            }

            var claim = await session.Events.FetchForWriting<InvoicedPeriod>(InvoicedPeriod.StreamFor(contractId, period), ct);
            var submission = InvoiceDecisions.Handle(contract, claim.Aggregate, new SubmitInvoice(
                invoiceId, period, amount, currency, reason, delivered, reference, Actor(user, null), clock.GetUtcNow()));
            claim.AppendOne(submission.Claimed);
            session.Events.StartStream<Invoice>(invoiceId, submission.Submitted);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (attempt < 3 && IsLostRace(e))
            {
                session.EjectAllPendingChanges();
                continue;
            }

            StreamVersions.SetETag(http.Response, 1);
            return TypedResults.Created($"/api/invoices/{invoiceId}", View(Invoice.Create(submission.Submitted), user));
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<InvoiceView>>, ValidationProblem>> List(
        Guid contractId, int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var contract = await query.LoadAsync<ServiceContract>(contractId, http.RequestAborted);
        if (contract is null || !await Access.MayReadContract(query, user, contract.CouncilId, contract.ProviderId, contract.PoolId))
        {
            throw new UnknownContract();
        }

        var found = await ListPaging.PageAsync(
            query.Query<Invoice>().Where(i => i.ContractId == contractId).OrderBy(i => i.PeriodNumber).ThenBy(i => i.SubmittedAt).ThenBy(i => i.Id), paging, http.RequestAborted);
        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<InvoiceView>>(found.Items.Select(i => View(i, user)).ToArray());
    }

    public static async Task<Ok<InvoiceView>> Get(Guid invoiceId, ClaimsPrincipal user, IQuerySession query, HttpContext http)
    {
        var invoice = await query.LoadAsync<Invoice>(invoiceId, http.RequestAborted);
        if (invoice is null || !await MayRead(query, user, invoice))
        {
            throw new UnknownInvoice();
        }

        StreamVersions.SetETag(http.Response, (await query.Events.FetchStreamStateAsync(invoiceId, http.RequestAborted))?.Version ?? 1);
        return TypedResults.Ok(View(invoice, user));
    }

    public static async Task<Results<Ok<InvoiceView>, ValidationProblem>> Withdraw(
        Guid invoiceId, WithdrawInvoiceRequest? request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        _ = errors.OptionalText("reason", request?.Reason, 1000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await Write(session, user, invoiceId, http, clock,
            (invoice, _) => Task.FromResult<object[]>([InvoiceDecisions.Handle(invoice, new WithdrawInvoice(Actor(user, null), clock.GetUtcNow()))])));
    }

    public static async Task<Results<Ok<InvoiceView>, ValidationProblem, ProblemHttpResult>> Confirm(
        Guid invoiceId, ConfirmDeliveryRequest? request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        Guid? member = null;
        if (user.Role() is Roles.Member or Roles.Representative)
        {
            var (memberId, forbidden) = Access.ActingMember(user, request?.MemberId);
            if (forbidden is not null)
            {
                return forbidden;
            }

            member = memberId;
            session.ActingFor(user, memberId);
        }

        return TypedResults.Ok(await Write(session, user, invoiceId, http, clock, async (invoice, pool) =>
            InvoiceDecisions.Handle(invoice, await pool(), new ConfirmDelivery(Actor(user, member), clock.GetUtcNow()), NewId.NextGuid())));
    }

    public static async Task<Results<Ok<InvoiceView>, ValidationProblem, ProblemHttpResult>> Dispute(
        Guid invoiceId, DisputeDeliveryRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        var reason = errors.Text("reason", request.Reason, 2000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (memberId, forbidden) = Access.ActingMember(user, request.MemberId);
        if (forbidden is not null)
        {
            return forbidden;
        }

        session.ActingFor(user, memberId);
        return TypedResults.Ok(await Write(session, user, invoiceId, http, clock, async (invoice, pool) =>
            [InvoiceDecisions.Handle(invoice, await pool(), new DisputeDelivery(Actor(user, memberId), reason, clock.GetUtcNow()))]));
    }

    public static async Task<Results<Ok<InvoiceView>, ValidationProblem>> Decide(
        Guid invoiceId, DecisionRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        var outcome = errors.OneOf("outcome", request.Outcome, DecideDispute.Outcomes);
        var reason = errors.Text("reason", request.Reason, 2000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await Write(session, user, invoiceId, http, clock,
            (invoice, _) => Task.FromResult(InvoiceDecisions.Handle(invoice, new DecideDispute(outcome, reason, Actor(user, null), clock.GetUtcNow()), NewId.NextGuid()))));
    }

    public static async Task<Results<Ok<InvoiceView>, ValidationProblem>> Reject(
        Guid invoiceId, RejectionRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http)
    {
        var errors = new RequestErrors();
        var reason = errors.Text("reason", request.Reason, 2000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await Write(session, user, invoiceId, http, clock,
            (invoice, _) => Task.FromResult<object[]>([InvoiceDecisions.Handle(invoice, new RejectInvoice(reason, Actor(user, null), clock.GetUtcNow()))])));
    }

    public static async Task<Ok<InvoiceView>> RetryPayment(Guid invoiceId, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpContext http) =>
        TypedResults.Ok(await Write(session, user, invoiceId, http, clock,
            (invoice, _) => Task.FromResult<object[]>([InvoiceDecisions.Handle(invoice, new RetryPayment(Actor(user, null), clock.GetUtcNow()))])));

    /// <summary>
    /// Read the invoice (404 unless the caller may read it; 412 on a stale If-Match), decide, append; when the decision
    /// frees the period, release its claim; when it approves or retries, publish PayInvoice through the outbox. Racing
    /// writers (a payment answer, another member) decide again on the new state.
    /// </summary>
    private static async Task<InvoiceView> Write(
        IDocumentSession session, ClaimsPrincipal user, Guid invoiceId, HttpContext http, TimeProvider clock, Func<Invoice, Func<Task<Pool>>, Task<object[]>> decide)
    {
        var ct = http.RequestAborted;
        return await session.RetryOnConflictAsync(async () =>
        {
            var stream = await session.Events.FetchForWriting<Invoice>(invoiceId, ct);
            if (stream.Aggregate is not { } invoice || !await MayRead(session, user, invoice))
            {
                throw new UnknownInvoice();
            }

            stream.EnsureVersion(StreamVersions.IfMatch(http.Request));
            var decided = await decide(invoice, async () => await session.LoadAsync<Pool>(invoice.PoolId, ct) ?? throw new UnknownInvoice());
            stream.AppendMany(decided);
            var after = decided.Aggregate(invoice, (state, e) => state.After(e));
            if (decided.Any(InvoiceDecisions.FreesPeriod))
            {
                var claim = await session.Events.FetchForWriting<InvoicedPeriod>(InvoicedPeriod.StreamFor(invoice.ContractId, invoice.PeriodNumber), ct);
                claim.AppendMany(InvoicedPeriod.Release(claim.Aggregate, invoice, clock.GetUtcNow()));
            }

            if (decided.Any(e => e is InvoiceApproved or PaymentRetried))
            {
                session.Publish(InvoiceDecisions.PaymentOrder(after, clock.GetUtcNow()));
            }

            await session.SaveChangesAsync(ct);
            StreamVersions.SetETag(http.Response, stream.CurrentVersion ?? 0);
            return View(after, user);
        }, ConflictAttempts, ConflictJitter, ct);
    }

    private const int ConflictAttempts = 10;
    private static readonly TimeSpan ConflictJitter = TimeSpan.FromMilliseconds(10);

    private static bool IsLostRace(Exception e) =>
        e is JasperFx.ConcurrencyException or ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException;

    private static InvoiceActor Actor(ClaimsPrincipal user, Guid? memberId) => new(user.Role(), user.Subject(), memberId);

    private static Task<bool> MayRead(IQuerySession query, ClaimsPrincipal user, Invoice invoice) =>
        Access.MayReadContract(query, user, invoice.CouncilId, invoice.ProviderId, invoice.PoolId);

    public static InvoiceView View(Invoice i, ClaimsPrincipal user)
    {
        var staff = user.IsCouncilStaff();
        return new InvoiceView(
            i.Id, i.ContractId, i.PoolId, i.ProviderId, i.PeriodNumber, i.PeriodStart, i.PeriodEnd, i.Amount, i.Currency, i.ScheduledAmount, i.Reason,
            i.Delivered, i.Reference, i.Status, i.SubmittedAt, i.PaymentId, i.TransferId, i.PaidAt, i.FailureReason,
            i.Reversal is { } r ? new ReversalView(r.TransferId, r.Amount, r.ReversedAt) : null,
            i.Steps.Select(s => new InvoiceStepView(s.Step, s.At, By(s.ByRole), s.Reason, staff ? s.MemberId : null, staff ? s.UserId : null)).ToArray());
    }

    private static string By(string role) => role switch
    {
        Roles.Provider => "the provider",
        Roles.Member => "a member",
        Roles.Representative => "a representative of a member",
        Roles.Broker => "a broker",
        Invoice.PaymentProvider => "the payment provider",
        _ => "council staff",
    };
}
