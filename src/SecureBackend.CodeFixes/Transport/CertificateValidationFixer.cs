using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Infrastructure;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.CodeFixes.Transport;

/// <summary>
/// SB4003: removes the assignment that installs an accept-everything callback, so the platform's certificate
/// validation applies again: the statement (<c>=</c> or <c>+=</c>) or the object-initializer entry; the
/// <c>SslStream</c> constructor's callback argument becomes <c>null</c>. No fix where removal would not leave valid,
/// equivalent code (an assignment used as a value or as an embedded statement, an argument of another method).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CertificateValidationFixer)), Shared]
public sealed class CertificateValidationFixer : SecureBackendFixer
{
    public const string RemoveCallbackKey = "SB4003.RemoveCallback";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CertificateValidationDisabled);

    /// <summary>An <c>SslStream</c> argument is recognised by its bound constructor.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (FindEdit(offer.Root, offer.Model, diagnostic, offer.CancellationToken) is not null)
        {
            yield return new FixAction("Remove the callback and keep certificate validation", RemoveCallbackKey);
        }
    }

    /// <summary>The node to remove or replace: a statement, an initializer entry, or an argument.</summary>
    private static SyntaxNode? FindEdit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var span = diagnostic.Location.SourceSpan;
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<ArgumentSyntax>() is { } argument && argument.Span == span)
        {
            return argument.Parent?.Parent is BaseObjectCreationExpressionSyntax creation
                && model.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol { ContainingType: { Name: "SslStream", ContainingNamespace: var ns } }
                && ns.IsNamespace("System.Net.Security")
                ? argument
                : null;
        }

        var assignment = node.FirstAncestorOrSelf<AssignmentExpressionSyntax>();
        if (assignment is null || !assignment.Left.Span.Contains(diagnostic.Location.SourceSpan))
        {
            return null;
        }

        return assignment.Parent switch
        {
            InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression } => assignment,
            ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax } statement => statement,
            _ => null,
        };
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var removedEntries = new Dictionary<InitializerExpressionSyntax, HashSet<ExpressionSyntax>>();
        var done = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            var edit = FindEdit(root, editor.SemanticModel, diagnostic, cancellationToken);
            if (edit is null || !done.Add(edit))
            {
                continue;
            }

            switch (edit)
            {
                case ArgumentSyntax argument:
                    editor.ReplaceNode(argument.Expression, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression).WithTriviaFrom(argument.Expression));
                    break;
                case StatementSyntax statement when statement.Parent is GlobalStatementSyntax global:
                    editor.RemoveNode(global, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                    break;
                case StatementSyntax statement:
                    editor.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                    break;
                case AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax initializer } entry:
                    if (!removedEntries.TryGetValue(initializer, out var entries))
                    {
                        removedEntries[initializer] = entries = new HashSet<ExpressionSyntax>();
                    }

                    entries.Add(entry);
                    break;
            }
        }

        foreach (var pair in removedEntries)
        {
            RemoveEntries(editor, pair.Key, pair.Value);
        }

        return editor.GetChangedDocument();
    }

    private static void RemoveEntries(DocumentEditor editor, InitializerExpressionSyntax initializer, HashSet<ExpressionSyntax> removed)
    {
        var expressions = initializer.Expressions;
        var kept = new List<SyntaxNodeOrToken>();
        for (var i = 0; i < expressions.Count; i++)
        {
            if (removed.Contains(expressions[i]))
            {
                continue;
            }

            kept.Add(expressions[i]);
            kept.Add(i < expressions.SeparatorCount ? expressions.GetSeparator(i) : SyntaxFactory.Token(SyntaxKind.CommaToken));
        }

        if (kept.Count > 0)
        {
            if (expressions.SeparatorCount < expressions.Count)
            {
                // No trailing comma before: drop the last one, keeping its line break on the entry before it.
                var comma = kept[kept.Count - 1].AsToken();
                kept.RemoveAt(kept.Count - 1);
                var last = kept[kept.Count - 1].AsNode()!;
                kept[kept.Count - 1] = last.WithTrailingTrivia(last.GetTrailingTrivia().AddRange(comma.TrailingTrivia));
            }

            editor.ReplaceNode(initializer, initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(kept)));
            return;
        }

        // Nothing left: drop the initializer, keeping (or adding) the argument list.
        switch (initializer.Parent)
        {
            case ObjectCreationExpressionSyntax creation:
                var arguments = creation.ArgumentList ?? SyntaxFactory.ArgumentList();
                var withoutInitializer = creation.WithInitializer(null)
                    .WithArgumentList(arguments.WithoutTrailingTrivia())
                    .WithTrailingTrivia(initializer.GetTrailingTrivia());
                editor.ReplaceNode(creation, withoutInitializer.WithType(creation.Type.WithoutTrailingTrivia()));
                break;
            case ImplicitObjectCreationExpressionSyntax implicitCreation:
                editor.ReplaceNode(implicitCreation, implicitCreation.WithInitializer(null)
                    .WithArgumentList(implicitCreation.ArgumentList.WithoutTrailingTrivia())
                    .WithTrailingTrivia(initializer.GetTrailingTrivia()));
                break;
            default:
                editor.ReplaceNode(initializer, initializer.WithExpressions(default));
                break;
        }
    }
}
