using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureBackend.CodeFixes.Transport;

/// <summary>Helpers shared by the transport fixers: one-edit Fix All, line endings, indentation and <c>using</c>s.</summary>
internal static class TransportFixes
{
    public delegate Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken);

    /// <summary>A Fix All that applies every diagnostic of a document in one edit (shared usings, de-duplicated targets).</summary>
    public static FixAllProvider CreateFixAll(ApplyAsync apply)
        => FixAllProvider.Create(async (context, document, diagnostics) =>
            diagnostics.IsDefaultOrEmpty
                ? document
                : await apply(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

    /// <summary>The document's line ending (the first one found), <c>\n</c> when there is none.</summary>
    public static string NewLine(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToString();
            }
        }

        return "\n";
    }

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

        var newLine = NewLine(root);
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

    /// <summary>Whether <paramref name="expression"/> binds to a method at <paramref name="position"/> (so its namespace is imported).</summary>
    public static bool BindsToMethod(SemanticModel model, int position, string expression, string methodName)
    {
        var parsed = SyntaxFactory.ParseExpression(expression);
        var info = model.GetSpeculativeSymbolInfo(position, parsed, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is IMethodSymbol { Name: var name } && name == methodName;
    }
}
