using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Secrets;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Secrets;

/// <summary>
/// SB2011: raises a literal <c>RequiredLength</c> to the minimum length, sets a literal
/// <c>AllowedForNewUsers = false</c> to <c>true</c>, and passes <c>lockoutOnFailure: true</c> where a literal
/// <c>false</c> was passed. Values that come through a constant or a local are left alone (the constant may serve other
/// code), and a sliding cookie gets no fix: choosing a shorter idle window or an absolute lifetime is the
/// application's decision.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IdentitySettingsFixer)), Shared]
public sealed class IdentitySettingsFixer : SecureBackendFixer
{
    /// <summary>
    /// One key for the three rewrites: exactly one applies to any diagnostic, so Fix All and <c>dotnet format</c>, which
    /// apply one key per rule, strengthen every setting they can.
    /// </summary>
    public const string StrengthenSettingKey = "SB2011.StrengthenSetting";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakIdentitySettings);

    internal override FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(IdentitySettingsAnalyzer.KindProperty, out var kind)
            || !diagnostic.Properties.TryGetValue(IdentitySettingsAnalyzer.ReplacementProperty, out var replacement)
            || replacement is null)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        switch (kind)
        {
            case IdentitySettingsAnalyzer.PasswordLengthKind
                when node is AssignmentExpressionSyntax { Right: LiteralExpressionSyntax literal } assignment
                     && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                     && literal.IsKind(SyntaxKind.NumericLiteralExpression)
                     && int.TryParse(replacement, NumberStyles.None, CultureInfo.InvariantCulture, out var length):
                return new FixPlan(
                    "Require at least " + replacement + " characters",
                    StrengthenSettingKey,
                    editor => editor.ReplaceNode(
                        literal,
                        (current, _) => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(length)).WithTriviaFrom(current)));

            case IdentitySettingsAnalyzer.LockoutForNewUsersKind
                when node is AssignmentExpressionSyntax { Right: LiteralExpressionSyntax literal } assignment
                     && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                     && literal.IsKind(SyntaxKind.FalseLiteralExpression):
                return new FixPlan("Set 'AllowedForNewUsers' to true", StrengthenSettingKey, editor => ReplaceWithTrue(editor, literal));

            case IdentitySettingsAnalyzer.LockoutOnFailureKind
                when ArgumentOf(node) is { Expression: LiteralExpressionSyntax literal }
                     && literal.IsKind(SyntaxKind.FalseLiteralExpression):
                return new FixPlan("Pass 'lockoutOnFailure: true'", StrengthenSettingKey, editor => ReplaceWithTrue(editor, literal));

            default:
                return null;
        }
    }

    private static ArgumentSyntax? ArgumentOf(SyntaxNode node) => node switch
    {
        ArgumentSyntax argument => argument,
        { Parent: ArgumentSyntax argument } => argument,
        _ => null,
    };

    private static void ReplaceWithTrue(Microsoft.CodeAnalysis.Editing.DocumentEditor editor, LiteralExpressionSyntax literal)
        => editor.ReplaceNode(
            literal,
            (current, _) => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(current));
}
