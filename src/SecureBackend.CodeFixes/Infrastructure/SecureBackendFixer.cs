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

/// <summary>One code action a fixer offers: a constant title and its equivalence key.</summary>
public readonly struct FixAction
{
    public FixAction(string title, string key)
    {
        Title = title;
        Key = key;
    }

    public string Title { get; }

    public string Key { get; }
}

/// <summary>
/// The rewrite of one diagnostic when deciding that it exists already finds what to edit: the action it belongs to and
/// the edit. Fixers plan from <see cref="SecureBackendFixer.Offer"/> and again, in the code action, from
/// <see cref="SecureBackendFixer.Fix"/>.
/// </summary>
internal sealed class FixPlan
{
    public FixPlan(string title, string key, Action<DocumentEditor> apply)
    {
        Action = new FixAction(title, key);
        Apply = apply;
    }

    public FixAction Action { get; }

    /// <summary>Applies the edit; edits use <see cref="DocumentEditor.ReplaceNode(SyntaxNode, Func{SyntaxNode, SyntaxGenerator, SyntaxNode})"/>
    /// on the original node so several edits compose in one document.</summary>
    public Action<DocumentEditor> Apply { get; }

    public static IEnumerable<FixAction> Offer(FixPlan? plan)
        => plan is null ? Array.Empty<FixAction>() : new[] { plan.Action };

    /// <summary>Plans each diagnostic against the editor's document and applies those of the action <paramref name="key"/>.</summary>
    public static void ApplyAll(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, Func<Diagnostic, FixPlan?> plan)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (plan(diagnostic) is { } planned && (key is null || planned.Action.Key == key))
            {
                planned.Apply(editor);
            }
        }
    }
}

/// <summary>What a fixer may look at when it decides which actions to offer for a diagnostic.</summary>
public sealed class FixOffer
{
    internal FixOffer(Document document, SyntaxNode root, SemanticModel? model, CancellationToken cancellationToken)
    {
        Document = document;
        Root = root;
        ModelOrNull = model;
        CancellationToken = cancellationToken;
    }

    public Document Document { get; }

    public SyntaxNode Root { get; }

    /// <summary>The document's semantic model; only for fixers that set <see cref="SecureBackendFixer.OffersNeedModel"/>.</summary>
    public SemanticModel Model => ModelOrNull ?? throw new InvalidOperationException("This fixer does not ask for a semantic model when it offers actions.");

    internal SemanticModel? ModelOrNull { get; }

    public CancellationToken CancellationToken { get; }
}

/// <summary>
/// The one base of the fixers. Registration is cheap: <see cref="Offer"/> reads the diagnostic (its properties and
/// locations, filled in by the analyzer) and the syntax, and returns constant titles and equivalence keys; the rewrite
/// runs inside the code action. A single fix and Fix All are the same <see cref="FixAsync"/> over one document's
/// diagnostics, applied last to first in one edit, so shared edits (a <c>using</c>, an attribute per class, a
/// statement next to a command) happen once and neighbouring rewrites never conflict.
/// </summary>
public abstract class SecureBackendFixer : CodeFixProvider
{
    private static readonly Comparison<Diagnostic> LastFirst =
        static (a, b) => b.Location.SourceSpan.Start.CompareTo(a.Location.SourceSpan.Start);

