using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Injection;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>
/// EF Core raw SQL (<c>FromSqlRaw</c>, <c>ExecuteSqlRaw(Async)</c>, <c>SqlQueryRaw</c>): the call becomes its interpolated
/// counterpart, which sends every hole as a parameter; a local holding the SQL becomes a <c>FormattableString</c>.
/// </summary>
internal sealed class EfCoreSqlRewriter : ISqlRewriter
{
    public bool Handles(SqlSinkKind kind) => kind == SqlSinkKind.EfCoreRaw;

    public async Task<SqlFix?> RewriteAsync(SqlRewrite rewrite, SqlSinkKind kind, IOperation sink)
    {
        if (sink is not IInvocationOperation invocation)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        var target = InterpolatedCounterpart(method, rewrite.Context);
        if (target is null || !HasOnlyCancellationArguments(invocation) || invocation.Syntax is not InvocationExpressionSyntax call)
        {
            return null;
        }

        var pieces = rewrite.Template.Pieces;
        if (pieces.Any(static p => p.Kind == SqlPieceKind.Constant))
        {
            return null; // a constant written as a hole would become a parameter
        }

        var contexts = SqlTextScanner.Analyze(pieces, static p => p.IsHole);
        var replacements = new Dictionary<int, string>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (!piece.IsHole)
            {
                continue;
            }

            if (piece.HasFormatOrAlignment || !contexts.TryGetValue(i, out var hole) || !hole.Parameterizable)
            {
                return null;
            }

            if (hole.Quoted)
            {
                if (piece.Type?.SpecialType != SpecialType.System_String)
                {
                    return null;
                }

                pieces[i - 1].RemoveEnd = hole.RemoveBefore;
                pieces[i + 1].RemoveStart = hole.RemoveAfter;
                if (hole.Prefix.Length > 0 || hole.Suffix.Length > 0)
                {
                    replacements[i] = SqlTemplateRewriter.Decorate(hole.Prefix, piece.Expression!, hole.Suffix);
                }
            }
            else if (!rewrite.Context.IsSafeType(piece.Type))
            {
                return null; // unquoted text: the provider is unknown, the value's SQL type would change
            }
        }

        var rewritten = SqlTemplateRewriter.ToInterpolated(rewrite.Template, replacements);
        if (rewritten is null)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(rewrite.Document, rewrite.CancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(rewrite.TemplateExpression, rewritten);
        if (rewrite.Local is not null)
        {
            if (rewrite.Local.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration || rewrite.Context.FormattableString is null)
            {
                return null;
            }

            var type = SyntaxEdits.TypeName(editor.Generator, rewrite.Context.FormattableString)
                .WithTriviaFrom(declaration.Type);
            editor.ReplaceNode(declaration.Type, type);
        }

        var name = NameNode(call);
        if (name is null)
        {
            return null;
        }

        editor.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier(target).WithTriviaFrom(name.Identifier)));
        return new SqlFix(editor.GetChangedDocument());
    }

    private static string? InterpolatedCounterpart(IMethodSymbol method, SqlAnalysisContext context)
    {
        var candidates = method.Name switch
        {
            "FromSqlRaw" => new[] { "FromSql", "FromSqlInterpolated" },
            "ExecuteSqlRaw" => new[] { "ExecuteSql", "ExecuteSqlInterpolated" },
            "ExecuteSqlRawAsync" => new[] { "ExecuteSqlAsync", "ExecuteSqlInterpolatedAsync" },
            "SqlQueryRaw" => new[] { "SqlQuery" },
            _ => System.Array.Empty<string>(),
        };
        foreach (var candidate in candidates)
        {
            foreach (var member in method.ContainingType.GetMembers(candidate))
            {
                if (member is IMethodSymbol overload && overload.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, context.FormattableString)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>No SQL parameters are passed besides the text (a cancellation token may be).</summary>
    private static bool HasOnlyCancellationArguments(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || parameter.Ordinal == 0 || parameter.Name == "sql")
            {
                continue;
            }

            if (parameter.Type.Name == "CancellationToken")
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer.ElementValues.IsEmpty: true })
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            return false;
        }

        return true;
    }

    private static SimpleNameSyntax? NameNode(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name,
        SimpleNameSyntax simple => simple,
        _ => null,
    };
}
