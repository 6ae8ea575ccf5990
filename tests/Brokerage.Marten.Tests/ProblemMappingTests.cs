using System.Net.Http.Headers;
using System.Text.Json;
using Brokerage.ServiceDefaults;
using Brokerage.Testing;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Brokerage.Marten.Tests;

/// <summary>A real conflict in PostgreSQL, raised by Marten in an endpoint, as the caller sees it through ServiceDefaults.</summary>
public sealed class ProblemMappingTests
{
    [Fact]
    public async Task GivenAnotherWriterGetsInFirst_WhenTheRequestSaves_Then409WithoutStoreDetails()
    {
        await using var app = await StartAsync();
        var id = await CreateLedgerAsync(app);

        var response = await app.GetTestClient().PostAsync($"/ledgers/{id}/pledges?race=true", null);

        await AssertProblemAsync(response, StatusCodes.Status409Conflict);
    }

    [Fact]
    public async Task GivenIfMatch_WhenAnotherWriterGetsInFirst_Then412WithoutStoreDetails()
    {
        await using var app = await StartAsync();
        var id = await CreateLedgerAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/ledgers/{id}/pledges?race=true");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"")); // the version it read: the race makes it stale by the save

        var response = await app.GetTestClient().SendAsync(request);

        await AssertProblemAsync(response, StatusCodes.Status412PreconditionFailed);
    }

    [Fact]
    public async Task GivenAStaleIfMatch_WhenTheRequestArrives_Then412AndNothingIsWritten()
    {
        await using var app = await StartAsync();
        var id = await CreateLedgerAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/ledgers/{id}/pledges");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));

        var response = await app.GetTestClient().SendAsync(request);

        await AssertProblemAsync(response, StatusCodes.Status412PreconditionFailed);
        await using var query = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(1, (await query.Events.FetchStreamStateAsync(id))!.Version);
    }

    [Fact]
    public async Task GivenTheRequestWinsTheRace_ThenItAnswersWithTheNewVersion()
    {
        await using var app = await StartAsync();
        var id = await CreateLedgerAsync(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/ledgers/{id}/pledges");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));

        var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal(StatusCodes.Status204NoContent, (int)response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    private static async Task<WebApplication> StartAsync()
    {
        var db = await TestInfrastructure.CreateDatabaseAsync("marten");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:EventStore"] = db;
        builder.AddServiceDefaults();
        builder.Services.AddBrokerageMarten(db, ServiceHost.Schema, o =>
        {
            o.AddEventTypes(Ledger.Events);
            o.Projections.Snapshot<Ledger>(SnapshotLifecycle.Inline);
        });

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapPost("/ledgers/{id:guid}/pledges", async (Guid id, bool? race, HttpRequest request, HttpResponse response, IDocumentSession session, IDocumentStore store) =>
        {
            var ledger = await session.Events.FetchForWriting<Ledger>(id);
            ledger.EnsureVersion(StreamVersions.IfMatch(request));
            if (race == true)
            {
                await using var other = store.LightweightSession();
                other.Events.Append(id, new AmountPaid(id, 1));
                await other.SaveChangesAsync();
            }

            ledger.AppendOne(new AmountPledged(id, Guid.NewGuid(), 10));
            await session.SaveChangesAsync();
            StreamVersions.SetETag(response, ledger.CurrentVersion!.Value);
            return TypedResults.NoContent();
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<Guid> CreateLedgerAsync(WebApplication app)
    {
        var id = Guid.NewGuid();
        await using var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.StartStream<Ledger>(id, new LedgerOpened(id, "lambeth"));
        await session.SaveChangesAsync();
        return id;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        // The same code whether our version check or PostgreSQL (through Marten) found the conflict.
        Assert.Equal(ExceptionProblemOptions.ConflictCode, problem.GetProperty("code").GetString());
        foreach (var leak in (string[])["23505", "Marten", "JasperFx", "Npgsql", "mt_", "event-stream", "unexpected-max", "EventStream"])
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
