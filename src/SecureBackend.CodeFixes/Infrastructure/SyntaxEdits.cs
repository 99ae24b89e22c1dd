using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SecureBackend.CodeFixes.Infrastructure;

/// <summary>
/// The one editing helper of the fixers: type names (imported and shortened by the code action's cleanup through
/// <see cref="Simplifier"/> annotations), <c>using</c> directives for extension methods, indentation taken from the
/// document, and statements inserted on their own line next to an existing one.
/// </summary>
public static class SyntaxEdits
{
    // ---------------------------------------------------------------- types and usings

    /// <summary>A type name built from the symbol; the code action's cleanup adds its <c>using</c> and shortens it.</summary>
    public static TypeSyntax TypeName(SyntaxGenerator generator, ITypeSymbol type)
        => ((TypeSyntax)generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>
    /// The name written into the code for <paramref name="symbol"/>: <c>global::</c>-qualified for a type, dotted for a
    /// namespace (<c>using</c> and <c>namespace</c> lines). The one place a fixer formats a symbol's name; symbols are
    /// compared by symbol or with <c>IsType</c>/<c>IsNamespace</c>, never by their formatted names.
    /// </summary>
    public static string WrittenName(ISymbol symbol)
    {
#pragma warning disable RS0030 // The one sanctioned use: see the summary.
        return symbol is INamespaceSymbol ? symbol.ToDisplayString() : symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
#pragma warning restore RS0030
    }

    /// <summary>A type name built from the symbol whose namespace gets a <c>using</c>; shortened only where an enclosing node asks for it.</summary>
    public static SyntaxNode ImportedTypeName(SyntaxGenerator generator, ITypeSymbol type)
        => generator.TypeExpression(type).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation);

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

