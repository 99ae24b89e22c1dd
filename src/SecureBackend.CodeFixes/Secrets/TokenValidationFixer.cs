using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Secrets;

namespace SecureBackend.CodeFixes.Secrets;

/// <summary>
/// SB2007: sets a validation switch (<c>ValidateLifetime = false</c>, <c>RequireHttpsMetadata = false</c> …) to
/// <c>true</c>, and removes validator delegates that accept everything, which restores the library's own validation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TokenValidationFixer)), Shared]
public sealed class TokenValidationFixer : DocumentEditFixer
{
    public const string SetTrueKey = "SB2007.SetTrue";
    public const string RemoveValidatorKey = "SB2007.RemoveValidator";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TokenValidationDisabled);

    internal override FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment
            || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
            || !diagnostic.Properties.TryGetValue(TokenValidationAnalyzer.KindProperty, out var kind))
        {
            return null;
        }

        var name = MemberName(assignment.Left);
        if (kind == TokenValidationAnalyzer.SwitchKind)
        {
            return new FixPlan(
                "Set '" + name + "' to true",
                SetTrueKey,
                editor => editor.ReplaceNode(
                    assignment.Right,
                    (current, _) => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(current)));
        }

        if (kind == TokenValidationAnalyzer.DelegateKind)
        {
            SyntaxNode? removed = assignment.Parent switch
            {
                InitializerExpressionSyntax => assignment,
                ExpressionStatementSyntax { Parent: BlockSyntax } statement => statement,
                _ => null,
            };

            if (removed is not null)
            {
                return new FixPlan("Remove the '" + name + "' override", RemoveValidatorKey, editor => editor.RemoveNode(removed));
            }
        }

        return null;
    }

    private static string MemberName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => target.ToString(),
    };
}
