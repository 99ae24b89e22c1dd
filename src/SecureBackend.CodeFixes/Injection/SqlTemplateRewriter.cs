using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>Builds the rewritten SQL expression from a template whose pieces carry their edits.</summary>
internal static class SqlTemplateRewriter
{
    /// <summary>
    /// The template with every piece in <paramref name="removed"/> dropped and the text edits applied, in the same
    /// shape as the original (interpolated string or concatenation); null when the source cannot be edited safely.
    /// </summary>
    public static ExpressionSyntax? WithoutHoles(SqlTemplate template, HashSet<int> removed)
        => template.IsInterpolated ? RebuildInterpolated(template, removed, replacements: null) : RebuildConcatenation(template, removed);

    /// <summary>
    /// An interpolated string with the text edits applied and hole expressions replaced as given (EF Core: every
    /// hole becomes a parameter). A concatenation is turned into an interpolated string.
    /// </summary>
    public static ExpressionSyntax? ToInterpolated(SqlTemplate template, Dictionary<int, string> replacements)
    {
        if (template.IsInterpolated)
        {
            return RebuildInterpolated(template, new HashSet<int>(), replacements);
        }

        var text = new StringBuilder("$\"");
        for (var i = 0; i < template.Pieces.Count; i++)
        {
            var piece = template.Pieces[i];
            if (piece.Kind == SqlPieceKind.Text)
            {
                AppendInterpolatedText(text, piece.EditedValue);
            }
            else if (piece.IsHole)
            {
                var expression = replacements.TryGetValue(i, out var replaced) ? replaced : AsOperand(piece.Expression!);
                text.Append('{').Append(expression).Append('}');
            }
            else
            {
                return null;
            }
        }

        text.Append('"');
        return Parse(text.ToString(), template.Expression);
    }

    /// <summary><paramref name="expression"/> as text usable as an operand of <c>+</c> or inside an interpolation hole.</summary>
    public static string AsOperand(ExpressionSyntax expression)
    {
        var text = expression.WithoutTrivia().ToString();
        return expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            or ConditionalAccessExpressionSyntax or LiteralExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax
            or InterpolatedStringExpressionSyntax or CastExpressionSyntax or GenericNameSyntax
            ? text
            : "(" + text + ")";
    }

    /// <summary><c>"prefix" + value + "suffix"</c> (parts omitted when empty).</summary>
    public static string Decorate(string prefix, ExpressionSyntax value, string suffix)
    {
        if (prefix.Length == 0 && suffix.Length == 0)
        {
            return value.WithoutTrivia().ToString();
        }

        var text = new StringBuilder();
        if (prefix.Length > 0)
        {
            text.Append(SymbolDisplay.FormatLiteral(prefix, quote: true)).Append(" + ");
        }

        text.Append(AsOperand(value));
        if (suffix.Length > 0)
        {
            text.Append(" + ").Append(SymbolDisplay.FormatLiteral(suffix, quote: true));
        }

        return text.ToString();
    }