        editor.ReplaceNode(unit, (node, _) => AddUsing((CompilationUnitSyntax)node, namespaceName));
    }

    /// <summary>Whether a type named <paramref name="typeName"/> is in scope at <paramref name="position"/> (its namespace is imported).</summary>
    public static bool IsTypeInScope(SemanticModel model, int position, string typeName)
        => !model.LookupNamespacesAndTypes(position, container: null, name: typeName).IsEmpty;

    /// <summary>Adds each of <paramref name="namespaces"/> with <see cref="AddUsing"/>.</summary>
    public static SyntaxNode AddUsings(SyntaxNode root, IEnumerable<string> namespaces)
    {
        if (root is CompilationUnitSyntax unit)
        {
            foreach (var ns in namespaces)
            {
                unit = AddUsing(unit, ns);
            }

            return unit;
        }

        return root;
    }

    /// <summary>Whether <paramref name="expression"/> binds to a method at <paramref name="position"/> (so its namespace is imported).</summary>
    public static bool BindsToMethod(SemanticModel model, int position, ExpressionSyntax expression, string methodName)
    {
        var info = model.GetSpeculativeSymbolInfo(position, expression, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is IMethodSymbol { Name: var name } && name == methodName;
    }

    // ---------------------------------------------------------------- indentation

    /// <summary>The whitespace before the first token of <paramref name="node"/> on its line.</summary>
    public static string IndentationOf(SyntaxNode node)
    {
        var leading = node.GetLeadingTrivia();
        for (var i = leading.Count - 1; i >= 0; i--)
        {
            if (leading[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                return leading[i].ToString();
            }

            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                break;
            }
        }

        return string.Empty;
    }

    /// <summary><see cref="IndentationOf"/> as leading trivia.</summary>
    public static SyntaxTriviaList Indentation(SyntaxNode node)
    {
        var indentation = IndentationOf(node);
        return indentation.Length == 0 ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(indentation));
    }

    /// <summary>One indentation level, taken from the document when a nested block shows it, else four spaces.</summary>
    public static string IndentUnit(SyntaxNode root)
    {
        foreach (var block in root.DescendantNodes().OfType<BlockSyntax>())
        {
            if (block.Statements.Count > 0)
            {
                var outer = IndentationOf(block);
                var inner = IndentationOf(block.Statements[0]);
                if (inner.Length > outer.Length && inner.StartsWith(outer, StringComparison.Ordinal))
                {
                    return inner.Substring(outer.Length);
                }
            }
        }

        return "    ";
    }

    // ---------------------------------------------------------------- statements

    /// <summary><c>receiver.a.b(arguments)</c> for the dotted <paramref name="path"/> <c>a.b</c>, written without spaces.</summary>
    public static InvocationExpressionSyntax Call(ExpressionSyntax receiver, string path, params ExpressionSyntax[] arguments)
    {
        var target = Member(receiver, path);
        var list = new List<ArgumentSyntax>();
        foreach (var argument in arguments)
        {
            list.Add(SyntaxFactory.Argument(argument));
        }

        return Plain(SyntaxFactory.InvocationExpression(target, SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(list, Separators(list.Count - 1)))));
    }

    /// <summary><c>receiver.a.b(arguments);</c>, see <see cref="Call"/>.</summary>
    public static ExpressionStatementSyntax CallStatement(ExpressionSyntax receiver, string path, params ExpressionSyntax[] arguments)
        => Plain(SyntaxFactory.ExpressionStatement(Call(receiver, path, arguments)));

    /// <summary><c>receiver.a.b</c> for the dotted <paramref name="path"/> <c>a.b</c>.</summary>
    public static ExpressionSyntax Member(ExpressionSyntax receiver, string path)
    {
        var target = receiver;
        foreach (var member in path.Split('.'))
        {
            target = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, SyntaxFactory.IdentifierName(member));
        }

        return Plain(target);
    }

    /// <summary><c>var name = value;</c>.</summary>
    public static LocalDeclarationStatementSyntax DeclareVar(string name, ExpressionSyntax value)
        => Plain(SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
            SyntaxFactory.IdentifierName(SyntaxFactory.Identifier("var").WithTrailingTrivia(SyntaxFactory.Space)),
            SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space), value))))));

    /// <summary><c>target = value;</c>.</summary>
    public static ExpressionStatementSyntax AssignStatement(ExpressionSyntax target, ExpressionSyntax value)
        => Plain(SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            target,
            SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
            value)));

    /// <summary><c>name => body</c>, spaced as people write it.</summary>
    public static SimpleLambdaExpressionSyntax Lambda(string name, CSharpSyntaxNode body)
        => Plain(SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(name).WithTrailingTrivia(SyntaxFactory.Space)), body)
            .WithArrowToken(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(SyntaxFactory.Space)));

    /// <summary>
    /// <paramref name="node"/> with its elastic trivia made plain (markers dropped, elastic spaces kept as spaces), so
    /// the code action's formatting leaves the layout the fix wrote as it is.
    /// </summary>
    public static T Plain<T>(T node)
        where T : SyntaxNode
        => node.ReplaceTokens(node.DescendantTokens(), static (_, token) =>
            token.WithLeadingTrivia(Plain(token.LeadingTrivia)).WithTrailingTrivia(Plain(token.TrailingTrivia)));

    private static SyntaxTriviaList Plain(SyntaxTriviaList trivia)
    {
        var plain = new List<SyntaxTrivia>(trivia.Count);
        foreach (var item in trivia)
        {
            if (!item.HasAnnotation(SyntaxAnnotation.ElasticAnnotation))
            {
                plain.Add(item);
            }
            else if (item.FullSpan.Length > 0)
            {
                plain.Add(item.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.EndOfLine(item.ToFullString()) : SyntaxFactory.Whitespace(item.ToFullString()));
            }
        }

        return SyntaxFactory.TriviaList(plain);
    }

    /// <summary><paramref name="count"/> commas, each followed by a space.</summary>
    public static IEnumerable<SyntaxToken> Separators(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
        }
    }

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
        statement = statement
            .WithLeadingTrivia(Indentation(sibling))
            .WithTrailingTrivia(NewLine(sibling.SyntaxTree.GetRoot()));
        return sibling is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement;
    }

    /// <summary>The statements indented like <paramref name="neighbour"/> and ended with its line break.</summary>
    public static IEnumerable<StatementSyntax> IndentedLike(IEnumerable<StatementSyntax> statements, SyntaxNode neighbour)
    {
        var indentation = Indentation(neighbour);
        var endOfLine = SyntaxFactory.ElasticCarriageReturnLineFeed;
        foreach (var trivia in neighbour.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                endOfLine = trivia;
            }
        }

        foreach (var statement in statements)
        {
            yield return statement.WithLeadingTrivia(indentation).WithTrailingTrivia(endOfLine);
        }
    }

    /// <summary>
    /// Inserts <paramref name="statements"/> after <paramref name="anchor"/> (a statement or a top-level statement),
    /// or first in the body of a <c>using</c> statement; returns false where the anchor is neither.
    /// </summary>
    public static bool InsertStatements(DocumentEditor editor, SyntaxNode anchor, IReadOnlyList<StatementSyntax> statements)
    {
        switch (anchor)
        {
            case UsingStatementSyntax { Statement: BlockSyntax { Statements.Count: > 0 } body }:
            {
                var first = body.Statements[0];
                editor.InsertBefore(first, IndentedLike(statements, first));
                return true;
            }

            case UsingStatementSyntax usingStatement:
            {
                var formatted = statements.Select(static s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
                if (usingStatement.Statement is BlockSyntax empty)
                {
                    editor.ReplaceNode(empty, empty.WithStatements(SyntaxFactory.List(formatted)).WithAdditionalAnnotations(Formatter.Annotation));
                }
                else
                {
                    formatted.Add(usingStatement.Statement.WithoutLeadingTrivia());
                    editor.ReplaceNode(usingStatement.Statement, SyntaxFactory.Block(formatted).WithAdditionalAnnotations(Formatter.Annotation));
                }

                return true;
            }

            case GlobalStatementSyntax global:
                editor.InsertAfter(global, IndentedLike(statements, global).Select(static s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
                return true;

            case StatementSyntax statement:
                editor.InsertAfter(statement, IndentedLike(statements, statement));
                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// <paramref name="statement"/> laid out as the document writes it: each line indented by
    /// <paramref name="indentation"/> plus one <see cref="IndentUnit"/> per block level, lines ended with
    /// <paramref name="newLine"/>.
    /// </summary>
    public static StatementSyntax LaidOut(StatementSyntax statement, string indentation, string unit, string newLine)
    {
        var text = new System.Text.StringBuilder();
        Write(statement.NormalizeWhitespace(indentation: unit, eol: "\n").ToFullString(), indentation, newLine, text);
        return SyntaxFactory.ParseStatement(text.ToString());
    }

    private static void Write(string normalized, string indentation, string newLine, System.Text.StringBuilder text)
    {
        foreach (var line in normalized.Split('\n'))
        {
            text.Append(indentation).Append(line).Append(newLine);
        }
    }

    /// <summary>
    /// Removes a statement (or member) and its own line, keeping the comment and blank lines written above it: those
    /// move to the token that follows, so the surrounding indentation stays as it was.
    /// </summary>
    public static SyntaxNode RemoveKeepingCommentsAbove(SyntaxNode root, SyntaxNode node)
    {
        var leading = node.GetLeadingTrivia();
        var lastEndOfLine = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                lastEndOfLine = i;
            }
        }

        var next = node.GetLastToken().GetNextToken(includeZeroWidth: true);
        if (lastEndOfLine < 0 || next.RawKind == 0)
        {
            return root.RemoveNode(node, SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? root;
        }

        var kept = new SyntaxTriviaList();
        for (var i = 0; i <= lastEndOfLine; i++)
        {
            kept = kept.Add(leading[i]);
        }

        var tracked = root.TrackNodes(node);
        var nextInTracked = tracked.FindToken(next.SpanStart);
        tracked = tracked.ReplaceToken(nextInTracked, nextInTracked.WithLeadingTrivia(kept.AddRange(nextInTracked.LeadingTrivia)));
        var current = tracked.GetCurrentNode(node);
        return current is null ? tracked : tracked.RemoveNode(current, SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? tracked;
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

    /// <summary>Adds <c>using <paramref name="ns"/>;</c> in sorted position (System first) unless it is already there.</summary>
    public static CompilationUnitSyntax AddUsing(CompilationUnitSyntax root, string ns)
    {
        foreach (var existing in root.Usings)
        {
            if (existing.Alias is null && existing.StaticKeyword.IsKind(SyntaxKind.None) && existing.Name?.ToString() == ns)
            {
                return root;
            }
        }

        var newLine = NewLine(root).ToString();
        var directive = SyntaxFactory.ParseCompilationUnit("using " + ns + ";" + newLine).Usings[0];
        if (root.Usings.Count == 0)
        {
            var first = root.GetFirstToken(includeZeroWidth: true);
            var withoutHeader = root.ReplaceToken(first, first.WithLeadingTrivia(SyntaxFactory.EndOfLine(newLine)));
            return withoutHeader.WithUsings(withoutHeader.Usings.Add(directive.WithLeadingTrivia(first.LeadingTrivia)));
        }

        var index = 0;
        while (index < root.Usings.Count && Compare(root.Usings[index], ns) < 0)
        {
            index++;
        }

        if (index == 0)
        {
            // Keep a file header on the first line.
            var header = root.Usings[0].GetLeadingTrivia();
            var usings = root.Usings.Replace(root.Usings[0], root.Usings[0].WithLeadingTrivia());
            return root.WithUsings(usings.Insert(0, directive.WithLeadingTrivia(header)));
        }

        return root.WithUsings(root.Usings.Insert(index, directive));
    }

    private static int Compare(UsingDirectiveSyntax existing, string ns)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
        {
            return 1; // aliases and static usings go last; global usings are left alone
        }

        var name = existing.Name?.ToString() ?? string.Empty;
        var existingIsSystem = name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
        var newIsSystem = ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal);
        if (existingIsSystem != newIsSystem)
        {
            return existingIsSystem ? -1 : 1;
        }

        return string.CompareOrdinal(name, ns);
    }
}
