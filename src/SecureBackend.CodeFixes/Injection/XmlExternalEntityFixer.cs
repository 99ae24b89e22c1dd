using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Injection;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>
/// SB1005: sets the flagged <c>XmlResolver</c> assignment to <c>null</c>, or, where the same settings or reader set
/// <c>DtdProcessing.Parse</c>, changes that to <c>DtdProcessing.Prohibit</c> (two actions, two keys). No fix for the
/// .NET Framework defaults reported on <c>new XmlDocument()</c> or <c>new XmlTextReader(…)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(XmlExternalEntityFixer)), Shared]
public sealed class XmlExternalEntityFixer : SecureBackendFixer
{
    public const string NullResolverKey = "SB1005.NullResolver";
    public const string ProhibitDtdKey = "SB1005.ProhibitDtd";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.XmlExternalEntities);

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (FindResolverValue(offer.Root, diagnostic) is not null)
        {
            yield return new FixAction("Set XmlResolver to null", NullResolverKey);
        }

        if (FindDtdValue(offer.Root, diagnostic) is not null)
        {
            yield return new FixAction("Prohibit DTD processing", ProhibitDtdKey);
        }
    }

    protected override void Fix(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var dtdProcessing = KnownTypes.Get(editor.SemanticModel.Compilation).Get("System.Xml.DtdProcessing");
        foreach (var diagnostic in diagnostics)
        {
            if (key is null or NullResolverKey && FindResolverValue(editor.OriginalRoot, diagnostic) is { } resolver)
            {
                editor.ReplaceNode(resolver, (current, _) => SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression).WithTriviaFrom(current));
            }
            else if (key is null or ProhibitDtdKey && dtdProcessing is not null && FindDtdValue(editor.OriginalRoot, diagnostic) is { } dtd)
            {
                editor.ReplaceNode(dtd, (current, generator) => current is MemberAccessExpressionSyntax access
                    ? access.WithName(SyntaxFactory.IdentifierName("Prohibit").WithTriviaFrom(access.Name))
                    : generator.MemberAccessExpression(generator.TypeExpression(dtdProcessing).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation), "Prohibit")
                        .WithTriviaFrom(current)
                        .WithAdditionalAnnotations(Simplifier.Annotation));
            }
        }

    }

    private static bool Offers(Diagnostic diagnostic, string fix)
        => diagnostic.Properties.TryGetValue(XmlExternalEntityAnalyzer.FixesProperty, out var fixes) && fixes is not null
           && System.Array.IndexOf(fixes.Split(','), fix) >= 0;

    /// <summary>The value of the flagged <c>XmlResolver = …</c> assignment.</summary>
    private static ExpressionSyntax? FindResolverValue(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!Offers(diagnostic, XmlExternalEntityAnalyzer.NullResolverFix) || diagnostic.Location.SourceTree != root.SyntaxTree
            || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
        {
            return null;
        }

        return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is AssignmentExpressionSyntax assignment
            ? assignment.Right
            : null;
    }

    /// <summary>The <c>DtdProcessing.Parse</c> value on the same object (the first additional location).</summary>
    private static ExpressionSyntax? FindDtdValue(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!Offers(diagnostic, XmlExternalEntityAnalyzer.ProhibitDtdFix) || diagnostic.AdditionalLocations.Count == 0
            || diagnostic.AdditionalLocations[0] is not { } location || location.SourceTree != root.SyntaxTree
            || !root.FullSpan.Contains(location.SourceSpan))
        {
            return null;
        }

        return root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
    }
}
