using Marten;

namespace Brokerage.Portal.Services;

/// <summary>The answers given so far in one journey of one session, kept server side until check-your-answers sends them.</summary>
public sealed class JourneyAnswers
{
    public string Id { get; set; } = "";

    public Dictionary<string, string> Values { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A multi-page journey's answers (one question a page, then check your answers), stored in the Portal's database
/// under the session and the journey's name: nothing is in the URL, and the journey survives a reload or the back button.
/// </summary>
public sealed class Journeys(IDocumentStore store, PortalUser person, TimeProvider clock)
{
    public async Task<Journey> OpenAsync(string name)
    {
        var id = $"{person.SessionId}:{name}";
        await using var session = store.QuerySession();
        var answers = await session.LoadAsync<JourneyAnswers>(id) ?? new JourneyAnswers { Id = id };
        return new Journey(store, answers, clock);
    }
}

public sealed class Journey(IDocumentStore store, JourneyAnswers answers, TimeProvider clock)
{
    public string? this[string key] => answers.Values.GetValueOrDefault(key);

    public bool Has(params string[] keys) => keys.All(answers.Values.ContainsKey);

    public async Task SetAsync(string key, string? value)
    {
        if (value is null)
        {
            answers.Values.Remove(key);
        }
        else
        {
            answers.Values[key] = value;
        }

        answers.UpdatedAt = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        session.Store(answers);
        await session.SaveChangesAsync();
    }

    /// <summary>Forgets the journey (after it is sent, or when the person starts again).</summary>
    public async Task ClearAsync()
    {
        answers.Values.Clear();
        await using var session = store.LightweightSession();
        session.Delete<JourneyAnswers>(answers.Id);
        await session.SaveChangesAsync();
    }
}
