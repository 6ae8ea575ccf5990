using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Brokerage.Portal.Services;

/// <summary>
/// The four services, called with the signed-in person's access token. A page asks for what it needs and gets it,
/// or an exception the Portal turns into a GOV.UK page (<see cref="ServiceRefused"/> → "page not found" or "you
/// cannot see this", <see cref="ServiceUnavailable"/> → "sorry, there is a problem") or into the form's errors
/// (<see cref="ServiceProblem"/>, through <see cref="ServiceProblemFilter"/>).
/// </summary>
public sealed class ServiceApi(IHttpClientFactory clients, PortalUser user)
{
    public const string MembersName = "members", PooledFundsName = "pooledfunds", ProviderOffersName = "provideroffers", CommissioningName = "commissioning";

    public ServiceClient Members => Client(MembersName);

    public ServiceClient PooledFunds => Client(PooledFundsName);

    public ServiceClient ProviderOffers => Client(ProviderOffersName);

    public ServiceClient Commissioning => Client(CommissioningName);

    private ServiceClient Client(string name)
    {
        var http = clients.CreateClient(name);
        if (user.AccessToken is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new ServiceClient(http, name);
    }
}

/// <summary>One service's HTTP API: JSON in, JSON out, problem+json turned into exceptions with meaning.</summary>
public sealed class ServiceClient(HttpClient http, string service)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellation = default) =>
        (await SendAsync<T>(HttpMethod.Get, path, null, null, cancellation)).Value!;

    /// <summary>A page of a list: the items and <c>X-Total-Count</c>.</summary>
    public async Task<Paged<T>> GetPageAsync<T>(string path, CancellationToken cancellation = default)
    {
        var (items, response) = await SendAsync<List<T>>(HttpMethod.Get, path, null, null, cancellation);
        var total = response.Headers.TryGetValues("X-Total-Count", out var values) && int.TryParse(values.First(), out var count) ? count : items!.Count;
        return new Paged<T>(items!, total);
    }

    public async Task<byte[]> GetBytesAsync(string path, CancellationToken cancellation = default)
    {
        using var response = await Send(new HttpRequestMessage(HttpMethod.Get, path), cancellation);
        await ThrowUnlessSuccess(response, cancellation);
        return await response.Content.ReadAsByteArrayAsync(cancellation);
    }

    public async Task<T> PostAsync<T>(string path, object? body = null, CancellationToken cancellation = default) =>
        (await SendAsync<T>(HttpMethod.Post, path, body ?? new { }, null, cancellation)).Value!;

    public Task PostAsync(string path, object? body = null, CancellationToken cancellation = default) =>
        SendAsync<JsonElement>(HttpMethod.Post, path, body ?? new { }, null, cancellation);

    public async Task<T> PutAsync<T>(string path, object? body = null, CancellationToken cancellation = default) =>
        (await SendAsync<T>(HttpMethod.Put, path, body ?? new { }, null, cancellation)).Value!;

    public Task PutAsync(string path, object? body = null, CancellationToken cancellation = default) =>
        SendAsync<JsonElement>(HttpMethod.Put, path, body ?? new { }, null, cancellation);

    public Task PatchAsync(string path, object body, CancellationToken cancellation = default) =>
        SendAsync<JsonElement>(HttpMethod.Patch, path, body, null, cancellation);

    public Task DeleteAsync(string path, CancellationToken cancellation = default) =>
        SendAsync<JsonElement>(HttpMethod.Delete, path, null, null, cancellation);

    public async Task<(T? Value, HttpResponseMessage Response)> SendAsync<T>(HttpMethod method, string path, object? body, string? ifMatch, CancellationToken cancellation)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await Send(request, cancellation);
        await ThrowUnlessSuccess(response, cancellation);
        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return (default, response);
        }

        try
        {
            return (await response.Content.ReadFromJsonAsync<T>(Json, cancellation), response);
        }
        catch (JsonException exception)
        {
            throw new ServiceUnavailable(service, $"{service} answered {method} {path} with a body the Portal cannot read", exception);
        }
    }

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, CancellationToken cancellation)
    {
        try
        {
            return await http.SendAsync(request, cancellation);
        }
        catch (HttpRequestException exception)
        {
            throw new ServiceUnavailable(service, $"{service} does not answer", exception);
        }
        catch (TaskCanceledException exception) when (!cancellation.IsCancellationRequested)
        {
            throw new ServiceUnavailable(service, $"{service} did not answer in time", exception);
        }
    }

    private async Task ThrowUnlessSuccess(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        switch (status)
        {
            case 401:
                throw new SessionExpired();
            case 403 or 404:
                throw new ServiceRefused(status);
            case >= 500:
                throw new ServiceUnavailable(service, $"{service} answered {status}");
        }

        var problem = await ReadProblem(response, cancellation);
        throw new ServiceProblem(status, problem.Title ?? "The request was refused", problem.Detail, problem.Errors ?? new Dictionary<string, string[]>());
    }

    private static async Task<ProblemBody> ReadProblem(HttpResponseMessage response, CancellationToken cancellation)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellation) ?? new ProblemBody(null, null, null);
        }
        catch (JsonException)
        {
            return new ProblemBody(null, null, null);
        }
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total);

/// <summary>A service refused what the person asked, with a reason to show on the form (400, 409, 412, 422).</summary>
public sealed class ServiceProblem(int status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    : Exception(detail ?? title)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    /// <summary>The fields named in the problem (the services' JSON names, e.g. <c>amount</c>, <c>contact.email</c>) and what is wrong.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>403 or 404 from a service: the person sees GOV.UK's "page not found" or "you cannot see this".</summary>
public sealed class ServiceRefused(int status) : Exception($"The service answered {status}")
{
    public int Status { get; } = status;
}

/// <summary>A service is down, too slow, or answered 5xx: "Sorry, there is a problem with the service".</summary>
public sealed class ServiceUnavailable(string service, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Service { get; } = service;
}

/// <summary>The access token is no longer accepted: the person signs in again.</summary>
public sealed class SessionExpired() : Exception("The access token was refused");

public static class ServiceErrors
{
    /// <summary>The status the Portal answers with for an exception a page did not handle.</summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        ServiceRefused refused => refused.Status,
        ServiceUnavailable => StatusCodes.Status503ServiceUnavailable,
        SessionExpired => StatusCodes.Status401Unauthorized,
        ServiceProblem problem => problem.Status,
        _ => StatusCodes.Status500InternalServerError,
    };
}

public static class ServiceClientRegistration
{
    /// <summary>A named HttpClient per service, from <c>Services:{name}</c> (defaults: the ports <c>./brokerage up</c> uses).</summary>
    public static IServiceCollection AddServiceClients(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var (name, port) in new[] { (ServiceApi.MembersName, 5101), (ServiceApi.PooledFundsName, 5102), (ServiceApi.ProviderOffersName, 5103), (ServiceApi.CommissioningName, 5104) })
        {
            var address = configuration[$"Services:{name}"] ?? $"http://127.0.0.1:{port}/";
            services.AddHttpClient(name, http =>
            {
                http.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
                http.Timeout = TimeSpan.FromSeconds(15);
            });
        }

        services.AddScoped<ServiceApi>();
        return services;
    }
}
