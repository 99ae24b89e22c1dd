using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Injection;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>A computed SB1001 fix: the rewritten document.</summary>
internal sealed class SqlFix
{
    public SqlFix(Document document) => Document = document;

    public Document Document { get; }
}

/// <summary>The rewrite of SQL sent to one database API into a parameterized query.</summary>
internal interface ISqlRewriter
{
    /// <summary>Whether SQL sent to a sink of <paramref name="kind"/> is this rewriter's.</summary>
    bool Handles(SqlSinkKind kind);

    /// <summary>The parameterized rewrite, or null when it cannot be proven equivalent.</summary>
    Task<SqlFix?> RewriteAsync(SqlRewrite rewrite, SqlSinkKind kind, IOperation sink);
}

/// <summary>
/// Decides whether a reported SQL expression can be rewritten into an equivalent parameterized query, and hands it to
/// the rewriter of its database API (<see cref="EfCoreSqlRewriter"/>, <see cref="AdoNetSqlRewriter"/>,
/// <see cref="DapperSqlRewriter"/>). The analyzer records which API the SQL goes to
/// (<see cref="SqlFixData.SinkKindProperty"/>) and which pieces of the SQL can carry SQL syntax
/// (<see cref="SqlFixData.PiecesProperty"/>), so neither the sink nor the value flow is looked at again. Anything a rewriter cannot prove
/// equivalent gets no fix.
/// </summary>
internal static class SqlFixPlanner
{
    private static readonly ISqlRewriter[] Rewriters = { new EfCoreSqlRewriter(), new AdoNetSqlRewriter(), new DapperSqlRewriter() };

    /// <summary>The rewriter for SQL sent to a sink of <paramref name="kind"/>, or null (no fix for that API).</summary>
    public static ISqlRewriter? RewriterFor(SqlSinkKind kind)
    {
        foreach (var rewriter in Rewriters)
        {
            if (rewriter.Handles(kind))
            {
                return rewriter;
            }
        }

        return null;
    }

    /// <summary>
    /// The rewrite of the SQL reported at <paramref name="reported"/>; which of its pieces can carry SQL comes from the
    /// analyzer (<paramref name="taints"/>, <see cref="SqlFixData.PiecesProperty"/>).
    /// </summary>
    public static async Task<SqlFix?> PlanAsync(Document document, SyntaxNode reported, SqlSinkKind kind, SqlPieceTaints taints, CancellationToken cancellationToken)
    {
        if (RewriterFor(kind) is not { } rewriter)
        {
            return null;
        }

        if (reported is ArgumentSyntax argument)
        {
            reported = argument.Expression;
        }

        if (reported is not ExpressionSyntax sqlExpression)
        {
            return null;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || SqlAnalysisContext.Create(model.Compilation) is not { } context)
        {
            return null;
        }

        var value = model.GetOperation(sqlExpression, cancellationToken);
        if (value is null || SinkOf(value) is not { } sink)
        {
            return null;
        }

        // The SQL is written at the sink, or in a local assigned once and read only there.
        var templateExpression = sqlExpression;
        VariableDeclaratorSyntax? local = null;
        if (value.WalkDownConversions() is ILocalReferenceOperation reference)
        {
            local = FindSingleUseLocal(reference, cancellationToken);
            if (local?.Initializer is null)
            {
                return null;
            }

            templateExpression = local.Initializer.Value;
        }

        while (templateExpression is ParenthesizedExpressionSyntax parenthesized)
        {
            templateExpression = parenthesized.Expression;
        }

        var template = SqlTemplate.Create(templateExpression, model, taints, cancellationToken);
        if (template is null || !template.Pieces.Any(static p => p.Kind == SqlPieceKind.TaintedHole))
        {
            return null;
        }

        var rewrite = new SqlRewrite(document, model, context, sqlExpression, templateExpression, local, template, cancellationToken);
        return await rewriter.RewriteAsync(rewrite, kind, sink).ConfigureAwait(false);
    }

