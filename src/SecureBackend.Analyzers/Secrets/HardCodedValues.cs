using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>A value fixed at compile time, found by <see cref="HardCodedValues.TryEvaluate"/>.</summary>
internal readonly struct HardCodedValue
{
    public HardCodedValue(string? text, IOperation reportAt, ISymbol? origin, ISymbol? source = null)
    {
        Text = text;
        ReportAt = reportAt;
        Origin = origin;
        Source = source ?? origin;
    }

    /// <summary>The string behind the value (also for <c>Encoding.UTF8.GetBytes("…")</c>); null for constant byte arrays.</summary>
    public string? Text { get; }

    /// <summary>Where the literal sits at the use site (the fallback of <c>config["Key"] ?? "…"</c>, the literal itself).</summary>
    public IOperation ReportAt { get; }

    /// <summary>The local or field that holds the value when it is read through one.</summary>
    public ISymbol? Origin { get; }

    /// <summary>
    /// The first local or field the value was stored in, when it passed through several
    /// (<c>const string JwtSecret = "…"; var key = Encoding.UTF8.GetBytes(JwtSecret);</c> → <c>JwtSecret</c>).
    /// </summary>
    public ISymbol? Source { get; }
}

/// <summary>
/// Evaluates whether an expression is fixed at compile time: string literals and constants, <c>"…"u8</c>,
/// <c>Encoding.*.GetBytes("…")</c>, <c>Convert.FromBase64String("…")</c>/<c>FromHexString</c>, <c>ToCharArray()</c>,
/// byte arrays of constants (and, where asked, zero-filled <c>new byte[n]</c>), the fallback of <c>??</c>, and locals
/// or <c>readonly</c> fields whose every write is such a value.
/// </summary>
internal static class HardCodedValues
{
    private const int MaxDepth = 4;

    /// <summary>Cheap shape check before <see cref="TryEvaluate(IOperation, bool, CancellationToken, out HardCodedValue)"/>: parameters, properties, calls of other methods and lambdas never are.</summary>
    public static bool MayBeHardCoded(IOperation operation)
    {
        // By kind (cheaper than type tests against each interface). Only string constants can be evaluated below; the
        // type is read first because reading a numeric constant boxes it.
        var current = operation.WalkDownConversions();
        switch (current.Kind)
        {
            case OperationKind.Utf8String:
            case OperationKind.ArrayCreation:
            case OperationKind.LocalReference:
            case OperationKind.FieldReference:
            case OperationKind.Coalesce:
            case OperationKind.Conditional:
                return true;
            case OperationKind.Invocation:
                return ((IInvocationOperation)current).TargetMethod.Name is "GetBytes" or "FromBase64String" or "FromHexString" or "Base64UrlDecode" or "DecodeBytes" or "Decode" or "ToCharArray" or "ToArray";
            case OperationKind.Literal:
                return current.Type?.SpecialType == SpecialType.System_String; // a string literal is its own constant
            default:
                return current.Type?.SpecialType == SpecialType.System_String && current.ConstantValue.HasValue;
        }
    }

    public static bool TryEvaluate(IOperation operation, bool allowZeroArrays, CancellationToken cancellationToken, out HardCodedValue value)
        => TryEvaluate(operation, allowZeroArrays, 0, cancellationToken, out value);

