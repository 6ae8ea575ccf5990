using System.Security.Claims;
using Brokerage.EventStore;
using Brokerage.ProviderOffers.Api.Calls;
using Brokerage.ProviderOffers.Api.Providers;
using Brokerage.ProviderOffers.Api.ReadModels;
using Brokerage.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Brokerage.ProviderOffers.Api.Apis;

public static class CallsApi
{
    public static RouteGroupBuilder MapCallsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/calls").WithTags("Calls for offers").RequireAuthorization(Access.ProviderOrCouncilStaff);
        api.MapGet("/", List).WithSummary("Open calls you may bid on (provider) or your council's calls (staff), closing soonest first; ?page=&pageSize= (X-Total-Count, Link)")
            .WithDescription("Roles: provider (open calls of councils that verified it, in its categories); broker, council-admin (their council's calls).");
        api.MapGet("/{callId:guid}", Get).WithSummary("A call for offers")
            .WithDescription("Roles: a provider that may bid on it or has bid on it; broker or council-admin of the call's council.");
        return api;
    }

    public sealed record CallResponse(
        Guid Id,
        string CouncilId,
        Guid PoolId,
        string Title,
        string Description,
        IReadOnlyList<string> Outcomes,
        IReadOnlyList<string> ServiceCategories,
        long MaximumAnnualPriceAmount,
        string Currency,
        int TermMonths,
        DateOnly StartDate,
        DateTimeOffset ClosesAt,
        DateTimeOffset PublishedAt,
        CallStatus Status,
        DateTimeOffset? BidsOpenedAt)
    {
        public static CallResponse From(CallView v) =>
            new(v.Id, v.CouncilId, v.PoolId, v.Title, v.Description, v.Outcomes, v.ServiceCategories, v.MaximumAnnualPrice, v.Currency,
                v.TermMonths, v.StartDate, v.ClosesAt, v.PublishedAt, v.Status, v.BidsOpenedAt);
    }

    private static async Task<Results<Ok<IReadOnlyList<CallResponse>>, ValidationProblem>> List(
        int? page, int? pageSize, ClaimsPrincipal user, DocumentStore store, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        const string order = "(data->>'closesAt')::timestamptz";
        DocumentPage<CallView> found;
        if (user.IsCouncilStaff())
        {
            found = await store.PageAsync<CallView>(new { councilId = user.Council() }, order, paging.Offset, paging.Size, ct);
        }
        else if (user.OwnProviderId() is { } providerId && await store.LoadAsync<ProviderView>(providerId.ToString(), ct) is { } provider)
        {
            // Open calls, not yet past their closing time, of the councils that verified the provider, in its categories.
            var councils = provider.CouncilIds.Where(c => provider.StandingWith(c) == Standing.Verified).ToArray();
            found = await store.PageAsync<CallView>(
                "data->>'councilId' = ANY(@councils) AND data->>'status' = 'open' AND (data->>'closesAt')::timestamptz > @now::timestamptz "
                + "AND jsonb_exists_any(data->'serviceCategories', @categories)",
                [
                    new NpgsqlParameter("councils", councils), DocumentParameters.Time("now", clock.GetUtcNow()),
                    new NpgsqlParameter("categories", provider.ServiceCategories.ToArray()),
                ],
                order, paging.Offset, paging.Size, ct);
        }
        else
        {
            found = new DocumentPage<CallView>([], 0);
        }

        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<CallResponse>>(found.Items.Select(CallResponse.From).ToList());
    }

    private static async Task<Results<Ok<CallResponse>, ProblemHttpResult>> Get(Guid callId, ClaimsPrincipal user, DocumentStore store, CancellationToken ct)
    {
        var call = await store.LoadAsync<CallView>(callId.ToString(), ct);
        return call is not null && await MaySeeAsync(call, user, store, ct)
            ? TypedResults.Ok(CallResponse.From(call))
            : Problems.NotFound("No such call for offers");
    }

    /// <summary>Staff of the call's council; a provider that may bid on it now, or that has bid on it.</summary>
    internal static async Task<bool> MaySeeAsync(CallView call, ClaimsPrincipal user, DocumentStore store, CancellationToken ct)
    {
        if (user.IsStaffOf(call.CouncilId))
        {
            return true;
        }

        if (user.OwnProviderId() is not { } providerId)
        {
            return false;
        }

        if (await store.LoadAsync<ProviderView>(providerId.ToString(), ct) is { } provider
            && provider.WorksWith(call.CouncilId)
            && provider.StandingWith(call.CouncilId) == Standing.Verified
            && call.ServiceCategories.Intersect(provider.ServiceCategories).Any())
        {
            return true;
        }

        return (await store.QueryAsync<BidView>(new { callId = call.Id, providerId }, limit: 1, ct: ct)).Count > 0;
    }
}