    private static ExpressionSyntax? RebuildInterpolated(SqlTemplate template, HashSet<int> removed, Dictionary<int, string>? replacements)
    {
        var interpolated = (InterpolatedStringExpressionSyntax)template.Expression;
        var content = new StringBuilder();
        var holesLeft = 0;
        for (var i = 0; i < template.Pieces.Count; i++)
        {
            var piece = template.Pieces[i];
            if (removed.Contains(i))
            {
                continue;
            }

            if (piece.Kind == SqlPieceKind.Text)
            {
                var source = piece.EditedSource();
                if (source is null)
                {
                    return null;
                }

                content.Append(source);
                continue;
            }

            holesLeft++;
            var hole = (InterpolationSyntax)piece.Node;
            if (replacements is not null && replacements.TryGetValue(i, out var replacement))
            {
                content.Append(hole.OpenBraceToken.Text).Append(replacement).Append(hole.CloseBraceToken.Text);
            }
            else
            {
                content.Append(hole.ToString());
            }
        }

        var start = interpolated.StringStartToken.Text;
        var end = interpolated.StringEndToken.Text;
        var raw = interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedSingleLineRawStringStartToken)
            || interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken);
        var body = content.ToString();
        if (holesLeft == 0)
        {
            // No hole left: a plain string literal reads better than a constant interpolated string.
            start = start.Replace("$", "");
            if (!raw)
            {
                body = body.Replace("{{", "{").Replace("}}", "}");
            }
            else if (body.IndexOf('{') >= 0 || body.IndexOf('}') >= 0)
            {
                start = interpolated.StringStartToken.Text;
            }
        }

        return Parse(start + body + end, template.Expression);
    }

    private static ExpressionSyntax? RebuildConcatenation(SqlTemplate template, HashSet<int> removed)
    {
        var operands = new List<ExpressionSyntax>();
        var operators = new List<SyntaxToken>();
        SqlPiece? lastText = null;
        string? lastSource = null;
        var lastStyle = SqlTextStyle.None;
        var mergeNext = false;
        for (var i = 0; i < template.Pieces.Count; i++)
        {
            var piece = template.Pieces[i];
            if (removed.Contains(i))
            {
                mergeNext = lastText is not null;
                continue;
            }

            if (piece.Kind == SqlPieceKind.Text && piece.IsEditableText && (piece.RemoveStart.Length > 0 || piece.RemoveEnd.Length > 0 || piece.Append.Length > 0 || mergeNext))
            {
                var source = piece.EditedSource();
                if (source is null)
                {
                    return null;
                }

                if (mergeNext && lastText is not null && lastSource is not null)
                {
                    // Join the literal before the removed hole with the one after it.
                    var merged = lastStyle == piece.Style
                        ? Literal(lastSource + source, piece.Style)
                        : FromValue(Unescape(lastSource, lastStyle) + piece.EditedValue, lastStyle);
                    lastSource = lastStyle == piece.Style ? lastSource + source : null;
                    operands[operands.Count - 1] = merged
                        .WithLeadingTrivia(operands[operands.Count - 1].GetLeadingTrivia())
                        .WithTrailingTrivia(piece.Node.GetTrailingTrivia());
                    mergeNext = false;
                    continue;
                }

                AddOperand(operands, operators, template, i, Literal(source, piece.Style).WithTriviaFrom(piece.Node));
                lastText = piece;
                lastSource = source;
                lastStyle = piece.Style;
                mergeNext = false;
                continue;
            }

            AddOperand(operands, operators, template, i, (ExpressionSyntax)piece.Node);
            if (piece.IsEditableText)
            {
                lastText = piece;
                lastSource = piece.EditedSource();
                lastStyle = piece.Style;
            }
            else
            {
                lastText = null;
                lastSource = null;
            }

            mergeNext = false;
        }

        if (operands.Count == 0)
        {
            return null;
        }

        var result = operands[0];
        for (var k = 1; k < operands.Count; k++)
        {
            result = SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, result, operators[k - 1], operands[k]);
        }

        return result.WithLeadingTrivia(template.Expression.GetLeadingTrivia()).WithTrailingTrivia(template.Expression.GetTrailingTrivia());
    }

    private static void AddOperand(List<ExpressionSyntax> operands, List<SyntaxToken> operators, SqlTemplate template, int index, ExpressionSyntax operand)
    {
        if (operands.Count > 0)
        {
            operators.Add(index > 0 ? template.Operators[index - 1] : SyntaxFactory.Token(SyntaxKind.PlusToken));
        }

        operands.Add(operand);
    }

    private static ExpressionSyntax Literal(string inner, SqlTextStyle style)
    {
        var text = style == SqlTextStyle.VerbatimLiteral ? "@\"" + inner + "\"" : "\"" + inner + "\"";
        return SyntaxFactory.ParseExpression(text);
    }

    /// <summary>A literal with this value, verbatim when the text it continues was verbatim.</summary>
    private static ExpressionSyntax FromValue(string value, SqlTextStyle style)
        => style == SqlTextStyle.VerbatimLiteral
            ? Literal(value.Replace("\"", "\"\""), SqlTextStyle.VerbatimLiteral)
            : SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));

    private static string Unescape(string inner, SqlTextStyle style)
    {
        var literal = style == SqlTextStyle.VerbatimLiteral ? "@\"" + inner + "\"" : "\"" + inner + "\"";
        return SyntaxFactory.ParseExpression(literal) is LiteralExpressionSyntax parsed ? parsed.Token.ValueText : inner;
    }

    private static void AppendInterpolatedText(StringBuilder text, string value)
    {
        var escaped = SymbolDisplay.FormatLiteral(value, quote: false);
        foreach (var c in escaped)
        {
            if (c is '{' or '}')
            {
                text.Append(c);
            }

            text.Append(c);
        }
    }

    private static ExpressionSyntax? Parse(string text, ExpressionSyntax original)
    {
        var parsed = SyntaxFactory.ParseExpression(text);
        return parsed.ContainsDiagnostics || parsed.FullSpan.Length != text.Length ? null : parsed.WithTriviaFrom(original);
    }
}
