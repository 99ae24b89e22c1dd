using System.Collections.Generic;
using System.Text;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>Where a hole sits in the SQL text, and what a rewrite into a parameter has to remove around it.</summary>
internal sealed class SqlHoleContext
{
    public SqlHoleContext(int pieceIndex) => PieceIndex = pieceIndex;

    public int PieceIndex { get; }

    /// <summary>The hole can become a parameter (known position, edits possible).</summary>
    public bool Parameterizable { get; set; }

    /// <summary>The hole sits inside the parentheses of an <c>IN (…)</c> list.</summary>
    public bool InList { get; set; }

    /// <summary>The hole sits inside a quoted SQL string literal (<c>'…{x}…'</c>).</summary>
    public bool Quoted { get; set; }

    /// <summary>Quoted only: literal text before and after the hole inside the quotes (<c>''</c> unescaped), e.g. LIKE wildcards.</summary>
    public string Prefix { get; set; } = "";

    public string Suffix { get; set; } = "";

    /// <summary>Characters to remove at the end of the previous piece (quote, N prefix, decoration).</summary>
    public string RemoveBefore { get; set; } = "";

    /// <summary>Characters to remove at the start of the next piece (decoration, quote).</summary>
    public string RemoveAfter { get; set; } = "";
}

/// <summary>
/// A small SQL lexer over the constant text of a template: finds whether each hole is inside a quoted string
/// literal (and which quotes surround it), in a value position (after a comparison operator, LIKE, or in a VALUES
/// list), or somewhere a parameter cannot go (identifiers, keywords, IN lists, comments, quoted identifiers).
/// </summary>
internal static class SqlTextScanner
{
    private const char AnalyzedHole = '\uE000';
    private const char OtherHole = '\uE001';

    private enum State
    {
        Code,
        SingleQuoted,
        DoubleQuoted,
        Bracketed,
        Backtick,
        LineComment,
        BlockComment,
    }

    /// <summary>Analyses the holes for which <paramref name="analyze"/> is true.</summary>
    public static Dictionary<int, SqlHoleContext> Analyze(List<SqlPiece> pieces, System.Func<SqlPiece, bool> analyze)
    {
        var text = new StringBuilder();
        var owners = new List<int>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (piece.IsHole)
            {
                text.Append(analyze(piece) ? AnalyzedHole : OtherHole);
                owners.Add(i);
            }
            else
            {
                text.Append(piece.Value);
                for (var k = 0; k < piece.Value.Length; k++)
                {
                    owners.Add(i);
                }
            }
        }

        var sql = text.ToString();
        var result = new Dictionary<int, SqlHoleContext>();
        var state = State.Code;
        var openQuote = -1;
        var holesInQuote = new List<int>();
        var parens = new Stack<int>();
        for (var p = 0; p < sql.Length; p++)
        {
            var c = sql[p];
            var next = p + 1 < sql.Length ? sql[p + 1] : '\0';
            if (c == AnalyzedHole)
            {
                var context = new SqlHoleContext(owners[p]);
                result[owners[p]] = context;
                context.InList = parens.Count > 0 && PrecedingWord(sql, parens.Peek()).Equals("IN", System.StringComparison.OrdinalIgnoreCase);
                if (state == State.Code)
                {
                    context.Parameterizable = IsValuePosition(sql, p, parens.Count > 0 ? parens.Peek() : -1);
                }
                else if (state == State.SingleQuoted)
                {
                    holesInQuote.Add(p);
                }

                continue;
            }

            if (c == OtherHole)
            {
                if (state == State.SingleQuoted)
                {
                    holesInQuote.Add(-1);
                }

                continue;
            }

            switch (state)
            {
                case State.Code:
                    switch (c)
                    {
                        case '\'':
                            state = State.SingleQuoted;
                            openQuote = p;
                            holesInQuote.Clear();
                            break;
                        case '"':
                            state = State.DoubleQuoted;
                            break;
                        case '[':
                            state = State.Bracketed;
                            break;
                        case '`':
                            state = State.Backtick;
                            break;
                        case '-' when next == '-':
                            state = State.LineComment;
                            p++;
                            break;
                        case '/' when next == '*':
                            state = State.BlockComment;
                            p++;
                            break;
                        case '(':
                            parens.Push(p);
                            break;
                        case ')' when parens.Count > 0:
                            parens.Pop();
                            break;
                    }

                    break;
                case State.SingleQuoted when c == '\'':
                    if (next == '\'')
                    {
                        p++;
                        break;
                    }

                    state = State.Code;
                    if (holesInQuote.Count == 1 && holesInQuote[0] >= 0)
                    {
                        DescribeQuoted(sql, owners, openQuote, holesInQuote[0], p, result[owners[holesInQuote[0]]]);
                    }

                    break;
                case State.DoubleQuoted when c == '"':
                case State.Bracketed when c == ']':
                case State.Backtick when c == '`':
                case State.LineComment when c == '\n':
                    state = State.Code;
                    break;
                case State.BlockComment when c == '*' && next == '/':
                    state = State.Code;
                    p++;
                    break;
            }
        }

