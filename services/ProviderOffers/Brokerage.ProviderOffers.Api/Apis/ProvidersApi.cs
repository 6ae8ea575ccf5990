using System.Security.Claims;
using System.Text.RegularExpressions;
using Brokerage.Messaging;
using Brokerage.ProviderOffers.Api.Providers;
using Brokerage.ProviderOffers.Contracts;
using Brokerage.ProviderOffers.Api.Providers.RecordingPaymentAccount;
using Brokerage.ProviderOffers.Api.Providers.RegisteringProvider;
using Brokerage.ProviderOffers.Api.Providers.SuspendingProvider;
using Brokerage.ProviderOffers.Api.Providers.UpdatingDetails;
using Brokerage.ProviderOffers.Api.Providers.VerifyingProvider;
using Brokerage.ProviderOffers.Api.ReadModels;
using Brokerage.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Published = Brokerage.ProviderOffers.Contracts;

namespace Brokerage.ProviderOffers.Api.Apis;

public static partial class ProvidersApi
{
    public static RouteGroupBuilder MapProvidersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/providers").WithTags("Providers");

        api.MapPost("/", Register).RequireAuthorization(Policies.Provider)
            .WithSummary("Register your organisation").WithDescription("Roles: provider. The organisation's id is the token's subject.");
        api.MapGet("/", List).RequireAuthorization(Policies.CouncilStaff)
            .WithSummary("Providers that work with your council, by legal name; ?page=&pageSize= (X-Total-Count, Link)").WithDescription("Roles: broker, council-admin.");
        api.MapGet("/{providerId:guid}", Get).RequireAuthorization(Access.ProviderOrCouncilStaff)
            .WithSummary("A provider's details and standing")
            .WithDescription("Roles: the provider itself; broker or council-admin of a council it works with (that council's standing only).");
        api.MapPut("/{providerId:guid}", Update).RequireAuthorization(Policies.Provider)
            .WithSummary("Update your organisation's details").WithDescription("Roles: the provider itself. Honours If-Match.");
        api.MapPut("/{providerId:guid}/payment-account", RecordAccount).RequireAuthorization(Policies.Provider)
            .WithSummary("Record your Stripe connected account").WithDescription("Roles: the provider itself.");
        api.MapPost("/{providerId:guid}/verification", Verify).RequireAuthorization(Policies.Broker)
            .WithSummary("Verify the provider for your council")
            .WithDescription("Roles: broker of a council the provider works with. No If-Match: the stream version also counts other councils' changes.");
        api.MapPost("/{providerId:guid}/suspension", Suspend).RequireAuthorization(Policies.Broker)
            .WithSummary("Suspend the provider in your council, with a reason").WithDescription("Roles: broker of a council the provider works with.");
        return api;
    }

    public sealed record RegistrationNumbersRequest(string? CqcProviderId, string? CharityNumber, string? CompanyNumber);

    public sealed record ProviderRequest(
        string? LegalName,
        RegistrationNumbersRequest? RegistrationNumbers,
        IReadOnlyList<string?>? ServiceCategories,
        IReadOnlyList<string?>? AreasServed,
        IReadOnlyList<string?>? CouncilIds);

    public sealed record PaymentAccountRequest(string? AccountId);

    public sealed record StandingRequest(string? Reason);

    public sealed record StandingResponse(string CouncilId, Standing Standing, string? Reason, DateTimeOffset? Since);

    public sealed record StandingChangeResponse(string CouncilId, Standing Standing, string? Reason, string? BrokerId, DateTimeOffset At);

    public sealed record ProviderResponse(
        Guid Id,
        string LegalName,
        RegistrationNumbers RegistrationNumbers,
        IReadOnlyList<string> ServiceCategories,
        IReadOnlyList<string> AreasServed,
        IReadOnlyList<string> CouncilIds,
        string? PaymentAccountId,
        IReadOnlyList<StandingResponse> Standings,
        IReadOnlyList<StandingChangeResponse> History,
        DateTimeOffset RegisteredAt,
        DateTimeOffset UpdatedAt,
        long? Version)
    {
        /// <summary>
        /// The provider sees every council's standing (without the brokers' staff ids); council staff see only their own
        /// council's standing and history, and no stream version (it moves when another council verifies or suspends):
        /// nothing of one council is visible to another.
        /// </summary>
        public static ProviderResponse For(ProviderView view, ClaimsPrincipal user)
        {
            var own = user.IsProvider(view.Id);
            var councils = own ? view.CouncilIds : view.CouncilIds.Where(c => c == user.Council()).ToList();
            var history = view.History.Where(change => councils.Contains(change.CouncilId))
                .Select(change => new StandingChangeResponse(change.CouncilId, change.Standing, change.Reason, own ? null : change.BrokerId, change.At))
                .ToList();
            var standings = councils
                .Select(council => view.LatestWith(council) is { } latest
                    ? new StandingResponse(council, latest.Standing, latest.Reason, latest.At)
                    : new StandingResponse(council, Standing.Unverified, null, null))
                .ToList();
            return new ProviderResponse(
                view.Id, view.LegalName, view.RegistrationNumbers, view.ServiceCategories, view.AreasServed, councils, view.PaymentAccountId,
                standings, history, view.RegisteredAt, view.UpdatedAt, own ? view.Version : null);
        }
    }

    private sealed record ProviderDetails(
        string LegalName, RegistrationNumbers Numbers, IReadOnlyList<string> Categories, IReadOnlyList<string> Areas, IReadOnlyList<string> Councils);

    private static async Task<Results<Created<ProviderResponse>, ValidationProblem>> Register(
        ProviderRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var details = Read(request, errors);
        var providerId = user.OwnProviderId();
        errors.Check(providerId is not null, "sub", "The provider token's subject must be the organisation's id (a GUID).");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var id = providerId!.Value;
        var provider = await session.Events.FetchForWriting<Provider>(id, ct);
        var registered = RegisterProvider.Handle(provider.Aggregate, new RegisterProvider(
            id, details.LegalName, details.Numbers, details.Categories, details.Areas, details.Councils, clock.GetUtcNow()));
        provider.AppendOne(registered);
        session.Publish(new Published.ProviderRegistered(id, registered.LegalName, registered.ServiceCategories, registered.CouncilIds, registered.RegisteredAt));
        await session.SaveChangesAsync(ct);
        var view = await LoadAsync(session, id, ct);
        StreamVersions.SetETag(response, view.Version);
        return TypedResults.Created($"/api/providers/{id}", ProviderResponse.For(view, user));
    }

    private static async Task<Results<Ok<IReadOnlyList<ProviderResponse>>, ValidationProblem>> List(
        int? page, int? pageSize, ClaimsPrincipal user, IQuerySession query, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var paging = ListPaging.Read(errors, page, pageSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var councilId = user.Council();
        var found = await ListPaging.PageAsync(
            query.Query<ProviderView>().Where(p => p.CouncilIds.Contains(councilId)).OrderBy(p => p.LegalName.ToLower()).ThenBy(p => p.Id), paging, ct);
        ListPaging.Describe(http, paging, found.Total);
        return TypedResults.Ok<IReadOnlyList<ProviderResponse>>(found.Items.Select(v => ProviderResponse.For(v, user)).ToList());
    }

    private static async Task<Results<Ok<ProviderResponse>, ProblemHttpResult>> Get(
        Guid providerId, ClaimsPrincipal user, IQuerySession query, HttpResponse response, CancellationToken ct)
    {
        var view = await query.LoadAsync<ProviderView>(providerId, ct);
        if (view is null || !(user.IsProvider(providerId) || (user.IsCouncilStaff() && view.WorksWith(user.Council()))))
        {
            return Problems.NotFound("No such provider");
        }

        if (user.IsProvider(providerId))
        {
            StreamVersions.SetETag(response, view.Version);
        }

        return TypedResults.Ok(ProviderResponse.For(view, user));
    }

    private static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid providerId, ProviderRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpRequest http,
        HttpResponse response, CancellationToken ct)
    {
        var expected = StreamVersions.IfMatch(http);
        if (!user.IsProvider(providerId))
        {
            return Problems.NotFound("No such provider");
        }

        var errors = new RequestErrors();
        var details = Read(request, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await ChangeOwnDetailsAsync(providerId, expected, user, session, response, provider =>
        {
            var updated = UpdateProviderDetails.Handle(provider, new UpdateProviderDetails(
                providerId, details.LegalName, details.Numbers, details.Categories, details.Areas, details.Councils, clock.GetUtcNow()));
            return (updated, new Published.ProviderDetailsChanged(providerId, updated.LegalName, updated.ServiceCategories, updated.CouncilIds, updated.UpdatedAt));
        }, ct);
    }

    private static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> RecordAccount(
        Guid providerId, PaymentAccountRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, HttpRequest http,
        HttpResponse response, CancellationToken ct)
    {
        var expected = StreamVersions.IfMatch(http);
        if (!user.IsProvider(providerId))
        {
            return Problems.NotFound("No such provider");
        }

        var errors = new RequestErrors();
        var account = errors.Text("accountId", request.AccountId, maxLength: 255);
        errors.Check(account.Length == 0 || StripeAccount().IsMatch(account), "accountId", "Must be a Stripe connected account id: acct_ followed by letters and digits.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await ChangeOwnDetailsAsync(providerId, expected, user, session, response, provider =>
        {
            var recorded = RecordPaymentAccount.Handle(provider, new RecordPaymentAccount(providerId, account, clock.GetUtcNow()));
            return (recorded, new Published.ProviderPaymentAccountRecorded(providerId, recorded.PaymentAccountId, recorded.RecordedAt));
        }, ct);
    }

    private static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> Verify(
        Guid providerId, StandingRequest? request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var reason = errors.OptionalText("reason", request?.Reason, maxLength: 2000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await ChangeStandingAsync(providerId, user, session, provider =>
        {
            var decided = VerifyProvider.Handle(provider, new VerifyProvider(providerId, user.Council(), user.Subject(), reason, clock.GetUtcNow()));
            return (decided, new Published.ProviderVerified(providerId, decided.CouncilId, decided.VerifiedAt));
        }, ct);
    }

    private static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> Suspend(
        Guid providerId, StandingRequest request, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var reason = errors.Text("reason", request.Reason, maxLength: 2000);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await ChangeStandingAsync(providerId, user, session, provider =>
        {
            var decided = SuspendProvider.Handle(provider, new SuspendProvider(providerId, user.Council(), user.Subject(), reason, clock.GetUtcNow()));
            return (decided, new Published.ProviderSuspended(providerId, decided.CouncilId, decided.Reason, decided.SuspendedAt));
        }, ct);
    }

    // The provider changes its own record: the event and its message commit together; the answer carries the new ETag.
    private static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> ChangeOwnDetailsAsync(
        Guid providerId, long? expected, ClaimsPrincipal user, IDocumentSession session, HttpResponse response,
        Func<Provider?, (object Event, object Message)> decide, CancellationToken ct)
    {
        var provider = await session.Events.FetchForWriting<Provider>(providerId, ct);
        EnsureVersion(provider, expected);
        var (decided, message) = decide(provider.Aggregate);
        provider.AppendOne(decided);
        session.Publish(message);
        await session.SaveChangesAsync(ct);
        var view = await LoadAsync(session, providerId, ct);
        StreamVersions.SetETag(response, view.Version);
        return TypedResults.Ok(ProviderResponse.For(view, user));
    }

    // A broker changes the provider's standing in the broker's council; 404 for a provider that does not work with it.
    private static async Task<Results<Ok<ProviderResponse>, ValidationProblem, ProblemHttpResult>> ChangeStandingAsync(
        Guid providerId, ClaimsPrincipal user, IDocumentSession session, Func<Provider, (object Event, object Message)> decide, CancellationToken ct)
    {
        // Brokers of two councils may act at once on the same provider: the later one re-reads and decides again.
        var found = await Conflicts.RetryAsync(session, async () =>
        {
            var provider = await session.Events.FetchForWriting<Provider>(providerId, ct);
            if (provider.Aggregate?.WorksWith(user.Council()) != true)
            {
                return false;
            }

            var (decided, message) = decide(provider.Aggregate);
            provider.AppendOne(decided);
            session.Publish(message);
            await session.SaveChangesAsync(ct);
            return true;
        });
        if (!found)
        {
            return Problems.NotFound("No such provider");
        }

        var view = await LoadAsync(session, providerId, ct);
        return TypedResults.Ok(ProviderResponse.For(view, user));
    }

    // A stale If-Match is 412 through Marten's ConcurrencyException; the check is here so that it is also 412 when the
    // command would otherwise be refused for another reason.
    private static void EnsureVersion(IEventStream<Provider> provider, long? expected)
    {
        if (provider.Aggregate is not null)
        {
            provider.EnsureVersion(expected);
        }
    }

    private static async Task<ProviderView> LoadAsync(IDocumentSession session, Guid providerId, CancellationToken ct) =>
        await session.LoadAsync<ProviderView>(providerId, ct)
        ?? throw new InvalidOperationException("The provider's read model is written inline and must exist after a save.");

    private static ProviderDetails Read(ProviderRequest request, RequestErrors errors)
    {
        var legalName = errors.Text("legalName", request.LegalName, maxLength: 300);
        var numbers = request.RegistrationNumbers;
        var cqc = errors.OptionalText("registrationNumbers.cqcProviderId", numbers?.CqcProviderId, maxLength: 20);
        var charity = errors.OptionalText("registrationNumbers.charityNumber", numbers?.CharityNumber, maxLength: 20);
        var company = errors.OptionalText("registrationNumbers.companyNumber", numbers?.CompanyNumber, maxLength: 20);
        errors.Check(cqc is null || CqcProviderId().IsMatch(cqc), "registrationNumbers.cqcProviderId", "Must be a CQC provider id such as 1-101234567.");
        errors.Check(charity is null || CharityNumber().IsMatch(charity), "registrationNumbers.charityNumber",
            "Must be a charity number: 6 or 7 digits (England and Wales, optionally -1 to -99), SC and 6 digits (Scotland) or NIC and 6 digits (Northern Ireland).");
        errors.Check(company is null || CompanyNumber().IsMatch(company), "registrationNumbers.companyNumber",
            "Must be a Companies House number: 8 digits, or 2 capital letters and 6 digits (e.g. SC123456).");
        var categories = errors.SomeOf("serviceCategories", request.ServiceCategories, ServiceCategories.All);
        var areas = errors.Texts("areasServed", request.AreasServed, maxItems: 50, maxLength: 100);
        IReadOnlyList<string> councils = [];
        if (request.CouncilIds is null || request.CouncilIds.Count == 0)
        {
            errors.Add("councilIds", "At least one value is required.");
        }
        else
        {
            councils = request.CouncilIds.Select(council => CouncilIds.Normalise(council ?? "")).ToList();
            for (var i = 0; i < councils.Count; i++)
            {
                errors.Check(CouncilIds.IsValid(councils[i]), $"councilIds[{i}]", CouncilIds.Rule);
            }

            errors.Check(councils.Count <= 50, "councilIds", "At most 50 values.");
            errors.Check(councils.Distinct(StringComparer.Ordinal).Count() == councils.Count, "councilIds", "Each value may appear once.");
        }

        return new ProviderDetails(legalName, new RegistrationNumbers(cqc, charity, company), categories, areas, councils);
    }

    [GeneratedRegex("^1-[0-9]{8,11}$")]
    private static partial Regex CqcProviderId();

    [GeneratedRegex("^([0-9]{6,7}(-[0-9]{1,2})?|SC[0-9]{6}|NIC[0-9]{6})$")]
    private static partial Regex CharityNumber();

    [GeneratedRegex("^([0-9]{8}|[A-Z]{2}[0-9]{6})$")]
    private static partial Regex CompanyNumber();

    [GeneratedRegex("^acct_[A-Za-z0-9]{1,250}$")]
    private static partial Regex StripeAccount();
}
