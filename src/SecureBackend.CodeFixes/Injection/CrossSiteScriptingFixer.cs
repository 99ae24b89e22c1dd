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
/// SB1003: wraps the text written as markup in <c>HtmlEncoder.Default.Encode(…)</c> (or <c>WebUtility.HtmlEncode(…)</c>
/// where System.Text.Encodings.Web is not referenced). Offered only in C# files for string values: a finding in a
/// <c>.cshtml</c> or <c>.razor</c> file lies in code the Razor generator writes, which no fix can edit.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CrossSiteScriptingFixer)), Shared]
public sealed class CrossSiteScriptingFixer : SecureBackendFixer
{
    public const string EncodeKey = "SB1003.Encode";

    private const string HtmlEncoderName = "System.Text.Encodings.Web.HtmlEncoder";
    private const string WebUtilityName = "System.Net.WebUtility";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CrossSiteScripting);

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (FindValue(offer.Root, diagnostic) is not null)
        {
            yield return new FixAction("Encode the value as HTML", EncodeKey);
        }
    }

    protected override void Fix(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var compilation = editor.SemanticModel.Compilation;
        var htmlEncoder = KnownTypes.Get(compilation).Get(HtmlEncoderName);
        var webUtility = KnownTypes.Get(compilation).Get(WebUtilityName);
        foreach (var diagnostic in diagnostics)
        {
            if (FindValue(editor.OriginalRoot, diagnostic) is not { } value || (htmlEncoder is null && webUtility is null))
            {
                continue;
            }

            // Markup the code writes around text stays markup: only the text pieces of an interpolation or a
            // concatenation are encoded; a value read whole is encoded whole.
            var pieces = TextPieces(StripParentheses(value), editor.SemanticModel, cancellationToken);
            foreach (var piece in pieces.Count > 0 ? pieces : new List<ExpressionSyntax> { value })
            {
                editor.ReplaceNode(piece, (current, generator) =>
                {
                    var encoder = htmlEncoder is not null
                        ? generator.MemberAccessExpression(
                            generator.MemberAccessExpression(generator.TypeExpression(htmlEncoder).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation), "Default"),
                            "Encode")
                        : generator.MemberAccessExpression(generator.TypeExpression(webUtility!).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation), "HtmlEncode");
                    return generator.InvocationExpression(encoder, current.WithoutTrivia())
                        .WithTriviaFrom(current)
                        .WithAdditionalAnnotations(Simplifier.Annotation);
                });
            }
        }

    }

    private static ExpressionSyntax StripParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    /// <summary>The non-constant text pieces of an interpolation or a concatenation; empty for any other value.</summary>
    private static List<ExpressionSyntax> TextPieces(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        var pieces = new List<ExpressionSyntax>();
        switch (value)
        {
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolationSyntax { Expression: { } hole } && IsTextPiece(hole, model, cancellationToken))
                    {
                        pieces.Add(hole);
                    }
                }

                break;

            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression }:
                Collect(value, pieces, model, cancellationToken);
                break;
        }

        return pieces;
    }

    private static void Collect(ExpressionSyntax operand, List<ExpressionSyntax> pieces, SemanticModel model, CancellationToken cancellationToken)
    {
        if (StripParentheses(operand) is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add
            && model.GetTypeInfo(add, cancellationToken).Type?.SpecialType == SpecialType.System_String)
        {
            Collect(add.Left, pieces, model, cancellationToken);
            Collect(add.Right, pieces, model, cancellationToken);
        }
        else if (IsTextPiece(operand, model, cancellationToken))
        {
            pieces.Add(operand);
        }
    }

    /// <summary>A non-constant string that is not already the result of an encoder or sanitizer.</summary>
    private static bool IsTextPiece(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        => !model.GetConstantValue(expression, cancellationToken).HasValue
            && model.GetTypeInfo(expression, cancellationToken).Type?.SpecialType == SpecialType.System_String
            && !(model.GetSymbolInfo(expression, cancellationToken).Symbol is IMethodSymbol method
                && (method.Name.IndexOf("Encode", System.StringComparison.Ordinal) >= 0 || method.Name.IndexOf("Sanitize", System.StringComparison.Ordinal) >= 0));

    private static ExpressionSyntax? FindValue(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(CrossSiteScriptingAnalyzer.FixProperty, out var fix) || fix != CrossSiteScriptingAnalyzer.EncodeFix
            || diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0] is not { } location
            || location.SourceTree != root.SyntaxTree || !root.FullSpan.Contains(location.SourceSpan))
        {
            return null;
        }

        return root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
    }
}
