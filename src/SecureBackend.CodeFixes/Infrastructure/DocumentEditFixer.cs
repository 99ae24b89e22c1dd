using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace SecureBackend.CodeFixes.Infrastructure;

/// <summary>The rewrite a fixer plans for one diagnostic: its title, equivalence key and the edit itself.</summary>
internal sealed class FixPlan
{
    public FixPlan(string title, string equivalenceKey, Action<DocumentEditor> apply)
    {
        Title = title;
        EquivalenceKey = equivalenceKey;
        Apply = apply;
    }

    public string Title { get; }

    public string EquivalenceKey { get; }

    /// <summary>Applies the edit; edits use <see cref="DocumentEditor.ReplaceNode(SyntaxNode, Func{SyntaxNode, SyntaxGenerator, SyntaxNode})"/>
    /// on the original node so several edits compose in one document.</summary>
    public Action<DocumentEditor> Apply { get; }
}

/// <summary>
/// Base of fixers whose rewrites are planned per diagnostic and applied with one <see cref="DocumentEditor"/>.
/// Fix All applies, per document and in one edit, every diagnostic whose plan has the equivalence key the user
/// picked, so shared <c>using</c> directives are added once and neighbouring rewrites never conflict.
/// </summary>
public abstract class DocumentEditFixer : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAll((EditorFix)ApplyPlans);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = Plan(root, model, diagnostic, context.CancellationToken);
            if (plan is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(plan.Title, ct => ApplyAsync(document, plan, ct), plan.EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The rewrite for <paramref name="diagnostic"/>, or null when no safe rewrite exists.</summary>
    internal abstract FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    private static async Task<Document> ApplyAsync(Document document, FixPlan plan, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        plan.Apply(editor);
        return editor.GetChangedDocument();
    }

    /// <summary>Plans every diagnostic again against the editor's document and applies those with the picked key.</summary>
    private Task ApplyPlans(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            var plan = Plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken);
            if (plan is not null && (equivalenceKey is null || plan.EquivalenceKey == equivalenceKey))
            {
                plan.Apply(editor);
            }
        }

        return Task.CompletedTask;
    }
}
