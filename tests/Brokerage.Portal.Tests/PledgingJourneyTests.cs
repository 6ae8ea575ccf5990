using Microsoft.Playwright;

namespace Brokerage.Portal.Tests;

/// <summary>A member joins a pool with a pledge and sees their headroom fall by it; a representative does the same for the member.</summary>
[Collection(PortalCollection.Name)]
public sealed class PledgingJourneyTests(PortalStack stack)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_member_pledges_to_an_open_pool_and_sees_the_new_headroom(bool javaScript)
    {
        var arrange = new Arrange(stack);
        await arrange.MemberAsync("Grace Adeyemi", "Sunflower", 1_200_000);
        var poolId = await arrange.OpenPoolAsync("Brixton evenings out");
        await using var grace = await stack.OpenAsync("member-pledges", javaScript);

        await grace.SignInAsync("Grace Adeyemi", arrange.Council);
        Assert.Contains("£12,000.00", await grace.MainTextAsync());
        await grace.FollowAsync("Find a pool to join");
        await grace.FollowAsync("Brixton evenings out");
        await grace.PressAsync("Join with a pledge");

        // One social-care budget and a pool that takes only social care: the Portal asks how much straight away.
        Assert.Equal("How much do you want to pledge?", await grace.Page.Locator("h1").InnerTextAsync());
        await grace.FillAsync("How much do you want to pledge?", "12.345");
        await grace.PressAsync("Continue");
        Assert.StartsWith("Error: ", await grace.TitleAsync());
        var summary = grace.Page.Locator(".govuk-error-summary");
        Assert.Contains("no more than 2 numbers after the point", await summary.InnerTextAsync());
        await summary.GetByRole(AriaRole.Link).First.ClickAsync();
        Assert.Equal("Amount", await grace.Page.EvaluateAsync<string>("document.activeElement.id"));

        await grace.FillAsync("How much do you want to pledge?", "2,500.50");
        await grace.PressAsync("Continue");
        await grace.ChooseAsync("Now");
        await grace.PressAsync("Continue");
        await grace.PressAsync("Continue");
        Assert.Contains("Confirm you have read the pool's rules", await grace.MainTextAsync());
        await grace.ChooseAsync("I have read the pool's rules and accept them");
        await grace.PressAsync("Continue");

        Assert.Equal("Check your answers before pledging", await grace.Page.Locator("h1").InnerTextAsync());
        Assert.Contains("£2,500.50", await grace.MainTextAsync());
        await grace.PressAsync("Pledge £2,500.50");

        Assert.Equal("You are in Brixton evenings out", await grace.Page.Locator(".govuk-panel__title").InnerTextAsync());
        Assert.Contains("£9,499.50", await grace.MainTextAsync());
        await grace.FollowAsync("Go to your home page");
        var budget = grace.Page.GetByRole(AriaRole.Table, new() { Name = "Your budget" , Exact = false });
        Assert.Contains("£2,500.50", await budget.InnerTextAsync());
        Assert.Contains("£9,499.50", await budget.InnerTextAsync());

        using var pools = arrange.Broker(stack.PooledFunds);
        var pool = await pools.GetAsync($"/api/pools/{poolId}").ExpectAsync(System.Net.HttpStatusCode.OK);
        Assert.Equal(250_050, pool.GetProperty("pledged").GetInt64());
    }
}
