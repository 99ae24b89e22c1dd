using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>The database provider family of a command or connection type: decides placeholder syntax and typing.</summary>
internal enum SqlProvider
{
    Unknown,
    SqlServer,
    Sqlite,
    MySql,
    PostgreSql,
    Oracle,

    /// <summary>ODBC and OLE DB: positional <c>?</c> placeholders; no named-parameter rewrite.</summary>
    Positional,
}

/// <summary>Parameter names derived from the value expressions, unique within one SQL statement.</summary>
internal sealed class SqlParameterNames
{
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _byValue = new(StringComparer.Ordinal);

    /// <summary>Reserves the names already written in the SQL text (<c>@id</c>, <c>:id</c>, <c>$id</c>).</summary>
    public void ReserveFromSql(string sql)
    {
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] is '@' or ':' or '$')
            {
                var start = i + 1;
                var end = start;
                while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
                {
                    end++;
                }

                if (end > start)
                {
                    _used.Add(sql.Substring(start, end - start));
                }
            }
        }
    }

    public void Reserve(string name) => _used.Add(name);

    /// <summary>The name for a value; the same value text gets the same name.</summary>
    public string NameFor(ExpressionSyntax expression, string valueText, out bool isNew)
    {
        if (_byValue.TryGetValue(valueText, out var existing))
        {
            isNew = false;
            return existing;
        }

        var baseName = Derive(expression);
        var name = baseName;
        for (var n = 2; _used.Contains(name); n++)
        {
            name = baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _used.Add(name);
        _byValue.Add(valueText, name);
        isNew = true;
        return name;
    }

    public static SqlProvider ProviderOf(ITypeSymbol? type)
    {
        var ns = type?.ContainingNamespace;
        return IsAny(ns, "Microsoft.Data.SqlClient", "System.Data.SqlClient") ? SqlProvider.SqlServer
            : IsAny(ns, "Microsoft.Data.Sqlite", "System.Data.SQLite") ? SqlProvider.Sqlite
            : IsAny(ns, "MySqlConnector", "MySql.Data.MySqlClient") ? SqlProvider.MySql
            : ns.IsNamespace("Npgsql") ? SqlProvider.PostgreSql
            : IsAny(ns, "Oracle.ManagedDataAccess.Client", "Oracle.DataAccess.Client", "System.Data.OracleClient") ? SqlProvider.Oracle
            : IsAny(ns, "System.Data.Odbc", "System.Data.OleDb") ? SqlProvider.Positional
            : SqlProvider.Unknown;
    }

    private static bool IsAny(INamespaceSymbol? ns, params string[] names)
    {
        foreach (var name in names)
        {
            if (ns.IsNamespace(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the provider converts a text parameter compared with a number the way it converts a numeric literal.</summary>
    public static bool ConvertsTextImplicitly(SqlProvider provider)
        => provider is SqlProvider.SqlServer or SqlProvider.Sqlite or SqlProvider.MySql;

    /// <summary>A C# identifier token for <paramref name="name"/> (keywords escaped with <c>@</c>).</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static string Derive(ExpressionSyntax expression)
    {
        var raw = expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            ElementAccessExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments }
                when arguments[0].Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } when IsTextTransform(member.Name.Identifier.ValueText)
                => Derive(member.Expression),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => StripGet(member.Name.Identifier.ValueText),
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax identifier } => StripGet(identifier.Identifier.ValueText),
            ConditionalAccessExpressionSyntax access => Derive(access.Expression),
            ParenthesizedExpressionSyntax parenthesized => Derive(parenthesized.Expression),
            CastExpressionSyntax cast => Derive(cast.Expression),
            _ => "value",
        };

        var name = new StringBuilder();
        foreach (var c in raw)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                name.Append(c);
            }
        }

        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            name.Insert(0, 'p');
        }

        return name.ToString();
    }

    private static bool IsTextTransform(string name)
        => name is "ToString" or "Trim" or "TrimStart" or "TrimEnd" or "ToLower" or "ToUpper" or "ToLowerInvariant" or "ToUpperInvariant";

    private static string StripGet(string name)
        => name.Length > 3 && name.StartsWith("Get", StringComparison.Ordinal) && char.IsUpper(name[3])
            ? char.ToLowerInvariant(name[3]) + name.Substring(4)
            : name;
}