    private static bool TryEvaluate(IOperation operation, bool allowZeroArrays, int depth, CancellationToken cancellationToken, out HardCodedValue value)
    {
        value = default;
        if (depth > MaxDepth)
        {
            return false;
        }

        var current = operation.WalkDownConversions();
        if (current.TryGetConstantString(out var text) && text is not null)
        {
            var origin = current switch
            {
                IFieldReferenceOperation field => (ISymbol)field.Field,
                ILocalReferenceOperation local => local.Local,
                _ => null,
            };
            value = new HardCodedValue(text, current, origin);
            return true;
        }

        switch (current)
        {
            case IUtf8StringOperation utf8:
                value = new HardCodedValue(utf8.Value, current, null);
                return true;

            case IArrayCreationOperation creation:
                if (creation.Initializer is { } initializer)
                {
                    if (initializer.ElementValues.IsEmpty)
                    {
                        return false;
                    }

                    foreach (var element in initializer.ElementValues)
                    {
                        if (!element.ConstantValue.HasValue)
                        {
                            return false;
                        }
                    }

                    value = new HardCodedValue(null, current, null);
                    return true;
                }

                if (allowZeroArrays && creation.DimensionSizes.Length == 1)
                {
                    value = new HardCodedValue(null, current, null);
                    return true;
                }

                return false;

            case IInvocationOperation invocation:
                return TryEvaluateConversion(invocation, allowZeroArrays, depth, cancellationToken, out value);

            case ICoalesceOperation coalesce:
                // config["Jwt:Key"] ?? "fallback": the fallback ships in the binary and is used whenever the setting is missing.
                if (TryEvaluate(coalesce.WhenNull, allowZeroArrays, depth + 1, cancellationToken, out var fallback))
                {
                    value = new HardCodedValue(fallback.Text, fallback.ReportAt, fallback.Origin, fallback.Source);
                    return true;
                }

                return false;

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                if (TryEvaluate(conditional.WhenTrue, allowZeroArrays, depth + 1, cancellationToken, out var whenTrueValue)
                    && TryEvaluate(whenFalse, allowZeroArrays, depth + 1, cancellationToken, out var whenFalseValue))
                {
                    var source = SymbolEqualityComparer.Default.Equals(whenTrueValue.Source, whenFalseValue.Source) ? whenTrueValue.Source : null;
                    value = new HardCodedValue(whenTrueValue.Text, current, null, source);
                    return true;
                }

                return false;

            case ILocalReferenceOperation local:
                return TryEvaluateLocal(local, depth, cancellationToken, out value);

            case IFieldReferenceOperation field:
                return TryEvaluateReadOnlyField(field, depth, cancellationToken, out value);

            default:
                return false;
        }
    }

    private static bool TryEvaluateConversion(IInvocationOperation invocation, bool allowZeroArrays, int depth, CancellationToken cancellationToken, out HardCodedValue value)
    {
        value = default;
        var method = invocation.TargetMethod;
        IOperation? source = null;
        switch (method.Name)
        {
            case "GetBytes" when IsInNamespace(method.ContainingType, "System.Text"):
            case "FromBase64String" or "FromHexString" when method.ContainingType.Name == "Convert":
            case "Base64UrlDecode" or "DecodeBytes" or "Decode" when method.ContainingType.Name is "WebEncoders" or "Base64UrlEncoder":
                source = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
                break;
            case "ToCharArray" or "ToArray" when invocation.Instance is not null:
                source = invocation.Instance;
                break;
        }

        if (source is null || !TryEvaluate(source, allowZeroArrays: false, depth + 1, cancellationToken, out var inner))
        {
            return false;
        }

        value = new HardCodedValue(inner.Text, inner.ReportAt, inner.Origin, inner.Source);
        return true;
    }

    private static bool TryEvaluateLocal(ILocalReferenceOperation local, int depth, CancellationToken cancellationToken, out HardCodedValue value)
    {
        value = default;
        var writes = new List<LocalWrite>();
        if (!LocalValues.CollectWrites(local.GetRoot(), local.Local, writes) || writes.Count == 0)
        {
            return false;
        }

        string? text = null;
        ISymbol? source = null;
        var first = true;
        foreach (var write in writes)
        {
            if (write.Kind is not (LocalWriteKind.Initializer or LocalWriteKind.Assignment) || write.Value is null
                || !TryEvaluate(write.Value, allowZeroArrays: false, depth + 1, cancellationToken, out var written))
            {
                return false;
            }

            text ??= written.Text;
            source = first || SymbolEqualityComparer.Default.Equals(source, written.Source) ? written.Source : null;
            first = false;
        }

        value = new HardCodedValue(text, local, local.Local, source ?? local.Local);
        return true;
    }

    /// <summary>A <c>readonly</c> field whose initializer (in the same file) is hard-coded.</summary>
    private static bool TryEvaluateReadOnlyField(IFieldReferenceOperation reference, int depth, CancellationToken cancellationToken, out HardCodedValue value)
    {
        value = default;
        var field = reference.Field;
        var model = reference.SemanticModel;
        if (!field.IsReadOnly || model is null || field.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var declaration = field.DeclaringSyntaxReferences[0];
        if (declaration.SyntaxTree != model.SyntaxTree
            || declaration.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer }
            || model.GetOperation(initializer, cancellationToken) is not { } initializerOperation
            || !TryEvaluate(initializerOperation, allowZeroArrays: false, depth + 1, cancellationToken, out var initial))
        {
            return false;
        }

        value = new HardCodedValue(initial.Text, reference, field, initial.Source ?? field);
        return true;
    }

    private static bool IsInNamespace(INamedTypeSymbol? type, string name) => type is not null && type.ContainingNamespace.IsNamespace(name);
}
