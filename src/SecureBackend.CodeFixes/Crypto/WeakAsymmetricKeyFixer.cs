using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>
/// SB2009: raises a constant RSA key size below 2048 to 2048, replaces <c>RSAEncryptionPadding.Pkcs1</c> with
/// <c>RSAEncryptionPadding.OaepSHA256</c>, and <c>fOAEP: false</c> with <c>true</c> (OAEP with SHA-1, the only OAEP
/// that <c>RSACryptoServiceProvider</c> offers). Weak curves get no fix: the key and every party that verifies it change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakAsymmetricKeyFixer)), Shared]
public sealed class WeakAsymmetricKeyFixer : SecureBackendFixer
{
    /// <summary>One key for the three rewrites: exactly one applies to any diagnostic.</summary>
    public const string StrengthenKey = "SB2009.Strengthen";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakAsymmetricKey);

    internal override FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(WeakAsymmetricKeyAnalyzer.FixProperty, out var fix)
            || Expression(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not { } node)
        {
            return null;
        }

        switch (fix)
        {
            case WeakAsymmetricKeyAnalyzer.KeySizeFix when node is LiteralExpressionSyntax:
                return new FixPlan(
                    "Use a 2048-bit key",
                    StrengthenKey,
                    editor => editor.ReplaceNode(node, (current, _) => SyntaxFactory.LiteralExpression(
                        SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(WeakAsymmetricKeyAnalyzer.MinimumRsaKeySize)).WithTriviaFrom(current)));

            case WeakAsymmetricKeyAnalyzer.OaepFix when node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Pkcs1" } access:
                return new FixPlan(
                    "Use OAEP padding with SHA-256",
                    StrengthenKey,
                    editor => editor.ReplaceNode(access.Name, (current, _) => SyntaxFactory.IdentifierName("OaepSHA256").WithTriviaFrom(current)));

            case WeakAsymmetricKeyAnalyzer.OaepFlagFix when node.IsKind(SyntaxKind.FalseLiteralExpression):
                return new FixPlan(
                    "Use OAEP padding",
                    StrengthenKey,
                    editor => editor.ReplaceNode(node, (current, _) => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(current)));

            default:
                return null;
        }
    }

    private static ExpressionSyntax? Expression(SyntaxNode node) => node switch
    {
        ArgumentSyntax argument => argument.Expression,
        ExpressionSyntax expression => expression,
        _ => null,
    };
}
