using System.Security.Claims;
using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.AppointingRepresentative;
using Brokerage.Members.Api.Members.EndingRepresentation;
using Brokerage.Members.Api.ReadModels;
using Brokerage.ServiceDefaults;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Members.Api.Apis;

/// <summary>Representatives (Care Act s31 nominated, s32 authorised): appoint, end, list.</summary>
public static class RepresentativesApi
{
    public static RouteGroupBuilder MapRepresentativesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/members/{memberId:guid}/representatives").WithTags("Representatives")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/", List).RequireAuthorization(MembersPolicies.MemberSideOrCouncilStaff).WithName("ListRepresentatives")
            .WithSummary("The member's representatives, past and present")
            .WithDescription("Roles: the member, their active representative, broker and council-admin of the member's council.");
        api.MapGet("/{representativeId:guid}", Get).RequireAuthorization(MembersPolicies.MemberSideOrCouncilStaff).WithName("GetRepresentative")
            .WithSummary("One representative of the member")
            .WithDescription("Roles: the member, their active representative, broker and council-admin of the member's council.");
        api.MapPost("/", Appoint).RequireAuthorization(MembersPolicies.MemberSideOrBroker).WithName("AppointRepresentative")
            .WithSummary("Appoint a representative: s31 nominated (member or broker) or s32 authorised (broker, with the capacity assessment)")
            .WithDescription("Roles: the member (s31 only), broker of the member's council. A representative gets 403.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{representativeId:guid}/end", End).RequireAuthorization(MembersPolicies.MemberSideOrBroker).WithName("EndRepresentative")
            .WithSummary("End a representative's appointment")
            .WithDescription("Roles: broker of the member's council (any), the member (s31 only), the representative (their own).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<RepresentativeEntry>>> List(
        Guid memberId, ClaimsPrincipal user, MemberAccess access, IQuerySession query, HttpResponse response, CancellationToken ct)
    {
        StreamVersions.SetETag(response, (await access.EnsureAsync(user, memberId, ct)).Version);
        var view = await query.LoadAsync<RepresentativesView>(memberId, ct);
        return TypedResults.Ok(view?.Representatives ?? []);
    }

    public static async Task<Ok<RepresentativeEntry>> Get(
        Guid memberId, Guid representativeId, ClaimsPrincipal user, MemberAccess access, IQuerySession query, CancellationToken ct)
    {
        await access.EnsureAsync(user, memberId, ct);
        var view = await query.LoadAsync<RepresentativesView>(memberId, ct);
        return TypedResults.Ok(view?.Representatives.FirstOrDefault(r => r.RepresentativeId == representativeId) ?? throw new RepresentativeNotFound());
    }

    public static async Task<Results<Created<RepresentativeEntry>, ValidationProblem>> Appoint(
        Guid memberId, AppointRepresentativeRequest body, HttpContext http, MemberAccess access, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        var now = time.GetUtcNow();
        var errors = new RequestErrors();
        errors.Check(body.RepresentativeId != Guid.Empty, "representativeId", "Must be a valid id.");
        var name = errors.Text("name", body.Name, DetailsRequests.NameLength);
        var relationship = errors.OptionalText("relationship", body.Relationship, 100);
        var basis = errors.OneOf("basis", body.Basis, RepresentativeBases.All.ToArray());
        CapacityAssessment? assessment = null;
        if (basis == RepresentativeBases.Authorised)
        {
            if (body.CapacityAssessment is not { } given)
            {
                errors.Add("capacityAssessment", "An s32 authorisation needs the capacity assessment's date and reference.");
            }
            else
            {
                var assessedOn = errors.Required("capacityAssessment.assessedOn", given.AssessedOn);
                errors.Check(
                    given.AssessedOn is null || assessedOn <= DateOnly.FromDateTime(now.UtcDateTime),
                    "capacityAssessment.assessedOn",
                    "Must not be in the future.");
                assessment = new CapacityAssessment(assessedOn, errors.Text("capacityAssessment.reference", given.Reference, 100));
            }
        }
        else
        {
            errors.Check(body.CapacityAssessment is null, "capacityAssessment", $"Only for {RepresentativeBases.Authorised}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var representativeId = body.RepresentativeId ?? NewId.NextSequentialGuid();
        await MemberCommands.DecideAsync(session, http, memberId,
            member => AppointRepresentative.Handle(member, new AppointRepresentative(
                memberId, representativeId, name, relationship, basis, assessment, MemberAccess.ActorOf(http.User), now)), ct);
        var view = (await session.LoadAsync<RepresentativesView>(memberId, ct))!;
        return TypedResults.Created(
            $"/api/members/{memberId}/representatives/{representativeId}",
            view.Representatives.Single(r => r.RepresentativeId == representativeId));
    }

    public static async Task<Ok<RepresentativeEntry>> End(
        Guid memberId, Guid representativeId, HttpContext http, MemberAccess access, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        await MemberCommands.DecideAsync(session, http, memberId,
            member => EndRepresentation.Handle(member, new EndRepresentation(memberId, representativeId, MemberAccess.ActorOf(http.User), time.GetUtcNow())), ct);
        var view = (await session.LoadAsync<RepresentativesView>(memberId, ct))!;
        return TypedResults.Ok(view.Representatives.Single(r => r.RepresentativeId == representativeId));
    }
}

/// <summary><paramref name="RepresentativeId"/> is the id the representative's token will carry as sub; generated when left out.</summary>
public sealed record AppointRepresentativeRequest(
    Guid? RepresentativeId, string? Name, string? Relationship, string? Basis, CapacityAssessmentRequest? CapacityAssessment);

public sealed record CapacityAssessmentRequest(DateOnly? AssessedOn, string? Reference);
