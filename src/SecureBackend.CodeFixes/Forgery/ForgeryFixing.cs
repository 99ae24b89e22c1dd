using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SecureBackend.CodeFixes.Forgery;

/// <summary>Edits shared by the SB3xxx fixers.</summary>
internal static class ForgeryFixing
{
    /// <summary>
    /// A Fix All provider that applies every diagnostic of a document in one <see cref="DocumentEditor"/> pass, so
    /// edits that share a node (one attribute per class, one <c>using</c>, one inserted statement) happen once.
    /// </summary>
    public static FixAllProvider PerDocument(Func<DocumentEditor, ImmutableArray<Diagnostic>, string?, CancellationToken, Task> apply)
        => FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            if (diagnostics.IsDefaultOrEmpty)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, context.CancellationToken).ConfigureAwait(false);
            var ordered = diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start).ToImmutableArray();
            await apply(editor, ordered, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false);
            return editor.GetChangedDocument();
        });

    /// <summary>Applies <paramref name="apply"/> to one diagnostic through a fresh editor.</summary>
    public static async Task<Document> ApplyAsync(
        Document document,
        Diagnostic diagnostic,
        string? equivalenceKey,
        Func<DocumentEditor, ImmutableArray<Diagnostic>, string?, CancellationToken, Task> apply,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        await apply(editor, ImmutableArray.Create(diagnostic), equivalenceKey, cancellationToken).ConfigureAwait(false);
        return editor.GetChangedDocument();
    }

    /// <summary>A type name built from the symbol, shortened and imported by the code action's cleanup.</summary>
    public static TypeSyntax TypeName(SyntaxGenerator generator, INamedTypeSymbol type)
        => ((TypeSyntax)generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>Inserts <paramref name="statement"/> after <paramref name="anchor"/> (a statement, or a top-level statement).</summary>
    public static void InsertStatementAfter(DocumentEditor editor, StatementSyntax anchor, StatementSyntax statement)
    {
        statement = statement.WithAdditionalAnnotations(Formatter.Annotation);
        if (anchor.Parent is GlobalStatementSyntax global)
        {
            editor.InsertAfter(global, SyntaxFactory.GlobalStatement(statement).WithAdditionalAnnotations(Formatter.Annotation));
        }
        else
        {
            editor.InsertAfter(anchor, statement);
        }
    }

    /// <summary>Inserts <paramref name="statement"/> before <paramref name="anchor"/> (a statement, or a top-level statement).</summary>
    public static void InsertStatementBefore(DocumentEditor editor, StatementSyntax anchor, StatementSyntax statement)
    {
        statement = statement.WithAdditionalAnnotations(Formatter.Annotation);
        if (anchor.Parent is GlobalStatementSyntax global)
        {
            editor.InsertBefore(global, SyntaxFactory.GlobalStatement(statement).WithAdditionalAnnotations(Formatter.Annotation));
        }
        else
        {
            editor.InsertBefore(anchor, statement);
        }
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

    /// <summary>The document's line break (the first one found), or <c>\n</c>.</summary>
    public static SyntaxTrivia NewLine(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return SyntaxFactory.EndOfLine("\n");
    }

    public static ExpressionSyntax True() => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
}
