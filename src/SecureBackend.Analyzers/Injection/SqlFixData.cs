using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// What SB1001 hands to its fixer through diagnostic properties, so the fixer neither looks the sink up again nor runs
/// the value-flow engine: the kind of database API the SQL goes to (which rewriter applies), and which non-constant
/// pieces of the SQL template can carry SQL (<see cref="PiecesProperty"/>). Only SQL written at a sink carries them;
/// SQL reported where it is passed to a wrapper method has no fix.
/// </summary>
internal static class SqlFixData
{
    /// <summary>Property: the <see cref="SqlSinkKind"/> of the sink the reported value is passed to.</summary>
    public const string SinkKindProperty = "SinkKind";

    /// <summary>
    /// Property: the non-constant pieces of the SQL template — the reported text, or the initializer of the local it
    /// reads — as <c>offset:length:taint</c> entries separated by <c>;</c>: the piece's offset from the template's start,
    /// its length, and <c>1</c> when it can carry SQL syntax (a value the engine calls non-constant), <c>0</c> when not
    /// (a number, a date, whitelisted text). A piece the fixer finds but this list lacks gets no fix.
    /// </summary>
    public const string PiecesProperty = "Pieces";

    private static readonly ImmutableArray<ImmutableDictionary<string, string?>> ByKind = CreateAll();

    /// <summary>The properties of a value written at a sink of <paramref name="kind"/> (one shared instance per kind).</summary>
    public static ImmutableDictionary<string, string?> Properties(SqlSinkKind kind)
    {
        var index = (int)kind;
        return index >= 0 && index < ByKind.Length ? ByKind[index] : ImmutableDictionary<string, string?>.Empty;
    }

    /// <summary>
    /// The properties of <paramref name="value"/>, reported at a sink of <paramref name="kind"/>: the kind and the
    /// taint of each non-constant piece of its template, as the string value-flow engine judges it with
    /// <paramref name="policy"/>. Runs only for reported values.
    /// </summary>
    public static ImmutableDictionary<string, string?> Properties(SqlSinkKind kind, StringTaintPolicy policy, LocalFlowIndex index, IOperation value)
    {
        var properties = Properties(kind);
        if (properties.IsEmpty || Template(index, value) is not { } template)
        {
            return properties;
        }

        var pieces = new StringBuilder();
        CollectPieces(template, template.Syntax.SpanStart, policy, index, pieces);
        return properties.Add(PiecesProperty, pieces.ToString());
    }

    /// <summary>The pieces recorded on <paramref name="diagnostic"/>, or null when it has none.</summary>
    public static SqlPieceTaints? GetPieces(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(PiecesProperty, out var value) && value is not null ? SqlPieceTaints.Parse(value) : null;

    /// <summary>Where the SQL is written: the value itself, or the initializer of the local it reads.</summary>
    private static IOperation? Template(LocalFlowIndex index, IOperation value)
    {
        var template = value.WalkDownConversions();
        if (template is ILocalReferenceOperation reference)
        {
            if (reference.Local.IsRef)
            {
                return null;
            }

            template = null;
            foreach (var write in index.GetWrites(reference.Local))
            {
                if (write.Kind == LocalWriteKind.Initializer && write.Value is { } initializer)
                {
                    template = initializer.WalkDownConversions();
                    break;
                }
            }
        }

        if (template is IInterpolatedStringHandlerCreationOperation handler)
        {
            template = handler.Content;
        }

        return template is IInterpolatedStringOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } ? template : null;
    }