    /// <summary>The call, creation or assignment the reported value is passed to (the analyzer found it to be the sink).</summary>
    private static IOperation? SinkOf(IOperation value)
    {
        var current = value;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation invocation } => invocation,
            IArgumentOperation { Parent: IObjectCreationOperation creation } => creation,
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation } assignment when assignment.Value == current => assignment,
            _ => null,
        };
    }

    /// <summary>The declarator of a local written once (its initializer) and read only by <paramref name="reference"/>.</summary>
    private static VariableDeclaratorSyntax? FindSingleUseLocal(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.IsConst || local.IsRef || local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        foreach (var operation in reference.GetRoot().Descendants())
        {
            if (operation is ILocalReferenceOperation other && other != reference && SymbolEqualityComparer.Default.Equals(other.Local, local))
            {
                return null;
            }
        }

        return local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
    }
}

/// <summary>One SQL expression being rewritten: where it is, its template, and what every rewriter shares.</summary>
internal sealed class SqlRewrite
{
    public SqlRewrite(
        Document document,
        SemanticModel model,
        SqlAnalysisContext context,
        ExpressionSyntax sqlExpression,
        ExpressionSyntax templateExpression,
        VariableDeclaratorSyntax? local,
        SqlTemplate template,
        CancellationToken cancellationToken)
    {
        Document = document;
        Model = model;
        Context = context;
        SqlExpression = sqlExpression;
        TemplateExpression = templateExpression;
        Local = local;
        Template = template;
        CancellationToken = cancellationToken;
    }

    public Document Document { get; }

    public SemanticModel Model { get; }

    public SqlAnalysisContext Context { get; }

    /// <summary>The reported expression (at the sink).</summary>
    public ExpressionSyntax SqlExpression { get; }

    /// <summary>Where the SQL is written: the reported expression, or the initializer of the local it reads.</summary>
    public ExpressionSyntax TemplateExpression { get; }

    /// <summary>The single-use local holding the SQL, or null.</summary>
    public VariableDeclaratorSyntax? Local { get; }

    public SqlTemplate Template { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Replaces every tainted hole by a named placeholder; returns the parameters (name → value text), or null.</summary>
    public List<KeyValuePair<string, string>>? Parameterize(SqlProvider provider, string prefix, SqlParameterNames names, out ExpressionSyntax? rewritten)
    {
        rewritten = null;
        var pieces = Template.Pieces;
        foreach (var piece in pieces)
        {
            if (!piece.IsHole)
            {
                names.ReserveFromSql(piece.Value);
            }
        }

        var contexts = SqlTextScanner.Analyze(pieces, static p => p.Kind == SqlPieceKind.TaintedHole);
        var parameters = new List<KeyValuePair<string, string>>();
        var removed = new HashSet<int>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (piece.Kind != SqlPieceKind.TaintedHole)
            {
                continue;
            }

            if (piece.HasFormatOrAlignment || !contexts.TryGetValue(i, out var hole) || !hole.Parameterizable
                || i == 0 || !pieces[i - 1].IsEditableText || piece.Type?.SpecialType != SpecialType.System_String)
            {
                return null;
            }

            if (hole.Quoted)
            {
                if (i + 1 >= pieces.Count || !pieces[i + 1].IsEditableText)
                {
                    return null;
                }

                pieces[i - 1].RemoveEnd = hole.RemoveBefore;
                pieces[i + 1].RemoveStart = hole.RemoveAfter;
            }
            else if (!SqlParameterNames.ConvertsTextImplicitly(provider))
            {
                return null; // WHERE Id = " + id: a text parameter compared with a number fails on this provider
            }

            var valueText = SqlTemplateRewriter.Decorate(hole.Prefix, piece.Expression!, hole.Suffix);
            var name = names.NameFor(piece.Expression!, valueText, out var isNew);
            pieces[i - 1].Append += prefix + name;
            removed.Add(i);
            if (isNew)
            {
                parameters.Add(new KeyValuePair<string, string>(name, valueText));
            }
        }

        rewritten = SqlTemplateRewriter.WithoutHoles(Template, removed);
        return rewritten is null ? null : parameters;
    }
}