    public sealed override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(async (context, document, diagnostics) =>
            diagnostics.IsDefaultOrEmpty
                ? document
                : await FixAsync(document, diagnostics.Sort(LastFirst), context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var offer = await CreateOfferAsync(document, OffersNeedModel, context.CancellationToken).ConfigureAwait(false);
        if (offer is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var action in await OfferAsync(offer, diagnostic).ConfigureAwait(false))
            {
                var key = action.Key;
                context.RegisterCodeFix(
                    CodeAction.Create(action.Title, ct => FixAsync(document, ImmutableArray.Create(diagnostic), key, ct), key),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Offer"/> needs the semantic model. Off by default: what the fixer needs to know comes from
    /// the diagnostic. A fixer sets it when whether a rewrite exists is decided on bound code (a type the project may
    /// not reference, the value a call receives).
    /// </summary>
    protected virtual bool OffersNeedModel => false;

    /// <summary>The actions offered for <paramref name="diagnostic"/>; none when no safe rewrite exists. The default offers the <see cref="Plan"/>'s.</summary>
    protected virtual IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
        => FixPlan.Offer(Plan(offer.Root, offer.ModelOrNull, diagnostic, offer.CancellationToken));

    /// <summary>
    /// For fixers whose rewrite of a diagnostic is found while deciding that it exists: the action and the edit, or
    /// null. <paramref name="model"/> is null when offering unless <see cref="OffersNeedModel"/> is set.
    /// </summary>
    internal virtual FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken) => null;

    /// <summary><see cref="Offer"/> for fixers whose decision needs an asynchronous look (another document, a symbol search).</summary>
    protected virtual Task<IEnumerable<FixAction>> OfferAsync(FixOffer offer, Diagnostic diagnostic) => Task.FromResult(Offer(offer, diagnostic));

    /// <summary>
    /// Applies the action <paramref name="key"/> to <paramref name="diagnostics"/> (one document's, last to first).
    /// The default edits through one <see cref="DocumentEditor"/> with <see cref="Fix"/>.
    /// </summary>
    protected virtual async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        Fix(editor, diagnostics, key, cancellationToken);
        return editor.GetChangedDocument();
    }

    /// <summary>
    /// The edit of <see cref="FixAsync"/> for fixers that change only their own document through an editor. The
    /// default plans each diagnostic again on the editor's document and applies the plans of the action <paramref name="key"/>.
    /// </summary>
    protected virtual void Fix(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        => FixPlan.ApplyAll(editor, diagnostics, key, d => Plan(editor.OriginalRoot, editor.SemanticModel, d, cancellationToken));

    /// <summary>
    /// For rewrites that edit a whole document each: applies <paramref name="fix"/> to the node of each diagnostic in
    /// turn (last to first), each time on the document the previous one returned, finding the node again through an
    /// annotation.
    /// </summary>
    protected static async Task<Document> FixOneByOneAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, Func<Document, SyntaxNode, Diagnostic, Task<Document?>> fix, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || diagnostics.IsDefaultOrEmpty)
        {
            return document;
        }

        var annotations = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        var order = new List<(SyntaxAnnotation Annotation, Diagnostic Diagnostic)>();
        foreach (var diagnostic in diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!annotations.ContainsKey(node))
            {
                var annotation = new SyntaxAnnotation();
                annotations.Add(node, annotation);
                order.Add((annotation, diagnostic));
            }
        }

        var current = document.WithSyntaxRoot(root.ReplaceNodes(annotations.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original])));
        foreach (var (annotation, diagnostic) in order)
        {
            var currentRoot = await current.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SyntaxNode? node = null;
            foreach (var annotated in currentRoot?.GetAnnotatedNodes(annotation) ?? Array.Empty<SyntaxNode>())
            {
                node = annotated;
                break;
            }

            if (node is not null && await fix(current, node, diagnostic).ConfigureAwait(false) is { } changed)
            {
                current = changed;
            }
        }

        return current;
    }

    internal static async Task<FixOffer?> CreateOfferAsync(Document document, bool needsModel, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = needsModel ? await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) : null;
        return root is null || (needsModel && model is null) ? null : new FixOffer(document, root, model, cancellationToken);
    }

    internal static ImmutableArray<Diagnostic> Ordered(IEnumerable<Diagnostic> diagnostics)
        => ImmutableArray.CreateRange(diagnostics).Sort(LastFirst);
}

/// <summary>
/// The solution-scope variant, for fixes that add a shared piece once (a helper class per project, a global filter per
/// registration): registration is the same as <see cref="SecureBackendFixer"/>; the action and Fix All call
/// <see cref="FixAsync"/> once with every diagnostic in scope, ordered per document, so the shared piece is added once.
/// </summary>
public abstract class SolutionFixer : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => new SolutionFixAll(this);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var offer = await SecureBackendFixer.CreateOfferAsync(document, OffersNeedModel, context.CancellationToken).ConfigureAwait(false);
        if (offer is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var action in await OfferAsync(offer, diagnostic).ConfigureAwait(false))
            {
                var key = action.Key;
                var solution = document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(action.Title, ct => FixAsync(solution, ImmutableArray.Create(diagnostic), key, ct), key),
                    diagnostic);
            }
        }
    }

    /// <inheritdoc cref="SecureBackendFixer.OffersNeedModel"/>
    protected virtual bool OffersNeedModel => false;

    /// <summary>The actions offered for <paramref name="diagnostic"/>; none when no safe rewrite exists.</summary>
    protected abstract Task<IEnumerable<FixAction>> OfferAsync(FixOffer offer, Diagnostic diagnostic);

    /// <summary>The title of Fix All for the action <paramref name="key"/>.</summary>
    protected abstract string FixAllTitle(string? key);

    /// <summary>Applies the action <paramref name="key"/> to <paramref name="diagnostics"/> (grouped by document, each last to first).</summary>
    protected abstract Task<Solution> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken);

    private sealed class SolutionFixAll : FixAllProvider
    {
        private readonly SolutionFixer _fixer;

        public SolutionFixAll(SolutionFixer fixer) => _fixer = fixer;

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
            => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<Diagnostic>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document is not null:
                    diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in fixAllContext.Solution.Projects)
                    {
                        diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
            }

            var key = fixAllContext.CodeActionEquivalenceKey;
            var solution = fixAllContext.Solution;
            var ordered = Ordered(diagnostics);
            return CodeAction.Create(_fixer.FixAllTitle(key), ct => _fixer.FixAsync(solution, ordered, key, ct), key);
        }

        /// <summary>Grouped by document (in the order the documents come), each document's diagnostics last to first.</summary>
        private static ImmutableArray<Diagnostic> Ordered(List<Diagnostic> diagnostics)
        {
            var groups = new Dictionary<SyntaxTree, List<Diagnostic>>();
            var trees = new List<SyntaxTree>();
            var ordered = ImmutableArray.CreateBuilder<Diagnostic>(diagnostics.Count);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Location.SourceTree is not { } tree)
                {
                    continue;
                }

                if (!groups.TryGetValue(tree, out var group))
                {
                    groups.Add(tree, group = new List<Diagnostic>());
                    trees.Add(tree);
                }

                group.Add(diagnostic);
            }

            foreach (var tree in trees)
            {
                ordered.AddRange(SecureBackendFixer.Ordered(groups[tree]));
            }

            return ordered.ToImmutable();
        }
    }
}
