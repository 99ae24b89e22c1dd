using System.Collections.Immutable;
using System.Composition;
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
/// SB2007: sets a validation switch (<c>ValidateLifetime = false</c>, <c>RequireHttpsMetadata = false</c> …) to
/// <c>true</c>, and removes validator delegates that accept everything, which restores the library's own validation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TokenValidationFixer)), Shared]
public sealed class TokenValidationFixer : SecureBackendFixer
{
    /// <summary>
    /// One key for both rewrites: exactly one applies to any diagnostic (a switch is set to true, a validator override
    /// is removed), so Fix All and <c>dotnet format</c>, which apply one key per rule, restore validation everywhere.
    /// </summary>
    public const string RestoreValidationKey = "SB2007.RestoreValidation";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TokenValidationDisabled);

    internal override FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment
            || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
            || !diagnostic.Properties.TryGetValue(TokenValidationAnalyzer.KindProperty, out var kind))
        {
            return null;
        }

        if (kind == TokenValidationAnalyzer.SwitchKind)
        {
            return new FixPlan(
                "Set the validation switch to true",
                RestoreValidationKey,
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
                return new FixPlan("Remove the validator override", RestoreValidationKey, editor => editor.RemoveNode(removed));
            }
        }

        return null;
    }
}
