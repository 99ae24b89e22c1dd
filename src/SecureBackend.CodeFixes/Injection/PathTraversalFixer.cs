using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Injection;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>
/// SB1004 fix: when the only input in a <c>Path.Combine</c>/<c>Path.Join</c> is its last argument (the file name),
/// wrap that argument in <c>Path.GetFileName(…)</c>, so no directory part of it survives. Other shapes (input as a
/// directory, as the whole path, inside interpolation) get no fix: the right check depends on what the code means.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PathTraversalFixer)), Shared]
public sealed class PathTraversalFixer : SecureBackendFixer
{
    public const string GetFileNameKey = "SB1004.UseGetFileName";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PathTraversal);

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (Target(offer.Root, diagnostic) is not null)
        {
            yield return new FixAction("Keep only the file name (Path.GetFileName)", GetFileNameKey);
        }
    }

    private static ExpressionSyntax? Target(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(PathTraversalAnalyzer.FileNameProperty) || diagnostic.AdditionalLocations.Count != 1)
        {
            return null;
        }

        var span = diagnostic.AdditionalLocations[0].SourceSpan;
        return root.FullSpan.Contains(span) ? root.FindNode(span, getInnermostNodeForTie: true) as ExpressionSyntax : null;
    }

    protected override void Fix(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        if (KnownTypes.Get(editor.SemanticModel.Compilation).Get("System.IO.Path") is not { } path)
        {
            return;
        }

        var done = new HashSet<TextSpan>();
        foreach (var diagnostic in diagnostics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Target(editor.OriginalRoot, diagnostic) is not { } target || !done.Add(target.Span))
            {
                continue;
            }

            editor.ReplaceNode(target, (current, generator) =>
            {
                var type = SyntaxEdits.TypeName(generator, path);
                return generator.InvocationExpression(generator.MemberAccessExpression(type, "GetFileName"), current.WithoutTrivia())
                    .WithTriviaFrom(current);
            });
        }

    }
}
