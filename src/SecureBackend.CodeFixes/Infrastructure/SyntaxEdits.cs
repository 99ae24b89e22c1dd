using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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
}
