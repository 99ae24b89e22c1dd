using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Forgery;

/// <summary>Edits shared by the SB3xxx fixers.</summary>
internal static class ForgeryFixing
{
    /// <summary>
    /// Adds <paramref name="assignment"/> as the last member of an object initializer, following the initializer's
    /// layout (one line, or one member per line with or without a trailing comma).
    /// </summary>
    public static InitializerExpressionSyntax AddToInitializer(InitializerExpressionSyntax initializer, ExpressionSyntax assignment)
    {
        var expressions = initializer.Expressions;
        if (expressions.Count == 0)
        {
            return initializer
                .WithExpressions(SyntaxFactory.SingletonSeparatedList(assignment))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        var nodesAndTokens = new List<SyntaxNodeOrToken>();
        var last = expressions[expressions.Count - 1];
        var multiline = initializer.ToString().Contains('\n');
        for (var i = 0; i < expressions.Count - 1; i++)
        {
            nodesAndTokens.Add(expressions[i]);
            nodesAndTokens.Add(expressions.GetSeparator(i));
        }

        if (expressions.SeparatorCount == expressions.Count)
        {
            // Trailing comma: keep it, and add the new member with one of its own.
            var trailing = expressions.GetSeparator(expressions.Count - 1);
            nodesAndTokens.Add(last);
            nodesAndTokens.Add(trailing);
            nodesAndTokens.Add(assignment.WithLeadingTrivia(last.GetLeadingTrivia()));
            nodesAndTokens.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(trailing.TrailingTrivia));
        }
        else
        {
            var lastTrailing = last.GetTrailingTrivia();
            nodesAndTokens.Add(last.WithoutTrailingTrivia());
            if (multiline)
            {
                // The line break that followed the old last member now follows the comma; end the new member the same way.
                nodesAndTokens.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(lastTrailing));
                nodesAndTokens.Add(assignment.WithLeadingTrivia(last.GetLeadingTrivia()).WithTrailingTrivia(lastTrailing));
            }
            else
            {
                nodesAndTokens.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
                nodesAndTokens.Add(assignment.WithTrailingTrivia(lastTrailing));
            }
        }

        return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(nodesAndTokens));
    }

    /// <summary><c>Name = value</c> for an object initializer.</summary>
    public static AssignmentExpressionSyntax MemberAssignment(string name, ExpressionSyntax value)
        => SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName(name),
            SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
            value);

    public static ExpressionSyntax True() => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
}
