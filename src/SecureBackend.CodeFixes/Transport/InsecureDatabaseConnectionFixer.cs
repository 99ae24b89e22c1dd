using System.Collections.Immutable;
using System.Composition;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Transport;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Transport;

/// <summary>
/// SB2010: in connection string text, removes <c>TrustServerCertificate=True</c> (with one separator) and turns
/// <c>Encrypt=False/No/Optional</c> into <c>Encrypt=True</c>; on a connection string builder, sets
/// <c>TrustServerCertificate = false</c> and <c>Encrypt = true</c> (<c>SqlConnectionEncryptOption.Mandatory</c>).
/// <c>SslMode=Disable</c> gets no fix: which verifying mode the server supports is a deployment decision.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsecureDatabaseConnectionFixer)), Shared]
public sealed class InsecureDatabaseConnectionFixer : SecureBackendFixer
{
    /// <summary>One key for both rewrites: exactly one applies to any diagnostic.</summary>
    public const string RequireValidatedEncryptionKey = "SB2010.RequireValidatedEncryption";

    private static readonly Regex TrustPair = new(
        @"(^|;)\s*Trust\s*Server\s*Certificate\s*=\s*(""?)(true|yes)\2\s*(;|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex EncryptPair = new(
        @"((?:^|;)\s*Encrypt\s*=\s*)(""?)(false|no|optional)\2(?=\s*(?:;|$))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InsecureDatabaseConnection);

    internal override FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(InsecureDatabaseConnectionAnalyzer.FixProperty, out var fix) || fix is null)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argument)
        {
            node = argument.Expression;
        }

        var removeTrust = fix == InsecureDatabaseConnectionAnalyzer.RemoveTrustFix;
        var title = removeTrust ? "Validate the server certificate" : "Require encryption";
        switch (node)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) && Edit(InnerText(literal.Token.Text, out _, out _), removeTrust) is not null:
                return new FixPlan(title, RequireValidatedEncryptionKey, editor => editor.ReplaceNode(literal, (current, _) => RewriteLiteral((LiteralExpressionSyntax)current, removeTrust)));

            case InterpolatedStringTextSyntax text when Edit(text.TextToken.Text, removeTrust) is { Length: 0 }:
                return new FixPlan(title, RequireValidatedEncryptionKey, editor => editor.RemoveNode(text));

            case InterpolatedStringTextSyntax text when Edit(text.TextToken.Text, removeTrust) is not null:
                return new FixPlan(title, RequireValidatedEncryptionKey, editor => editor.ReplaceNode(text, (current, _) => RewriteText((InterpolatedStringTextSyntax)current, removeTrust)));

            case AssignmentExpressionSyntax assignment when assignment.Right is LiteralExpressionSyntax value
                                                            && (value.IsKind(SyntaxKind.TrueLiteralExpression) || value.IsKind(SyntaxKind.FalseLiteralExpression)):
                var flipped = SyntaxFactory.LiteralExpression(value.IsKind(SyntaxKind.TrueLiteralExpression) ? SyntaxKind.FalseLiteralExpression : SyntaxKind.TrueLiteralExpression);
                return new FixPlan(title, RequireValidatedEncryptionKey, editor => editor.ReplaceNode(value, (current, _) => flipped.WithTriviaFrom(current)));

            case AssignmentExpressionSyntax { Right: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Optional" } option } when !removeTrust:
                return new FixPlan(title, RequireValidatedEncryptionKey, editor => editor.ReplaceNode(option.Name, (current, _) => SyntaxFactory.IdentifierName("Mandatory").WithTriviaFrom(current)));

            default:
                return null;
        }
    }

    private static LiteralExpressionSyntax RewriteLiteral(LiteralExpressionSyntax literal, bool removeTrust)
    {
        var inner = InnerText(literal.Token.Text, out var prefix, out var suffix);
        var edited = Edit(inner, removeTrust);
        if (edited is null || SyntaxFactory.ParseExpression(prefix + edited + suffix) is not LiteralExpressionSyntax replacement)
        {
            return literal;
        }

        return literal.CopyAnnotationsTo(replacement.WithTriviaFrom(literal));
    }

    private static InterpolatedStringTextSyntax RewriteText(InterpolatedStringTextSyntax text, bool removeTrust)
    {
        var token = text.TextToken;
        var edited = Edit(token.Text, removeTrust);
        var value = Edit(token.ValueText, removeTrust);
        if (edited is null || value is null)
        {
            return text;
        }

        return text.WithTextToken(SyntaxFactory.Token(token.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, edited, value, token.TrailingTrivia));
    }

    /// <summary>The text between the quotes of a string literal token (regular, verbatim or raw).</summary>
    private static string InnerText(string token, out string prefix, out string suffix)
    {
        var start = token.IndexOf('"');
        var quotes = 0;
        while (start >= 0 && start + quotes < token.Length && token[start + quotes] == '"')
        {
            quotes++;
        }

        var delimiter = quotes >= 3 ? quotes : 1;
        if (start < 0 || token.Length - start < 2 * delimiter)
        {
            prefix = token;
            suffix = string.Empty;
            return string.Empty;
        }

        prefix = token.Substring(0, start + delimiter);
        suffix = token.Substring(token.Length - delimiter);
        var innerStart = start + delimiter;
        var innerLength = token.Length - delimiter - innerStart;
        return token.Substring(innerStart, innerLength);
    }

    /// <summary>The text with the setting rewritten, or null when it does not contain the setting in a form we can edit.</summary>
    internal static string? Edit(string text, bool removeTrust)
    {
        if (removeTrust)
        {
            var match = TrustPair.Match(text);
            if (!match.Success)
            {
                return null;
            }

            var keep = match.Groups[1].Value == ";" && match.Groups[4].Value == ";" ? ";" : string.Empty;
            return text.Substring(0, match.Index) + keep + text.Substring(match.Index + match.Length);
        }

        var encrypt = EncryptPair.Match(text);
        return encrypt.Success ? text.Substring(0, encrypt.Index) + encrypt.Groups[1].Value + "True" + text.Substring(encrypt.Index + encrypt.Length) : null;
    }
}
