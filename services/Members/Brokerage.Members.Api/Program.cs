using Brokerage.Members.Api;
using Brokerage.Members.Api.Apis;
using Brokerage.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWhoAmIApi();
app.MapCouncilsApi();
app.MapMembersEndpoints();

app.Run();

public partial class Program;
