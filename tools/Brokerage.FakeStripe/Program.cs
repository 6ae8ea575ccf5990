using Brokerage.FakeStripe;

var builder = WebApplication.CreateBuilder(args);
// `--config file.json` pre-creates platform accounts (the FakeStripe section, as in appsettings.Development.json).
if (builder.Configuration["config"] is { Length: > 0 } configFile)
{
    builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
}

builder.Services.AddFakeStripe(builder.Configuration);

var app = builder.Build();
app.MapStripeApi();
app.MapControlApi();
app.MapGet("/health/live", () => "Healthy");
app.MapGet("/health/ready", () => "Healthy");
app.Run();
