using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace SecureBackend.CodeFixes.Infrastructure;

/// <summary>Applies the fix <paramref name="equivalenceKey"/> to some diagnostics of one document, in one edit.</summary>
public delegate Task<Document> DocumentFix(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);

/// <summary>Applies the fix <paramref name="equivalenceKey"/> to some diagnostics of one document through a shared editor.</summary>
public delegate Task EditorFix(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);

/// <summary>
/// The one way the fixers apply several diagnostics: per document, in one edit, so that edits sharing a node (one
/// attribute per class, one <c>using</c>, one inserted statement) happen once and neighbouring rewrites never conflict.
/// A single fix is the same edit with one diagnostic, so what the lightbulb shows is what Fix All does.
/// </summary>
public static class DocumentFixes
{
    private static readonly Comparison<Diagnostic> LastFirst =
        static (a, b) => b.Location.SourceSpan.Start.CompareTo(a.Location.SourceSpan.Start);

    /// <summary>Fix All (document, project, solution) applying every diagnostic of a document with <paramref name="apply"/>.</summary>
    public static FixAllProvider FixAll(DocumentFix apply)
        => FixAllProvider.Create(async (context, document, diagnostics) =>
            diagnostics.IsDefaultOrEmpty
                ? document
                : await apply(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

    /// <summary>Fix All through one <see cref="DocumentEditor"/> per document; diagnostics come last-first.</summary>
    public static FixAllProvider FixAll(EditorFix apply)
        => FixAll((document, diagnostics, key, cancellationToken) => ApplyAsync(document, diagnostics, key, apply, cancellationToken));

    /// <summary>Applies <paramref name="apply"/> to <paramref name="diagnostics"/> (last-first) through a fresh editor.</summary>
    public static async Task<Document> ApplyAsync(
        Document document,
        ImmutableArray<Diagnostic> diagnostics,
        string? equivalenceKey,
        EditorFix apply,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        await apply(editor, diagnostics.Sort(LastFirst), equivalenceKey, cancellationToken).ConfigureAwait(false);
        return editor.GetChangedDocument();
    }

    /// <summary>Applies <paramref name="apply"/> to one diagnostic through a fresh editor.</summary>
    public static Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, string? equivalenceKey, EditorFix apply, CancellationToken cancellationToken)
        => ApplyAsync(document, ImmutableArray.Create(diagnostic), equivalenceKey, apply, cancellationToken);

    /// <summary>
    /// Registers one code action per diagnostic for which <paramref name="title"/> returns a title; the action applies
    /// <paramref name="apply"/> to that diagnostic with <paramref name="equivalenceKey"/>.
    /// </summary>
    public static async Task RegisterEachAsync(CodeFixContext context, string equivalenceKey, Func<SyntaxNode, Diagnostic, string?> title, EditorFix apply)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (title(root, diagnostic) is { } text)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(text, ct => ApplyAsync(context.Document, diagnostic, equivalenceKey, apply, ct), equivalenceKey),
                    diagnostic);
            }
        }
    }
}

/// <summary>
/// Base of fixers whose fix is one <see cref="ApplyAsync"/> over a document's diagnostics: used with one diagnostic for
/// the lightbulb and, through <see cref="DocumentFixes.FixAll(DocumentFix)"/>, for Fix All in one edit per document.
/// </summary>
public abstract class DocumentFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAll(ApplyAsync);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var (title, key) in GetActions(root, model, diagnostic, context.CancellationToken))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), key, ct), key),
                    diagnostic);
            }
        }
    }

    /// <summary>The code actions (title, equivalence key) offered for <paramref name="diagnostic"/>; none when no safe rewrite exists.</summary>
    protected abstract IEnumerable<(string Title, string Key)> GetActions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>Applies the action <paramref name="equivalenceKey"/> to every diagnostic of one document.</summary>
    protected abstract Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);
}
