namespace Brokerage.FakeStripe;

/// <summary>The part of Stripe's API that PooledFunds calls through Stripe.net.</summary>
public static class StripeApi
{
    public static void MapStripeApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/transfers", (HttpContext http, StripeCall call, Transfers transfers) => call.RunAsync(http, transfers.Create));
        v1.MapGet("/transfers", (HttpContext http, StripeCall call) => call.RunAsync(http, Transfers.List));
        v1.MapGet("/transfers/{id}", (HttpContext http, StripeCall call, string id) => call.RunAsync(http, c => Transfers.Retrieve(c, id)));
        v1.MapPost("/transfers/{id}/reversals", (HttpContext http, StripeCall call, Transfers transfers, string id) =>
            call.RunAsync(http, c => transfers.Reverse(c.Account, id, c.Request)));
        v1.MapGet("/balance", (HttpContext http, StripeCall call) => call.RunAsync(http, c => StripeResult.Ok(StripeObjects.Balance(c.Account.Balance))));
        v1.Map("/{**rest}", (HttpContext http) =>
            StripeCall.WriteAsync(http, StripeCall.Render(StripeErrors.UnrecognizedUrl(http.Request.Method, http.Request.Path), Ids.New("req"))));
    }
}
