using System.Collections.Generic;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Exposure;

/// <summary>
/// Where the exposure fixers add to an application's host: around <c>var app = builder.Build();</c> (keeping the
/// variable names), or first in a Startup <c>Configure</c> method.
/// </summary>
internal sealed class HostSite
{
    private HostSite(string app, string? builder, StatementSyntax anchor, bool first, IReadOnlyList<StatementSyntax> following)
    {
        App = app;
        Builder = builder;
        Anchor = anchor;
        InsertBeforeAnchor = first;
        Following = following;
    }

    /// <summary>The expression naming the app.</summary>
    public string App { get; }

    /// <summary>The <c>WebApplicationBuilder</c> local whose <c>Build()</c> makes the app; null in Configure.</summary>
    public string? Builder { get; }

    /// <summary>The statement that builds the app, or the first statement of Configure.</summary>
    public StatementSyntax Anchor { get; }

    private bool InsertBeforeAnchor { get; }

    /// <summary>The statements after the build statement, in the same statement list.</summary>
    public IReadOnlyList<StatementSyntax> Following { get; }

    /// <summary>The site of a diagnostic reported at a <c>Build()</c> invocation.</summary>
    public static HostSite? AtBuild(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build" or "Create" } access } invocation
            || invocation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax statement
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol { Type: { Name: "WebApplication" } type }
            || type.ContainingNamespace?.ToDisplayString() != "Microsoft.AspNetCore.Builder")
        {
            return null;
        }

        var builder = access.Name.Identifier.ValueText == "Build" && access.Expression is IdentifierNameSyntax name ? name.Identifier.ValueText : null;
        var following = new List<StatementSyntax>();
        switch (statement.Parent)
        {
            case BlockSyntax block:
                for (var i = block.Statements.IndexOf(statement) + 1; i < block.Statements.Count; i++)
                {
                    following.Add(block.Statements[i]);
                }

                break;
            case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
                for (var i = unit.Members.IndexOf(global) + 1; i < unit.Members.Count; i++)
                {
                    if (unit.Members[i] is GlobalStatementSyntax next)
                    {
                        following.Add(next.Statement);
                    }
                }

                break;
            default:
                return null;
        }

        return new HostSite(declarator.Identifier.ValueText, builder, statement, first: false, following);
    }

    /// <summary>The first <c>var app = builder.Build();</c> of the document, with a builder local.</summary>
    public static HostSite? FindBuild(SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in root.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build", Expression: IdentifierNameSyntax } }
                && AtBuild(node, model, cancellationToken) is { Builder: not null } site)
            {
                return site;
            }
        }

        return null;
    }

    /// <summary>The site of a diagnostic reported at a Startup's <c>Configure</c> method name.</summary>
    public static HostSite? InConfigure(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { Body: { Statements.Count: > 0 } body } method
            || model.GetDeclaredSymbol(method, cancellationToken) is not { } symbol)
        {
            return null;
        }

        foreach (var parameter in symbol.Parameters)
        {
            if (parameter.Type is { Name: "IApplicationBuilder" } type && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Builder")
            {
                return new HostSite(parameter.Name, null, body.Statements[0], first: true, body.Statements);
            }
        }

        return null;
    }

    /// <summary>A position where the app is in scope, for lookups.</summary>
    public int Position => InsertBeforeAnchor ? Anchor.SpanStart : Anchor.Span.End;

    /// <summary>Inserts <paramref name="code"/> (one statement, lines separated by <c>\n</c>) after the build statement or first in Configure.</summary>
    public void Insert(DocumentEditor editor, string code, string newLine) => InsertAt(editor, Anchor, before: InsertBeforeAnchor, code, newLine);

    /// <summary>Inserts <paramref name="code"/> before or after <paramref name="anchor"/>, with its indentation.</summary>
    public static void InsertAt(DocumentEditor editor, StatementSyntax anchor, bool before, string code, string newLine)
    {
        var target = anchor.Parent is GlobalStatementSyntax global ? (SyntaxNode)global : anchor;
        var statement = Parse(IndentationOf(target), code, newLine);
        SyntaxNode inserted = anchor.Parent is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement;
        if (before)
        {
            editor.InsertBefore(target, inserted);
        }
        else
        {
            editor.InsertAfter(target, inserted);
        }
    }

    private static string IndentationOf(SyntaxNode node)
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

    private static StatementSyntax Parse(string indentation, string code, string newLine)
    {
        var text = new StringBuilder();
        foreach (var line in code.Split('\n'))
        {
            text.Append(line.Length == 0 ? string.Empty : indentation).Append(line).Append(newLine);
        }

        return SyntaxFactory.ParseStatement(text.ToString());
    }

    /// <summary>Whether a type named <paramref name="typeName"/> is in scope at <paramref name="position"/> (its namespace is imported).</summary>
    public static bool Imports(SemanticModel model, int position, string typeName)
        => !model.LookupNamespacesAndTypes(position, container: null, name: typeName).IsEmpty;

    /// <summary>Adds the <c>using</c>s recorded for the edited document, once each.</summary>
    public static Document Finish(Document document, DocumentEditor editor, IEnumerable<string> usings)
    {
        var root = editor.GetChangedRoot();
        if (root is CompilationUnitSyntax unit)
        {
            foreach (var ns in usings)
            {
                unit = SyntaxEdits.AddUsing(unit, ns);
            }

            root = unit;
        }

        return document.WithSyntaxRoot(root);
    }
}
