using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SecureBackend.CodeFixes.Transport;

/// <summary>
/// Base of the transport fixers: a fix is one <see cref="ApplyAsync"/> over a document's diagnostics, used for a single
/// diagnostic and, through <see cref="TransportFixes.CreateFixAll"/>, for Fix All in one edit per document.
/// </summary>
public abstract class TransportCodeFix : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => TransportFixes.CreateFixAll(ApplyAsync);

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
