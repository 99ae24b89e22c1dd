using System.Collections.Generic;
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
        var ids = SplitIds(value);
        if (ids.Count == 0)
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

    /// <summary>Splits on commas and semicolons outside the parentheses, braces and brackets of a documentation ID.</summary>
    private static List<string> SplitIds(string? value)
    {
        var ids = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return ids;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i <= value!.Length; i++)
        {
            var c = i < value.Length ? value[i] : ';';
            if (c is '(' or '{' or '[')
            {
                depth++;
            }
            else if (c is ')' or '}' or ']')
            {
                depth--;
            }
            else if ((c is ',' or ';' && depth <= 0) || i == value.Length)
            {
                var id = value.Substring(start, i - start).Trim();
                if (id.Length > 0)
                {
                    ids.Add(id);
                }

                start = i + 1;
                depth = 0;
            }
        }

        return ids;
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
