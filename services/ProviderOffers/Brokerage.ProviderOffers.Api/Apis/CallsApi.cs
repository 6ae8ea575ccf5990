using System.Globalization;
using System.Security.Claims;
using Brokerage.ProviderOffers.Api.Calls;
using Brokerage.ProviderOffers.Api.Providers;
using Brokerage.ProviderOffers.Api.ReadModels;
using Brokerage.ServiceDefaults;
using Marten;
using Marten.Linq.MatchesSql;
using Microsoft.AspNetCore.Http.HttpResults;

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
        int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        DocumentPage<CallView> found;
        if (user.IsCouncilStaff())
        {
            var councilId = user.Council();
            found = await ListPaging.PageAsync(
                query.Query<CallView>().Where(c => c.CouncilId == councilId).OrderBy(c => c.ClosesAt).ThenBy(c => c.Id), paging, ct);
        }
        else if (user.OwnProviderId() is { } providerId && await query.LoadAsync<ProviderView>(providerId, ct) is { } provider)
        {
            // Open calls, not yet past their closing time, of the councils that verified the provider, in its categories. "Now"
            // goes as ISO text cast like the stored text, so both round to the same microsecond: a call closing this very
            // instant is not open (a DateTimeOffset parameter is truncated instead and would still list it).
            var councils = provider.CouncilIds.Where(c => provider.StandingWith(c) == Standing.Verified).ToArray();
            var now = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            var categories = provider.ServiceCategories.ToArray();
            found = await ListPaging.PageAsync(
                query.Query<CallView>()
                    .Where(c => c.CouncilId.IsOneOf(councils) && c.Status == CallStatus.Open)
                    .Where(c => c.MatchesSql("(data->>'closesAt')::timestamptz > ?::timestamptz AND jsonb_exists_any(data->'serviceCategories', ?)", now, categories))
                    .OrderBy(c => c.ClosesAt).ThenBy(c => c.Id),
                paging, ct);
        }
        else
        {
            found = new DocumentPage<CallView>([], 0);
        }

        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<CallResponse>>(found.Items.Select(CallResponse.From).ToList());
    }

    private static async Task<Results<Ok<CallResponse>, ProblemHttpResult>> Get(Guid callId, ClaimsPrincipal user, IQuerySession query, CancellationToken ct)
    {
        var call = await query.LoadAsync<CallView>(callId, ct);
        return call is not null && await MaySeeAsync(call, user, query, ct)
            ? TypedResults.Ok(CallResponse.From(call))
            : Problems.NotFound("No such call for offers");
    }

    /// <summary>Staff of the call's council; a provider that may bid on it now, or that has bid on it.</summary>
    internal static async Task<bool> MaySeeAsync(CallView call, ClaimsPrincipal user, IQuerySession query, CancellationToken ct)
    {
        if (user.IsStaffOf(call.CouncilId))
        {
            return true;
        }

        if (user.OwnProviderId() is not { } providerId)
        {
            return false;
        }

        if (await query.LoadAsync<ProviderView>(providerId, ct) is { } provider
            && provider.WorksWith(call.CouncilId)
            && provider.StandingWith(call.CouncilId) == Standing.Verified
            && call.ServiceCategories.Intersect(provider.ServiceCategories).Any())
        {
            return true;
        }

        var callId = call.Id;
        return await query.Query<BidView>().AnyAsync(b => b.CallId == callId && b.ProviderId == providerId, ct);
    }
}
