using System.Security.Claims;
using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.AchievingOutcome;
using Brokerage.Members.Api.Members.AddingOutcome;
using Brokerage.Members.Api.Members.EditingOutcome;
using Brokerage.Members.Api.Members.RemovingOutcome;
using Brokerage.Members.Api.ReadModels;
using Brokerage.ServiceDefaults;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Brokerage.Members.Api.Apis;

/// <summary>
/// Support-plan outcomes: special-category data. Written by the member's side only, read by the member's side and
/// council staff; never in a message, a log line or an error text.
/// </summary>
public static class SupportPlanApi
{
    private const int DescriptionLength = 1000;

    public static RouteGroupBuilder MapSupportPlanApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/members/{memberId:guid}/outcomes").WithTags("Support plan")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/", List).RequireAuthorization(MembersPolicies.MemberSideOrCouncilStaff).WithName("ListOutcomes")
            .WithSummary("The outcomes in the member's support plan")
            .WithDescription("Roles: the member, their active representative, broker and council-admin of the member's council.");
        api.MapGet("/{outcomeId:guid}", Get).RequireAuthorization(MembersPolicies.MemberSideOrCouncilStaff).WithName("GetOutcome")
            .WithSummary("One support-plan outcome")
            .WithDescription("Roles: the member, their active representative, broker and council-admin of the member's council.");
        api.MapPost("/", Add).RequireAuthorization(Policies.MemberOrRepresentative).WithName("AddOutcome")
            .WithSummary("Add an outcome the member wants to achieve").WithDescription("Roles: the member, their active representative.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/{outcomeId:guid}", Edit).RequireAuthorization(Policies.MemberOrRepresentative).WithName("EditOutcome")
            .WithSummary("Reword an outcome").WithDescription("Roles: the member, their active representative.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{outcomeId:guid}/achieved", Achieve).RequireAuthorization(Policies.MemberOrRepresentative).WithName("MarkOutcomeAchieved")
            .WithSummary("Mark an outcome achieved").WithDescription("Roles: the member, their active representative.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{outcomeId:guid}", Remove).RequireAuthorization(Policies.MemberOrRepresentative).WithName("RemoveOutcome")
            .WithSummary("Remove an outcome").WithDescription("Roles: the member, their active representative.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<OutcomeEntry>>> List(
        Guid memberId, ClaimsPrincipal user, MemberAccess access, IQuerySession query, HttpResponse response, CancellationToken ct)
    {
        StreamVersions.SetETag(response, (await access.EnsureAsync(user, memberId, ct)).Version);
        return TypedResults.Ok((await query.LoadAsync<SupportPlanView>(memberId, ct))?.Outcomes ?? []);
    }

    public static async Task<Ok<OutcomeEntry>> Get(
        Guid memberId, Guid outcomeId, ClaimsPrincipal user, MemberAccess access, IQuerySession query, CancellationToken ct)
    {
        await access.EnsureAsync(user, memberId, ct);
        return TypedResults.Ok(await OutcomeAsync(query, memberId, outcomeId, ct));
    }

    public static async Task<Results<Created<OutcomeEntry>, ValidationProblem>> Add(
        Guid memberId, OutcomeRequest body, HttpContext http, MemberAccess access, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        var errors = new RequestErrors();
        var description = errors.Text("description", body.Description, DescriptionLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var outcomeId = NewId.NextSequentialGuid();
        await MemberCommands.DecideAsync(session, http, memberId,
            member => AddSupportPlanOutcome.Handle(member, new AddSupportPlanOutcome(memberId, outcomeId, description, time.GetUtcNow())), ct);
        return TypedResults.Created($"/api/members/{memberId}/outcomes/{outcomeId}", await OutcomeAsync(session, memberId, outcomeId, ct));
    }

    public static async Task<Results<Ok<OutcomeEntry>, ValidationProblem>> Edit(
        Guid memberId, Guid outcomeId, OutcomeRequest body, HttpContext http, MemberAccess access, IDocumentSession session,
        TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        var errors = new RequestErrors();
        var description = errors.Text("description", body.Description, DescriptionLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await MemberCommands.DecideAsync(session, http, memberId,
            member => EditSupportPlanOutcome.Handle(member, new EditSupportPlanOutcome(memberId, outcomeId, description, time.GetUtcNow())), ct);
        return TypedResults.Ok(await OutcomeAsync(session, memberId, outcomeId, ct));
    }

    public static async Task<Ok<OutcomeEntry>> Achieve(
        Guid memberId, Guid outcomeId, HttpContext http, MemberAccess access, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        await MemberCommands.DecideAsync(session, http, memberId,
            member => MarkOutcomeAchieved.Handle(member, new MarkOutcomeAchieved(memberId, outcomeId, time.GetUtcNow())), ct);
        return TypedResults.Ok(await OutcomeAsync(session, memberId, outcomeId, ct));
    }

    public static async Task<NoContent> Remove(
        Guid memberId, Guid outcomeId, HttpContext http, MemberAccess access, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, memberId, ct);
        await MemberCommands.DecideAsync(session, http, memberId,
            member => RemoveSupportPlanOutcome.Handle(member, new RemoveSupportPlanOutcome(memberId, outcomeId, time.GetUtcNow())), ct);
        return TypedResults.NoContent();
    }

    private static async Task<OutcomeEntry> OutcomeAsync(IQuerySession query, Guid memberId, Guid outcomeId, CancellationToken ct) =>
        (await query.LoadAsync<SupportPlanView>(memberId, ct))?.Outcomes.FirstOrDefault(o => o.OutcomeId == outcomeId)
        ?? throw new OutcomeNotFound();
}

public sealed record OutcomeRequest(string? Description);
