using Brokerage.PooledFunds.Api;
using Brokerage.PooledFunds.Api.Apis;
using Brokerage.PooledFunds.Api.Payments;
using Brokerage.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWhoAmIApi();
app.MapPoolsApi();
app.MapPledgesApi();
app.MapLedgerApi();
app.MapMemberPledgesApi();
app.MapStripeWebhooks();

app.Run();

public partial class Program;
