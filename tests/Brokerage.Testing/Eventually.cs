namespace Brokerage.Testing;

/// <summary>Waits for something that happens through messages or timers, with a deadline instead of a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; after <paramref name="timeout"/> fails the test, naming <paramref name="what"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for: {what}");
    }
}
