using Brokerage.ProviderOffers.Api;
using Brokerage.ProviderOffers.Api.Apis;
using Brokerage.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWhoAmIApi();
app.MapProvidersApi();
app.MapCallsApi();
app.MapBidsApi();
app.MapResultsApi();

app.Run();

public partial class Program;
