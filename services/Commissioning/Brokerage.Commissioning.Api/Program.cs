using Brokerage.Commissioning.Api;
using Brokerage.Commissioning.Api.Apis;
using Brokerage.Commissioning.Api.Clock;
using Brokerage.Commissioning.Api.Ocds;
using Brokerage.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWhoAmIApi();
app.MapNeedsApi();
app.MapCallsApi();
app.MapContractsApi();
app.MapInvoicesApi();
app.MapOcdsApi();
if (app.Environment.IsDevelopment())
{
    app.MapDevClockApi();
}

app.Run();

public partial class Program;
