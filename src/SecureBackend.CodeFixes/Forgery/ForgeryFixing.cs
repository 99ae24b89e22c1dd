using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Forgery;

/// <summary>Edits shared by the SB3xxx fixers.</summary>
internal static class ForgeryFixing
{
    /// <summary>A type name built from the symbol, shortened and imported by the code action's cleanup.</summary>
    public static TypeSyntax TypeName(SyntaxGenerator generator, INamedTypeSymbol type)
        => ((TypeSyntax)generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>Inserts <paramref name="statement"/> on its own line after <paramref name="anchor"/> (a statement or a top-level statement).</summary>
    public static void InsertStatementAfter(DocumentEditor editor, StatementSyntax anchor, StatementSyntax statement)
    {
        SyntaxNode target = anchor.Parent is GlobalStatementSyntax global ? global : anchor;
        editor.InsertAfter(target, Line(target, statement));
    }

    /// <summary>Inserts <paramref name="statement"/> on its own line before <paramref name="anchor"/> (a statement or a top-level statement).</summary>
    public static void InsertStatementBefore(DocumentEditor editor, StatementSyntax anchor, StatementSyntax statement)
    {
        SyntaxNode target = anchor.Parent is GlobalStatementSyntax global ? global : anchor;
        editor.InsertBefore(target, Line(target, statement));
    }

    /// <summary>The statement indented like <paramref name="sibling"/>, ending with a line break (wrapped for top-level code).</summary>
    private static SyntaxNode Line(SyntaxNode sibling, StatementSyntax statement)
    {
        var indentation = sibling.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        statement = statement
            .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
            .WithTrailingTrivia(SyntaxEdits.NewLine(sibling.SyntaxTree.GetRoot()));
        return sibling is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement;
    }

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

    /// <summary>
    /// Adds <c>using <paramref name="namespaceName"/>;</c> unless the document or a global using already imports it
    /// (needed for extension methods, which a simplifier annotation cannot import).
    /// </summary>
    public static void EnsureUsing(DocumentEditor editor, string namespaceName)
    {
        if (editor.OriginalRoot is not CompilationUnitSyntax unit)
        {
            return;
        }

        foreach (var tree in editor.SemanticModel.Compilation.SyntaxTrees)
        {
            var treeRoot = tree == unit.SyntaxTree ? unit : tree.GetRoot() as CompilationUnitSyntax;
            foreach (var directive in treeRoot?.Usings ?? default)
            {
                var isVisible = tree == unit.SyntaxTree || directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword);
                if (isVisible && directive.Alias is null && directive.StaticKeyword == default && directive.Name?.ToString() == namespaceName)
                {
                    return;
                }
            }
        }

        editor.ReplaceNode(unit, (node, _) => SyntaxEdits.AddUsing((CompilationUnitSyntax)node, namespaceName));
    }

    public static ExpressionSyntax True() => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
}
