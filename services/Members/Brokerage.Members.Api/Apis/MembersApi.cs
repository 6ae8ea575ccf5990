using System.Security.Claims;
using Brokerage.Members.Api.IntegrationEvents;
using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.ClosingMembership;
using Brokerage.Members.Api.Members.CorrectingDetails;
using Brokerage.Members.Api.Members.HoldingPseudonyms;
using Brokerage.Members.Api.Members.GivingPoolingConsent;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.Members.Api.Members.WithdrawingPoolingConsent;
using Brokerage.Members.Api.ReadModels;
using Brokerage.Messaging;
using Brokerage.ServiceDefaults;
using Marten;
using Marten.Exceptions;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Members.Api.Apis;

/// <summary>Members: registration, details and their correction, the public card, consent to pool, closing.</summary>
public static class MembersApi
{
    public static RouteGroupBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/members").WithTags("Members")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", Register).RequireAuthorization(Policies.Broker).WithName("RegisterMember")
            .WithSummary("Register a budget holder in your council").WithDescription("Roles: broker (own council).");
        api.MapGet("/", List).RequireAuthorization(Policies.CouncilStaff).WithName("ListMembers")
            .WithSummary("The council's members, oldest registration first; ?page=&pageSize= (X-Total-Count, Link)")
            .WithDescription("Roles: broker, council-admin (own council).");
        api.MapGet("/{memberId:guid}", Get).RequireAuthorization(MembersPolicies.MemberSideOrCouncilStaff).WithName("GetMember")
            .WithSummary("A member's details").WithDescription("Roles: the member, their active representative, broker and council-admin of the member's council.");
        api.MapPatch("/{memberId:guid}", Correct).RequireAuthorization(MembersPolicies.MemberSideOrBroker).WithName("CorrectMemberDetails")
            .WithSummary("Correct a member's details (fields given replace the current ones)")
            .WithDescription("Roles: the member, their active representative, broker of the member's council. Honours If-Match.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapGet("/{memberId:guid}/card", Card).RequireAuthorization(Policies.SignedIn).WithName("GetMemberCard")
            .WithSummary("A member's public card: the pseudonym only").WithDescription("Roles: any signed-in user of the member's council.");
        api.MapPut("/{memberId:guid}/pooling-consent", GiveConsent).RequireAuthorization(Policies.MemberOrRepresentative).WithName("GivePoolingConsent")
            .WithSummary("Consent to pool part of the budget").WithDescription("Roles: the member, their active representative.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{memberId:guid}/pooling-consent", WithdrawConsent).RequireAuthorization(Policies.MemberOrRepresentative).WithName("WithdrawPoolingConsent")
            .WithSummary("Withdraw consent to pool").WithDescription("Roles: the member, their active representative.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{memberId:guid}/close", Close).RequireAuthorization(Policies.Broker).WithName("CloseMembership")
            .WithSummary("Close a membership (the record stays readable)").WithDescription("Roles: broker of the member's council.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{memberId:guid}/history", History).RequireAuthorization(Policies.CouncilStaff).WithName("GetMemberHistory")
            .WithSummary("The member's audit trail, oldest first: who changed what, when, for whom; ?after=<version>&limit=<1..500>")
            .WithDescription("Roles: broker, council-admin of the member's council. Event types and metadata only, never the changes' contents. Closed members read too.");
        return api;
    }

    public static async Task<Results<Created<MemberResponse>, ValidationProblem>> Register(
        RegisterMemberRequest body, HttpRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider time,
        CancellationToken ct)
    {
        var errors = new RequestErrors();
        var idempotencyKey = errors.OptionalText(IdempotencyKeys.Header, request.Headers[IdempotencyKeys.Header].ToString(), 100);
        var name = errors.Text("name", body.Name, DetailsRequests.NameLength);
        var contact = DetailsRequests.Contact(errors, "contact", body.Contact);
        var needs = DetailsRequests.Needs(errors, body.CommunicationNeeds, body.InterpreterLanguage);
        var pseudonym = errors.Text("pseudonym", body.Pseudonym, DetailsRequests.PseudonymLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var council = user.Council();
        var now = time.GetUtcNow();
        var command = new RegisterMember(NewId.NextSequentialGuid(), council, name, contact, needs, pseudonym, now);
        var fingerprint = RegistrationKey.Fingerprint(command);
        var keyStream = idempotencyKey is null ? (Guid?)null : RegistrationKey.StreamFor(council, idempotencyKey);

        // A replay is answered before the pseudonym is checked: the member it registered holds that pseudonym.
        if (keyStream is { } replayed && await session.Events.AggregateStreamAsync<RegistrationKey>(replayed, token: ct) is { } earlier)
        {
            return await ReplayAsync(earlier);
        }

        var registered = RegisterMember.Handle(command);
        session.Events.StartStream<Member>(command.MemberId, registered);
        if (keyStream is { } claimed)
        {
            session.Events.StartStream<RegistrationKey>(claimed, new RegistrationKeyClaimed(command.MemberId, council, now, fingerprint));
        }

        try
        {
            await PseudonymClaim.ChangeAsync(session, council, command.MemberId, null, pseudonym, now, ct);
            session.Publish(IntegrationMessages.For(registered.CouncilId, registered)!);
            await session.SaveChangesAsync(ct);
        }
        catch (ExistingStreamIdCollisionException e) when (keyStream is { } key && Equals(e.Id, key))
        {
            // A racing twin with the same key: nothing of this attempt was written; answer with the member the key registered.
            session.EjectAllPendingChanges();
            return await ReplayAsync((await session.Events.AggregateStreamAsync<RegistrationKey>(key, token: ct))!);
        }
        catch (Exception e) when (e is PseudonymTaken || PseudonymClaim.LostRaceFor(e, council, pseudonym))
        {
            // Another registration holds the pseudonym or took it a moment ago. A twin with the same key that committed
            // after the replay check above (its key, member and pseudonym commit together) still answers with its member.
            session.EjectAllPendingChanges();
            if (keyStream is { } key && await session.Events.AggregateStreamAsync<RegistrationKey>(key, token: ct) is { } twin)
            {
                return await ReplayAsync(twin);
            }

            throw new PseudonymTaken();
        }

        return await CreatedAsync(command.MemberId);

        async Task<Results<Created<MemberResponse>, ValidationProblem>> ReplayAsync(RegistrationKey claim)
        {
            if (!claim.Matches(fingerprint))
            {
                errors.Add(IdempotencyKeys.Header, "This key was first used to register different details; send a new key for a new registration.");
                return errors.ToProblem();
            }

            return await CreatedAsync(claim.MemberId);
        }

        async Task<Results<Created<MemberResponse>, ValidationProblem>> CreatedAsync(Guid memberId)
        {
            var view = (await session.LoadAsync<MemberDetailsView>(memberId, ct))!;
            // Like every other write: the version a following PATCH can send as If-Match.
            StreamVersions.SetETag(request.HttpContext.Response, view.Version);
            return TypedResults.Created($"/api/members/{memberId}", MemberResponse.From(view));
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<MemberSummary>>, ValidationProblem>> List(
        int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var council = user.Council();
        var found = await ListPaging.PageAsync(
            query.Query<MemberDetailsView>().Where(m => m.CouncilId == council).OrderBy(m => m.RegisteredAt).ThenBy(m => m.Id), paging, ct);
        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<MemberSummary>>(found.Items
            .Select(m => new MemberSummary(m.Id, m.Name, m.Pseudonym, m.Status, m.PoolingConsent, m.RegisteredAt))
            .ToArray());
    }

    public static async Task<Ok<MemberResponse>> Get(Guid memberId, ClaimsPrincipal user, MemberAccess access, HttpResponse response, CancellationToken ct)
    {
        var member = await access.EnsureAsync(user, memberId, ct);
        StreamVersions.SetETag(response, member.Version);
        return TypedResults.Ok(MemberResponse.From(member));
    }

    public static async Task<Results<Ok<MemberResponse>, ValidationProblem>> Correct(
        Guid memberId, CorrectDetailsRequest body, HttpContext http, MemberAccess access, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        var current = await access.EnsureAsync(http.User, memberId, ct);
        var errors = new RequestErrors();
        var name = body.Name is null ? null : errors.Text("name", body.Name, DetailsRequests.NameLength);
        var contact = body.Contact is null ? null : DetailsRequests.Contact(errors, "contact", body.Contact);
        var needs = body.CommunicationNeeds is null ? null : DetailsRequests.Needs(errors, body.CommunicationNeeds, body.InterpreterLanguage);
        errors.Check(body.InterpreterLanguage is null || body.CommunicationNeeds is not null, "interpreterLanguage", "Give it together with communicationNeeds.");
        var pseudonym = body.Pseudonym is null ? null : errors.Text("pseudonym", body.Pseudonym, DetailsRequests.PseudonymLength);
        errors.Check(
            body is not { Name: null, Contact: null, CommunicationNeeds: null, InterpreterLanguage: null, Pseudonym: null },
            "body",
            "Give at least one of name, contact, communicationNeeds, pseudonym.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        if (pseudonym is not null)
        {
            await PseudonymClaim.ChangeAsync(session, current.CouncilId, memberId, current.Pseudonym, pseudonym, now, ct);
        }

        try
        {
            await MemberCommands.DecideAsync(session, http, memberId,
                member => CorrectMemberDetails.Handle(member, new CorrectMemberDetails(memberId, name, contact, needs, pseudonym, now)), ct);
        }
        catch (Exception e) when (pseudonym is not null && PseudonymClaim.LostRaceFor(e, current.CouncilId, pseudonym))
        {
            throw new PseudonymTaken(); // another registration or correction took it a moment ago
        }

        return TypedResults.Ok(MemberResponse.From((await session.LoadAsync<MemberDetailsView>(memberId, ct))!));
    }

    public static async Task<Ok<MemberCard>> Card(Guid memberId, ClaimsPrincipal user, IQuerySession query, CancellationToken ct)
    {
        var member = await query.LoadAsync<MemberDetailsView>(memberId, ct);
        if (member is null || !CouncilAccess.IsSameCouncil(user, member.CouncilId))
        {
            throw new MemberNotFound();
        }

        return TypedResults.Ok(new MemberCard(member.Id, member.Pseudonym));
    }

    public static async Task<Ok<PoolingConsentResponse>> GiveConsent(
        Guid memberId, HttpContext http, MemberAccess access, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        await MemberCommands.DecideAsync(session, http, memberId, member => GivePoolingConsent.Handle(member, new(memberId, time.GetUtcNow())), ct);
        return TypedResults.Ok(await ConsentOf(session, memberId, ct));
    }

    public static async Task<Ok<PoolingConsentResponse>> WithdrawConsent(
        Guid memberId, HttpContext http, MemberAccess access, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        await MemberCommands.DecideAsync(session, http, memberId, member => WithdrawPoolingConsent.Handle(member, new(memberId, time.GetUtcNow())), ct);
        return TypedResults.Ok(await ConsentOf(session, memberId, ct));
    }

    public static async Task<Ok<MemberResponse>> Close(
        Guid memberId, HttpContext http, MemberAccess access, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        await MemberCommands.DecideAsync(session, http, memberId, member => CloseMembership.Handle(member, new(memberId, time.GetUtcNow())), ct);
        return TypedResults.Ok(MemberResponse.From((await session.LoadAsync<MemberDetailsView>(memberId, ct))!));
    }

    public static async Task<Results<Ok<AuditPage>, ValidationProblem>> History(
        Guid memberId, long? after, int? limit, ClaimsPrincipal user, MemberAccess access, ServiceStorage storage, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var paging = AuditTrail.Paging(errors, after, limit);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await access.EnsureAsync(user, memberId, ct);
        return TypedResults.Ok(await AuditTrail.ReadAsync(storage, memberId, paging, ct));
    }

    private static async Task<PoolingConsentResponse> ConsentOf(IQuerySession query, Guid memberId, CancellationToken ct)
    {
        var member = (await query.LoadAsync<MemberDetailsView>(memberId, ct))!;
        return new PoolingConsentResponse(member.Id, member.PoolingConsent, member.PoolingConsentChangedAt);
    }
}

/// <summary>Registration accepts an <c>Idempotency-Key</c> header (as Stripe does): the same key in the same council registers once.</summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
}

public sealed record RegisterMemberRequest(
    string? Name, ContactRequest? Contact, IReadOnlyList<string?>? CommunicationNeeds, string? InterpreterLanguage, string? Pseudonym);

/// <summary>Fields left out (or null) stay as they are; contact and communicationNeeds replace the whole value.</summary>
public sealed record CorrectDetailsRequest(
    string? Name, ContactRequest? Contact, IReadOnlyList<string?>? CommunicationNeeds, string? InterpreterLanguage, string? Pseudonym);

public sealed record MemberResponse(
    Guid Id,
    string Council,
    string Name,
    Contact Contact,
    IReadOnlyList<string> CommunicationNeeds,
    string? InterpreterLanguage,
    string Pseudonym,
    string Status,
    bool PoolingConsent,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ClosedAt)
{
    public static MemberResponse From(MemberDetailsView m) => new(
        m.Id, m.CouncilId, m.Name, m.Contact, m.CommunicationNeeds.Needs, m.CommunicationNeeds.InterpreterLanguage, m.Pseudonym, m.Status,
        m.PoolingConsent, m.RegisteredAt, m.ClosedAt);
}

public sealed record MemberSummary(Guid Id, string Name, string Pseudonym, string Status, bool PoolingConsent, DateTimeOffset RegisteredAt);

/// <summary>What other members and providers may see of a member.</summary>
public sealed record MemberCard(Guid MemberId, string Pseudonym);

public sealed record PoolingConsentResponse(Guid MemberId, bool PoolingConsent, DateTimeOffset? ChangedAt);