    /// <summary>
    /// The holes of an interpolated string, or the operands of a <c>+</c> chain as written (a parenthesized operand is
    /// one piece), in text order.
    /// </summary>
    private static void CollectPieces(IOperation template, int start, StringTaintPolicy policy, LocalFlowIndex index, StringBuilder pieces)
    {
        switch (template)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    switch (part)
                    {
                        case IInterpolationOperation hole:
                            AddPiece(hole.Expression, start, policy, index, pieces);
                            break;
                        case IInterpolatedStringAppendOperation { Kind: OperationKind.InterpolatedStringAppendFormatted, AppendCall: IInvocationOperation call }
                            when !call.Arguments.IsEmpty:
                            AddPiece(call.Arguments[0].Value, start, policy, index, pieces);
                            break;
                    }
                }

                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String, Syntax: BinaryExpressionSyntax syntax } concatenation:
                CollectOperand(concatenation.LeftOperand, syntax.Left, start, policy, index, pieces);
                CollectOperand(concatenation.RightOperand, syntax.Right, start, policy, index, pieces);
                break;
        }
    }

    private static void CollectOperand(IOperation operand, ExpressionSyntax written, int start, StringTaintPolicy policy, LocalFlowIndex index, StringBuilder pieces)
    {
        if (operand.WalkDownConversions() is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } inner
            && inner.Syntax == written)
        {
            CollectPieces(inner, start, policy, index, pieces);
            return;
        }

        AddPiece(operand, start, policy, index, pieces);
    }

    private static void AddPiece(IOperation piece, int start, StringTaintPolicy policy, LocalFlowIndex index, StringBuilder pieces)
    {
        if (piece.ConstantValue.HasValue && piece.WalkDownConversions().ConstantValue.HasValue)
        {
            return;
        }

        var span = piece.Syntax.Span;
        if (pieces.Length > 0)
        {
            pieces.Append(';');
        }

        pieces.Append((span.Start - start).ToString(CultureInfo.InvariantCulture)).Append(':')
            .Append(span.Length.ToString(CultureInfo.InvariantCulture)).Append(':')
            .Append(StringTaintEngine.IsTaintedPiece(policy, index, piece) ? '1' : '0');
    }

    /// <summary>The sink kind recorded on <paramref name="diagnostic"/>, when there is one.</summary>
    public static bool TryGetSinkKind(Diagnostic diagnostic, out SqlSinkKind kind)
    {
        kind = default;
        return diagnostic.Properties.TryGetValue(SinkKindProperty, out var value) && value is not null
            && Enum.TryParse(value, out kind) && Enum.IsDefined(typeof(SqlSinkKind), kind);
    }

    private static ImmutableArray<ImmutableDictionary<string, string?>> CreateAll()
    {
        var kinds = (SqlSinkKind[])Enum.GetValues(typeof(SqlSinkKind));
        var max = 0;
        foreach (var kind in kinds)
        {
            max = Math.Max(max, (int)kind);
        }

        var all = new ImmutableDictionary<string, string?>[max + 1];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = ImmutableDictionary<string, string?>.Empty;
        }

        foreach (var kind in kinds)
        {
            all[(int)kind] = ImmutableDictionary<string, string?>.Empty.Add(SinkKindProperty, kind.ToString());
        }

        return ImmutableArray.Create(all);
    }
}

/// <summary>The non-constant pieces of a reported SQL template (<see cref="SqlFixData.PiecesProperty"/>), read back.</summary>
internal sealed class SqlPieceTaints
{
    private static readonly char[] EntrySeparator = { ';' };

    private readonly Dictionary<long, bool> _pieces;

    private SqlPieceTaints(Dictionary<long, bool> pieces) => _pieces = pieces;

    /// <summary>
    /// Whether the piece at <paramref name="offset"/> from the template's start, <paramref name="length"/> long, can
    /// carry SQL syntax; false when the analyzer recorded no such piece.
    /// </summary>
    public bool TryGetTaint(int offset, int length, out bool tainted) => _pieces.TryGetValue(Key(offset, length), out tainted);

    internal static SqlPieceTaints? Parse(string value)
    {
        var pieces = new Dictionary<long, bool>();
        foreach (var entry in value.Split(EntrySeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = entry.Split(':');
            if (fields.Length != 3
                || !int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset)
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || fields[2] is not ("0" or "1"))
            {
                return null;
            }

            pieces[Key(offset, length)] = fields[2] == "1";
        }

        return new SqlPieceTaints(pieces);
    }

    private static long Key(int offset, int length) => ((long)offset << 32) | (uint)length;
}
