using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Brokerage.EventStore;

/// <summary>Maps event CLR types to the stable aliases stored in the <c>type</c> column (kebab-case names; Marten uses snake_case).</summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<Type, string> aliasByType = new();
    private readonly ConcurrentDictionary<string, Type> typeByAlias = new();

    public EventTypeRegistry Add<T>(string? alias = null) => Add(typeof(T), alias);

    public EventTypeRegistry Add(Type type, string? alias = null)
    {
        alias ??= ToAlias(type);
        if (typeByAlias.TryGetValue(alias, out var existing) && existing != type)
        {
            throw new InvalidOperationException($"Event alias '{alias}' is used by both {existing.FullName} and {type.FullName}.");
        }

        aliasByType[type] = alias;
        typeByAlias[alias] = type;
        return this;
    }

    /// <summary>Registers every public concrete class in the assembly that <paramref name="isEvent"/> accepts.</summary>
    public EventTypeRegistry AddAllFrom(Assembly assembly, Func<Type, bool> isEvent)
    {
        foreach (var type in assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && isEvent(t)))
        {
            Add(type);
        }

        return this;
    }

    public string AliasFor(Type type) =>
        aliasByType.TryGetValue(type, out var alias)
            ? alias
            : throw new InvalidOperationException($"Event type {type.FullName} is not registered. Register it with options.Events.Add<{type.Name}>().");

    public Type TypeFor(string alias) =>
        typeByAlias.TryGetValue(alias, out var type) ? type : throw new UnknownEventTypeException(alias);

    public bool IsRegistered(Type type) => aliasByType.ContainsKey(type);

    internal static string ToAlias(Type type)
    {
        var name = type.Name;
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
