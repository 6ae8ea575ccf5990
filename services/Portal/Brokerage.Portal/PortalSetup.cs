using System.IO.Compression;
using Brokerage.Portal.Services;
using Brokerage.ServiceDefaults;
using Marten;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brokerage.Portal;

/// <summary>
/// The Portal's composition: Razor Pages, cookie sign-in with the session (and the person's access token) kept server
/// side in the Portal's database, antiforgery on every form, the four services' HTTP clients, GOV.UK Frontend's
/// assets served from this process, and GOV.UK error pages for whatever a service answers.
/// </summary>
public static class PortalSetup
{
    /// <summary>The idle timeout: GOV.UK's default for a service holding personal data.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);

    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var secure = builder.Configuration.GetValue("Portal:SecureCookies", true);

        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Members", PortalPolicies.MemberSide);
            pages.Conventions.AuthorizeFolder("/Providers", PortalPolicies.Provider);
            pages.Conventions.AuthorizeFolder("/Staff", PortalPolicies.Staff);
            pages.Conventions.AllowAnonymousToFolder("/SigningIn");
            pages.Conventions.AllowAnonymousToFolder("/Errors");
        }).AddMvcOptions(mvc => mvc.Filters.Add<ServiceProblemFilter>());

        services.AddMarten(options =>
        {
            options.Connection(builder.Configuration.GetConnectionString("EventStore")
                ?? throw new InvalidOperationException("ConnectionStrings:EventStore (the Portal's session database) is not configured."));
            options.DatabaseSchemaName = "portal";
            options.Schema.For<StoredSession>();
            options.Schema.For<JourneyAnswers>();
        }).ApplyAllDatabaseChangesOnStartup();

        services.AddSingleton<MartenTicketStore>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = secure ? "__Host-brokerage-session" : "brokerage-session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = IdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/sign-in";
                cookie.LogoutPath = "/sign-out";
                cookie.AccessDeniedPath = "/errors/403";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Events.OnRedirectToLogin = context =>
                {
                    // A session that ran out says so on the sign-in page; a first visit just asks to sign in.
                    var timedOut = context.Request.Cookies.ContainsKey(cookie.Cookie.Name!);
                    context.Response.Redirect(timedOut ? "/sign-in?timedOut=true" : context.RedirectUri);
                    return Task.CompletedTask;
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<MartenTicketStore>((cookie, store) => cookie.SessionStore = store);
        services.AddAuthorization(PortalPolicies.Add);

        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = secure ? "__Host-brokerage-antiforgery" : "brokerage-antiforgery";
            antiforgery.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.FormFieldName = "__RequestVerificationToken";
        });

        services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        services.AddHttpContextAccessor();
        services.AddServiceClients(builder.Configuration);
        services.AddSingleton<DemoPeople>();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<PortalUser>();
        services.AddScoped<Journeys>();

        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy("The process answers."), [HealthTags.Live])
            .AddCheck<SessionStoreHealthCheck>("sessions", HealthStatus.Unhealthy, [HealthTags.Ready]);
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/errors/500",
            StatusCodeSelector = ServiceErrors.StatusFor,
        });
        app.UseStatusCodePagesWithReExecute("/errors/{0}");
        app.UseResponseCompression();
        app.Use(SecurityHeaders);
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = files => files.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Live) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready) }).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    /// <summary>
    /// Pages are private: never cached, never framed, no referrer beyond the origin, scripts only from the Portal.
    /// Static assets keep their own cache header.
    /// </summary>
    private static Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        return next();
    }
}
