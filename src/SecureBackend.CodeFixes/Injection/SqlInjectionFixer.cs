using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureBackend.Analyzers;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>
/// SB1001 fixes: rewrite string-built SQL into a parameterized query. EF Core raw-SQL methods become their
/// interpolated counterparts (<c>FromSql</c>, <c>ExecuteSql(Async)</c>, <c>SqlQuery</c>), ADO.NET commands get named
/// parameters, Dapper calls get an anonymous parameter object. No fix is offered where the rewrite could change the
/// query (identifiers, IN lists, unknown SQL positions, SQL assembled elsewhere).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SqlInjectionFixer)), Shared]
public sealed class SqlInjectionFixer : CodeFixProvider
{
    /// <summary>
    /// The one equivalence key of the three rewrites (EF Core interpolated methods, ADO.NET command parameters, Dapper
    /// parameter objects). They never compete for the same diagnostic — the database API decides which one applies —
    /// so Fix All parameterizes every fixable SQL statement in scope at once, and <c>dotnet format analyzers</c>
    /// (which applies one key per rule per run) fixes them all in a single run.
    /// </summary>
    public const string ParameterizeKey = "SB1001.Parameterize";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SqlFromStrings);

    /// <summary>
    /// One edit per document: the fixes of a document are applied one after the other (each one may add statements
    /// next to its command or change a local declared elsewhere), so they never overwrite each other.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var fix = await SqlFixPlanner.PlanAsync(context.Document, node, context.CancellationToken).ConfigureAwait(false);
            if (fix is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(fix.Title, _ => Task.FromResult(fix.Document), fix.EquivalenceKey), diagnostic);
            }
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || diagnostics.IsEmpty)
        {
            return document;
        }

        var annotations = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var diagnostic in diagnostics.OrderByDescending(static d => d.Location.SourceSpan.Start))
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!annotations.ContainsKey(node))
            {
                annotations.Add(node, new SyntaxAnnotation());
            }
        }

        var order = annotations.Values.ToList();
        root = root.ReplaceNodes(annotations.Keys, (original, current) => current.WithAdditionalAnnotations(annotations[original]));
        var current = document.WithSyntaxRoot(root);
        foreach (var annotation in order)
        {
            var currentRoot = await current.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var node = currentRoot?.GetAnnotatedNodes(annotation).FirstOrDefault();
            if (node is null)
            {
                continue;
            }

            var fix = await SqlFixPlanner.PlanAsync(current, node, context.CancellationToken).ConfigureAwait(false);
            if (fix is not null && fix.EquivalenceKey == context.CodeActionEquivalenceKey)
            {
                current = fix.Document;
            }
        }

        return current;
    }
}
