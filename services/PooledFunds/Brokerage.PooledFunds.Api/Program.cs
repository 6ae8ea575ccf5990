using Brokerage.PooledFunds.Api;
using Brokerage.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWhoAmIApi();

app.Run();

public partial class Program;
