using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// Extra sinks named by a team in <c>.editorconfig</c>: <c>securebackend.SB1001.additional_sinks</c> lists
/// documentation-comment IDs of methods, constructors (<c>M:</c>) or properties (<c>P:</c>), separated by commas or
/// semicolons. The SQL argument of a method is its string parameter named like <c>sql</c>/<c>commandText</c>/<c>query</c>,
/// else its first string parameter.
/// </summary>
internal sealed class ConfiguredSqlSinks
{
    public const string OptionKey = ConfigOptions.Prefix + "SB1001.additional_sinks";

    public static readonly ConfiguredSqlSinks Empty = new(new Dictionary<ISymbol, IParameterSymbol?>(SymbolEqualityComparer.Default));

    private readonly Dictionary<ISymbol, IParameterSymbol?> _sinks;

    private ConfiguredSqlSinks(Dictionary<ISymbol, IParameterSymbol?> sinks) => _sinks = sinks;

    public bool IsEmpty => _sinks.Count == 0;

    public static ConfiguredSqlSinks Parse(string? value, Compilation compilation)
    {
        var ids = ConfigOptions.ParseList(value);
        if (ids.IsEmpty)
        {
            return Empty;
        }

        var sinks = new Dictionary<ISymbol, IParameterSymbol?>(SymbolEqualityComparer.Default);
        foreach (var id in ids)
        {
            foreach (var symbol in DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation))
            {
                switch (symbol)
                {
                    case IMethodSymbol method when FindSqlParameter(method) is { } parameter:
                        sinks[method.OriginalDefinition] = parameter;
                        break;
                    case IPropertySymbol { Type.SpecialType: SpecialType.System_String } property:
                        sinks[property.OriginalDefinition] = null;
                        break;
                }
            }
        }

        return sinks.Count == 0 ? Empty : new ConfiguredSqlSinks(sinks);
    }

    public bool TryGetMethodSink(IMethodSymbol method, out SqlSink sink)
    {
        sink = default;
        if (IsEmpty || !_sinks.TryGetValue(method.OriginalDefinition, out var parameter) || parameter is null)
        {
            return false;
        }

        var name = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.ContainingType.Name + "." + method.Name;
        sink = new SqlSink(SqlSinkKind.Configured, name, method.Parameters[parameter.Ordinal]);
        return true;
    }

    public bool TryGetPropertySink(IPropertySymbol property, out SqlSink sink)
    {
        sink = default;
        if (IsEmpty || !_sinks.ContainsKey(property.OriginalDefinition))
        {
            return false;
        }

        sink = new SqlSink(SqlSinkKind.Configured, property.ContainingType.Name + "." + property.Name, null);
        return true;
    }

    private static IParameterSymbol? FindSqlParameter(IMethodSymbol method)
    {
        var named = SqlSinkCatalogue.FindSqlTextParameter(method);
        if (named is not null)
        {
            return named;
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.SpecialType == SpecialType.System_String)
            {
                return parameter;
            }
        }

        return null;
    }
}
