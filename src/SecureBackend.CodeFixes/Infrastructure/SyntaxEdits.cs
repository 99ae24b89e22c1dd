using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureBackend.CodeFixes.Infrastructure;

/// <summary>Syntax edits shared by the code fixes.</summary>
public static class SyntaxEdits
{
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
