using System;
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
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Transport;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Transport;

/// <summary>
/// SB4005: switches <c>http://</c> to <c>https://</c> (and <c>ws://</c> to <c>wss://</c>) in the literal that spells the
/// URL — in place, or in the constant/local declaration it comes from when that is in the same file — and
/// <c>EnableSsl = false</c> to <c>true</c>. No fix for FTP/Telnet URLs, for URLs with an explicit port (the TLS port
/// is unknown), or when the literal is in another file or assembly.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CleartextProtocolFixer)), Shared]
public sealed class CleartextProtocolFixer : SecureBackendFixer
{
    public const string UseTlsKey = "SB4005.UseTls";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CleartextProtocol);

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (IsFixable(diagnostic))
        {
            var enableSsl = diagnostic.Properties.TryGetValue(CleartextProtocolAnalyzer.KindProperty, out var kind) && kind == CleartextProtocolAnalyzer.EnableSslKind;
            yield return new FixAction(enableSsl ? "Set EnableSsl = true" : "Use the TLS scheme (https://, wss://)", UseTlsKey);
        }
    }

    private static bool IsFixable(Diagnostic diagnostic)
    {
        if (diagnostic.AdditionalLocations.Count == 0)
        {
            return false;
        }

        if (diagnostic.Properties.TryGetValue(CleartextProtocolAnalyzer.KindProperty, out var kind) && kind == CleartextProtocolAnalyzer.EnableSslKind)
        {
            return true;
        }

        return diagnostic.Properties.ContainsKey(CleartextProtocolAnalyzer.UpgradableProperty);
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var done = new HashSet<TextSpan>();
        foreach (var diagnostic in diagnostics)
        {
            if (!IsFixable(diagnostic))
            {
                continue;
            }

            foreach (var location in diagnostic.AdditionalLocations)
            {
                if (location.SourceTree != root.SyntaxTree || !done.Add(location.SourceSpan))
                {
                    continue;
                }

                var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
                switch (node)
                {
                    case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.FalseLiteralExpression } falseLiteral:
                        editor.ReplaceNode(falseLiteral, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(falseLiteral));
                        break;
                    case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal
                        when Upgrade(literal.Token.Text) is { } text:
                        var token = SyntaxFactory.Token(literal.Token.LeadingTrivia, SyntaxKind.StringLiteralToken, text, Upgrade(literal.Token.ValueText) ?? literal.Token.ValueText, literal.Token.TrailingTrivia);
                        editor.ReplaceNode(literal, literal.WithToken(token));
                        break;
                    case InterpolatedStringTextSyntax part when Upgrade(part.TextToken.Text) is { } partText:
                        var partToken = SyntaxFactory.Token(part.TextToken.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, partText, Upgrade(part.TextToken.ValueText) ?? part.TextToken.ValueText, part.TextToken.TrailingTrivia);
                        editor.ReplaceNode(part, part.WithTextToken(partToken));
                        break;
                }
            }
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The text with its first <c>http://</c> / <c>ws://</c> (any case) turned into the TLS scheme; null when absent.</summary>
    private static string? Upgrade(string text)
    {
        foreach (var (clear, secure) in new[] { ("http://", "https://"), ("ws://", "wss://") })
        {
            var index = text.IndexOf(clear, StringComparison.OrdinalIgnoreCase);
            if (index >= 0 && (index == 0 || !char.IsLetterOrDigit(text[index - 1])))
            {
                return text.Substring(0, index) + secure + text.Substring(index + clear.Length);
            }
        }

        return null;
    }
}