        foreach (var context in result.Values)
        {
            if (context.InList)
            {
                context.Parameterizable = false; // IN ('…') lists: the value may be a joined list meant as SQL
            }
        }

        return result;
    }

    private static void DescribeQuoted(string sql, List<int> owners, int open, int hole, int close, SqlHoleContext context)
    {
        var holePiece = owners[hole];
        for (var k = open; k < hole; k++)
        {
            if (owners[k] != holePiece - 1)
            {
                return;
            }
        }

        for (var k = hole + 1; k <= close; k++)
        {
            if (owners[k] != holePiece + 1)
            {
                return;
            }
        }

        var start = open;
        if (open > 0 && char.IsLetterOrDigit(sql[open - 1]) || open > 0 && sql[open - 1] == '_')
        {
            // N'…' (SQL Server national text) goes with the quotes; other prefixes (E'', B'', _utf8'') are left alone.
            if ((sql[open - 1] != 'N' && sql[open - 1] != 'n') || owners[open - 1] != holePiece - 1
                || (open > 1 && (char.IsLetterOrDigit(sql[open - 2]) || sql[open - 2] == '_')))
            {
                return;
            }

            start = open - 1;
        }

        context.Quoted = true;
        context.Parameterizable = true;
        context.RemoveBefore = sql.Substring(start, hole - start);
        context.RemoveAfter = sql.Substring(hole + 1, close - hole);
        context.Prefix = sql.Substring(open + 1, hole - open - 1).Replace("''", "'");
        context.Suffix = sql.Substring(hole + 1, close - hole - 1).Replace("''", "'");
    }

    /// <summary>After a comparison operator or LIKE, or as an element of a VALUES list; followed by a separator.</summary>
    private static bool IsValuePosition(string sql, int hole, int openParen)
    {
        if (hole + 1 < sql.Length)
        {
            var after = sql[hole + 1];
            if (!char.IsWhiteSpace(after) && after != ')' && after != ',' && after != ';')
            {
                return false;
            }
        }

        var end = hole;
        while (end > 0 && char.IsWhiteSpace(sql[end - 1]))
        {
            end--;
        }

        if (end == 0)
        {
            return false;
        }

        var last = sql[end - 1];
        if (last is '=' or '<' or '>')
        {
            return true;
        }

        if (last is '(' or ',')
        {
            return openParen >= 0 && PrecedingWord(sql, openParen).Equals("VALUES", System.StringComparison.OrdinalIgnoreCase);
        }

        var word = PrecedingWord(sql, end);
        return word.Equals("LIKE", System.StringComparison.OrdinalIgnoreCase) || word.Equals("ILIKE", System.StringComparison.OrdinalIgnoreCase);
    }

    private static string PrecedingWord(string sql, int end)
    {
        while (end > 0 && char.IsWhiteSpace(sql[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && (char.IsLetterOrDigit(sql[start - 1]) || sql[start - 1] == '_'))
        {
            start--;
        }

        return sql.Substring(start, end - start);
    }
}
