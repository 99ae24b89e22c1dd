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

    /// <summary>
    /// Registers one code action per diagnostic for which <paramref name="title"/> returns a title; the action applies
    /// <paramref name="apply"/> to that diagnostic with <paramref name="equivalenceKey"/>.
    /// </summary>
    public static async Task RegisterEachAsync(
        CodeFixContext context,
        string equivalenceKey,
        Func<SyntaxNode, Diagnostic, string?> title,
        Func<DocumentEditor, ImmutableArray<Diagnostic>, string?, CancellationToken, Task> apply)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (title(root, diagnostic) is { } text)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(text, ct => ApplyAsync(context.Document, diagnostic, equivalenceKey, apply, ct), equivalenceKey),
                    diagnostic);
            }
        }
    }

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
            .WithTrailingTrivia(NewLine(sibling.SyntaxTree.GetRoot()));
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

        var usingDirective = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(NewLine(unit));
        var usings = unit.Usings;
        var index = 0;
        while (index < usings.Count && string.CompareOrdinal(usings[index].Name?.ToString(), namespaceName) < 0 && usings[index].Alias is null)
        {
            index++;
        }

        editor.ReplaceNode(unit, (node, _) =>
        {
            var current = (CompilationUnitSyntax)node;
            if (current.Usings.Count == 0)
            {
                var first = current.GetFirstToken();
                return current.ReplaceToken(first, first.WithLeadingTrivia())
                    .WithUsings(SyntaxFactory.SingletonList(usingDirective.WithLeadingTrivia(first.LeadingTrivia).WithTrailingTrivia(NewLine(unit), NewLine(unit))));
            }

            return current.WithUsings(current.Usings.Insert(index, usingDirective));
        });
    }

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
