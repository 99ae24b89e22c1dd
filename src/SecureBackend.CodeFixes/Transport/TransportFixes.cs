using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Transport;

/// <summary>Helpers shared by the transport fixers: indentation, <c>using</c>s and speculative binding.</summary>
internal static class TransportFixes
{
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

    /// <summary>Whether <paramref name="expression"/> binds to a method at <paramref name="position"/> (so its namespace is imported).</summary>
    public static bool BindsToMethod(SemanticModel model, int position, string expression, string methodName)
    {
        var parsed = SyntaxFactory.ParseExpression(expression);
        var info = model.GetSpeculativeSymbolInfo(position, parsed, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is IMethodSymbol { Name: var name } && name == methodName;
    }
}
