using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SecureBackend.Analyzers.Infrastructure.Baseline;

/// <summary>
/// The fingerprint that identifies a finding in a baseline: a 64-bit FNV-1a hash, as 16 hex digits, of the rule ID, the
/// names of the types and member around the flagged code (<c>OrderQueries.CountForCustomer</c>) and the flagged code's
/// text without its whitespace (one space is kept between two words). Line numbers are not part of it, so the finding keeps its
/// fingerprint when code above it moves, when it is re-indented or re-wrapped, and when anything outside the flagged
/// code changes; it changes when the flagged code itself changes or moves to another member.
/// </summary>
internal static class BaselineFingerprint
{
    /// <summary>The fingerprint of <paramref name="diagnostic"/>, or null when it has no location in source.</summary>
    public static string? For(Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var location = diagnostic.Location;
        var tree = location.SourceTree;
        return tree is null || !location.IsInSource ? null : For(diagnostic.Id, tree, location.SourceSpan, cancellationToken);
    }

    public static string For(string ruleId, SyntaxTree tree, TextSpan span, CancellationToken cancellationToken)
    {
        var text = tree.GetText(cancellationToken);
        var root = tree.GetRoot(cancellationToken);
        var builder = new StringBuilder();
        builder.Append(ruleId).Append('\n');
        if (span.End <= root.FullSpan.End)
        {
            AppendMemberPath(builder, root.FindNode(span, getInnermostNodeForTie: true));
        }

        builder.Append('\n');
        if (span.End <= text.Length)
        {
            AppendCollapsed(builder, text.ToString(span));
        }

        return Hash(builder.ToString());
    }

    /// <summary>Appends the names of the enclosing types and member, outermost first, separated by dots.</summary>
    private static void AppendMemberPath(StringBuilder builder, SyntaxNode node)
    {
        var start = builder.Length;
        for (var current = node; current is not null; current = current.Parent)
        {
            var name = NameOf(current);
            if (name is null)
            {
                continue;
            }

            builder.Insert(start, builder.Length == start ? name : name + ".");
        }
    }

    private static string? NameOf(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
        DelegateDeclarationSyntax @delegate => @delegate.Identifier.ValueText,
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        ConstructorDeclarationSyntax constructor => constructor.Modifiers.Any(SyntaxKind.StaticKeyword) ? ".cctor" : ".ctor",
        DestructorDeclarationSyntax => "Finalize",
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        IndexerDeclarationSyntax => "this[]",
        EventDeclarationSyntax @event => @event.Identifier.ValueText,
        OperatorDeclarationSyntax @operator => "operator " + @operator.OperatorToken.ValueText,
        ConversionOperatorDeclarationSyntax conversion => "operator " + conversion.Type,
        BaseFieldDeclarationSyntax field => field.Declaration.Variables.Count > 0 ? field.Declaration.Variables[0].Identifier.ValueText : null,
        EnumMemberDeclarationSyntax member => member.Identifier.ValueText,
        GlobalStatementSyntax => "<top-level>",
        _ => null,
    };

    /// <summary>
    /// Appends <paramref name="code"/> without its whitespace, keeping one space only where it separates two word
    /// characters (<c>new Random</c>), so re-indenting or re-wrapping the code leaves the result unchanged.
    /// </summary>
    private static void AppendCollapsed(StringBuilder builder, string code)
    {
        var pendingSpace = false;
        var previous = '\0';
        foreach (var c in code)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace && IsWordCharacter(previous) && IsWordCharacter(c))
            {
                builder.Append(' ');
            }

            pendingSpace = false;
            previous = c;
            builder.Append(c);
        }
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c is '_' or '@';

    private static string Hash(string value)
    {
        unchecked
        {
            var hash = 14695981039346656037UL;
            foreach (var c in value)
            {
                hash = (hash ^ (byte)c) * 1099511628211UL;
                hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
            }

            return hash.ToString("x16", CultureInfo.InvariantCulture);
        }
    }
}
