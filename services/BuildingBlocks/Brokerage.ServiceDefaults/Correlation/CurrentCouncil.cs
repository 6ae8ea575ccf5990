namespace Brokerage.ServiceDefaults;

/// <summary>
/// The council the current request or message is about: the caller's council for an HTTP request, the
/// <c>Brokerage-Council</c> header for a message, the call's council for a timer. Read only where time may differ per
/// council (a Development clock moved for one council: <c>POST /dev/clock</c> with a council); nothing else depends on it.
/// </summary>
public static class CurrentCouncil
{
    private static readonly AsyncLocal<string?> Ambient = new();

    public static string? Value => Ambient.Value;

    /// <summary>Sets the council for the rest of this async flow; dispose to restore the previous one.</summary>
    public static IDisposable Use(string? council)
    {
        var previous = Ambient.Value;
        Ambient.Value = council;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
