using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Injection;

namespace SecureBackend.CodeFixes.Injection;

internal enum SqlPieceKind
{
    /// <summary>Literal text written in the expression (a string literal operand or interpolated text).</summary>
    Text,

    /// <summary>A constant that is not a literal (a <c>const</c> field, <c>nameof</c>, a char literal): value known, not editable.</summary>
    Constant,

    /// <summary>A non-constant value that cannot carry SQL syntax (number, date, enum, whitelisted text).</summary>
    SafeHole,

    /// <summary>A non-constant value that can carry SQL syntax.</summary>
    TaintedHole,
}

internal enum SqlTextStyle
{
    None,
    InterpolatedText,
    RegularLiteral,
    VerbatimLiteral,
    OtherLiteral,
}

/// <summary>One piece of a SQL template, with the edits a rewrite asks for.</summary>
internal sealed class SqlPiece
{
    public SqlPiece(SqlPieceKind kind, SyntaxNode node, string value, SqlTextStyle style)
    {
        Kind = kind;
        Node = node;
        Value = value;
        Style = style;
    }

    public SqlPieceKind Kind { get; }

    /// <summary>The operand (concatenation), the text part or the interpolation (interpolated string).</summary>
    public SyntaxNode Node { get; }

    /// <summary>The text of a Text or Constant piece.</summary>
    public string Value { get; }

    public SqlTextStyle Style { get; }

    /// <summary>For holes: the value expression.</summary>
    public ExpressionSyntax? Expression { get; set; }

    public ITypeSymbol? Type { get; set; }

    /// <summary>For interpolation holes: an alignment or format clause is present.</summary>
    public bool HasFormatOrAlignment { get; set; }

    /// <summary>Edits of a Text piece: characters removed at the start and end, text appended.</summary>
    public string RemoveStart { get; set; } = "";

    public string RemoveEnd { get; set; } = "";

    public string Append { get; set; } = "";

    public bool IsHole => Kind is SqlPieceKind.SafeHole or SqlPieceKind.TaintedHole;

    public bool IsEditableText => Kind == SqlPieceKind.Text && Style is SqlTextStyle.InterpolatedText or SqlTextStyle.RegularLiteral or SqlTextStyle.VerbatimLiteral;

    /// <summary>The value after the edits.</summary>
    public string EditedValue
    {
        get
        {
            var length = Value.Length - RemoveStart.Length - RemoveEnd.Length;
            return (length > 0 ? Value.Substring(RemoveStart.Length, length) : "") + Append;
        }
    }

    /// <summary>
    /// The source text between the delimiters after the edits, or null when the characters to remove are not
    /// written literally in the source (escape sequences).
    /// </summary>
    public string? EditedSource()
    {
        var token = Node switch
        {
            InterpolatedStringTextSyntax text => text.TextToken,
            LiteralExpressionSyntax literal => literal.Token,
            _ => default,
        };
        var inner = Style switch
        {
            SqlTextStyle.InterpolatedText => token.Text,
            SqlTextStyle.RegularLiteral => token.Text.Substring(1, token.Text.Length - 2),
            SqlTextStyle.VerbatimLiteral => token.Text.Substring(2, token.Text.Length - 3),
            _ => null,
        };
        if (inner is null || !inner.StartsWith(RemoveStart, System.StringComparison.Ordinal) || inner.Length < RemoveStart.Length + RemoveEnd.Length
            || !inner.EndsWith(RemoveEnd, System.StringComparison.Ordinal))
        {
            return null;
        }

        return inner.Substring(RemoveStart.Length, inner.Length - RemoveStart.Length - RemoveEnd.Length) + Append;
    }
}

/// <summary>
/// A SQL expression split into pieces: an interpolated string (text parts and holes) or a <c>+</c> concatenation
/// (operands, with the operator tokens between them kept for rebuilding).
/// </summary>
internal sealed class SqlTemplate
{
    private SqlTemplate(ExpressionSyntax expression, bool isInterpolated, List<SqlPiece> pieces, List<SyntaxToken> operators)
    {
        Expression = expression;
        IsInterpolated = isInterpolated;
        Pieces = pieces;
        Operators = operators;
    }

    public ExpressionSyntax Expression { get; }

    public bool IsInterpolated { get; }

    public List<SqlPiece> Pieces { get; }

    /// <summary>Concatenation only: <c>Operators[i - 1]</c> precedes <c>Pieces[i]</c>.</summary>
    public List<SyntaxToken> Operators { get; }

    /// <summary>
    /// Splits <paramref name="expression"/> into pieces; a non-constant piece is tainted or safe as the analyzer
    /// recorded it in <paramref name="taints"/> (null, or a piece it did not record: no template).
    /// </summary>
    public static SqlTemplate? Create(ExpressionSyntax expression, SemanticModel model, SqlPieceTaints taints, CancellationToken cancellationToken)
    {
        var pieces = new List<SqlPiece>();
        var operators = new List<SyntaxToken>();
        var start = expression.SpanStart;

        if (expression is InterpolatedStringExpressionSyntax interpolated)
        {
            foreach (var content in interpolated.Contents)
            {
                if (content is InterpolatedStringTextSyntax text)
                {
                    pieces.Add(new SqlPiece(SqlPieceKind.Text, text, text.TextToken.ValueText, SqlTextStyle.InterpolatedText));
                }
                else if (content is InterpolationSyntax hole)
                {
                    var piece = ClassifyOperand(hole, hole.Expression, model, taints, start, cancellationToken);
                    if (piece is null)
                    {
                        return null;
                    }

                    piece.HasFormatOrAlignment = hole.AlignmentClause is not null || hole.FormatClause is not null;
                    pieces.Add(piece);
                }
            }

            return new SqlTemplate(expression, isInterpolated: true, pieces, operators);
        }

        if (expression is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression })
        {
            return null;
        }

        var operands = new List<ExpressionSyntax>();
        Flatten(expression, model, operands, operators, cancellationToken);
        foreach (var operand in operands)
        {
            SqlPiece? piece;
            if (operand is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                var style = literal.Token.IsKind(SyntaxKind.StringLiteralToken)
                    ? literal.Token.Text.StartsWith("@", System.StringComparison.Ordinal) ? SqlTextStyle.VerbatimLiteral : SqlTextStyle.RegularLiteral
                    : SqlTextStyle.OtherLiteral;
                piece = new SqlPiece(SqlPieceKind.Text, literal, literal.Token.ValueText, style);
            }
            else if (operand is InterpolatedStringExpressionSyntax)
            {
                return null; // mixed shapes are left to the developer
            }
            else
            {
                piece = ClassifyOperand(operand, operand, model, taints, start, cancellationToken);
            }

            if (piece is null)
            {
                return null;
            }

            pieces.Add(piece);
        }

        return new SqlTemplate(expression, isInterpolated: false, pieces, operators);
    }

    private static void Flatten(ExpressionSyntax expression, SemanticModel model, List<ExpressionSyntax> operands, List<SyntaxToken> operators, CancellationToken cancellationToken)
    {
        if (expression is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression)
            && model.GetTypeInfo(binary, cancellationToken).Type?.SpecialType == SpecialType.System_String)
        {
            Flatten(binary.Left, model, operands, operators, cancellationToken);
            operators.Add(binary.OperatorToken);
            Flatten(binary.Right, model, operands, operators, cancellationToken);
            return;
        }

        operands.Add(expression);
    }

    private static SqlPiece? ClassifyOperand(
        SyntaxNode node,
        ExpressionSyntax expression,
        SemanticModel model,
        SqlPieceTaints taints,
        int start,
        CancellationToken cancellationToken)
    {
        var operation = model.GetOperation(expression, cancellationToken);
        if (operation is null)
        {
            return null;
        }

        var constant = operation.ConstantValue;
        if (constant.HasValue)
        {
            var text = constant.Value switch
            {
                null => "",
                string s => s,
                char c => c.ToString(),
                System.IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString() ?? "",
            };
            return new SqlPiece(SqlPieceKind.Constant, node, text, SqlTextStyle.None) { Expression = expression, Type = operation.Type };
        }

        if (!taints.TryGetTaint(expression.SpanStart - start, expression.Span.Length, out var tainted))
        {
            return null;
        }

        var type = operation.WalkDownConversions().Type;
        return new SqlPiece(tainted ? SqlPieceKind.TaintedHole : SqlPieceKind.SafeHole, node, "", SqlTextStyle.None)
        {
            Expression = expression,
            Type = type,
        };
    }
}
