using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

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
/// or <c>readonly</c> fields whose every write is such a value. A policy over <see cref="ValueTrace{T}"/>.
/// </summary>
internal static class HardCodedValues
{
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
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = ValueTrace<HardCodedValue?>.Of(allowZeroArrays ? Policy.WithZeroArrays : Policy.Instance, operation);
        value = found.GetValueOrDefault();
        return found.HasValue;
    }

    /// <summary>Null: not hard-coded. Every write of a local must be hard-coded; <c>??</c> is its fallback.</summary>
    private sealed class Policy : ValuePolicy<HardCodedValue?>
    {
        public static readonly Policy Instance = new(allowZeroArrays: false);
        public static readonly Policy WithZeroArrays = new(allowZeroArrays: true);

        private readonly bool _allowZeroArrays;

        private Policy(bool allowZeroArrays) => _allowZeroArrays = allowZeroArrays;

        /// <summary>
        /// 4, not <see cref="FlowBudget.MaxDepth"/>: a secret counts as hard-coded for the call when it is written near
        /// it (the literal, a local or readonly field holding it, a conversion of it); a longer trace would change which
        /// values the rule calls hard-coded.
        /// </summary>
        public override int MaxDepth => 4;

        public override HardCodedValue? Exhausted => null;

        /// <summary>Zero-filled arrays count only where the value is used, not where a local or field holds one.</summary>
        public override ValuePolicy<HardCodedValue?> Stored => Instance;

        public override bool FollowsFieldInitializers => true;

        public override HardCodedValue? Leaf(IOperation value, int depth) => null;

        public override HardCodedValue? Unseen(ILocalReferenceOperation local, LocalWrite? write) => null;

        public override bool IsSettled(HardCodedValue? result) => result is null;

        public override HardCodedValue? Merge(HardCodedValue? first, HardCodedValue? second)
            => first is { } a && second is { } b
                ? new HardCodedValue(a.Text ?? b.Text, a.ReportAt, null, SymbolEqualityComparer.Default.Equals(a.Source, b.Source) ? b.Source : null)
                : null;

        public override HardCodedValue? AtLocal(ILocalReferenceOperation local, HardCodedValue? written)
            => written is { } value ? new HardCodedValue(value.Text, local, local.Local, value.Source ?? local.Local) : null;

        public override HardCodedValue? AtField(IFieldReferenceOperation field, HardCodedValue? initial)
            => initial is { } value ? new HardCodedValue(value.Text, field, field.Field, value.Source ?? field.Field) : null;

        public override bool TryRead(IOperation current, ValueTrace<HardCodedValue?> trace, int depth, out HardCodedValue? value)
        {
            value = null;
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
                    value = IsFixedArray(creation) ? new HardCodedValue(null, current, null) : null;
                    return true;

                case IInvocationOperation invocation:
                    value = ConversionSource(invocation) is { } converted && new ValueTrace<HardCodedValue?>(Instance).Of(converted, depth + 1) is { } inner
                        ? new HardCodedValue(inner.Text, inner.ReportAt, inner.Origin, inner.Source)
                        : null;
                    return true;

                case ICoalesceOperation coalesce:
                    // config["Jwt:Key"] ?? "fallback": the fallback ships in the binary and is used whenever the setting is missing.
                    value = trace.Of(coalesce.WhenNull, depth + 1);
                    return true;

                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    if (trace.Of(conditional.WhenTrue, depth + 1) is { } whenTrueValue && trace.Of(whenFalse, depth + 1) is { } whenFalseValue)
                    {
                        var source = SymbolEqualityComparer.Default.Equals(whenTrueValue.Source, whenFalseValue.Source) ? whenTrueValue.Source : null;
                        value = new HardCodedValue(whenTrueValue.Text, current, null, source);
                    }

                    return true;

                case ILocalReferenceOperation:
                case IFieldReferenceOperation:
                    return false;

                default:
                    return true;
            }
        }

        private bool IsFixedArray(IArrayCreationOperation creation)
        {
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

                return true;
            }

            return _allowZeroArrays && creation.DimensionSizes.Length == 1;
        }

        /// <summary>The text a framework decoding or encoding call turns into bytes or characters.</summary>
        private static IOperation? ConversionSource(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "GetBytes" when IsInNamespace(method.ContainingType, "System.Text"):
                case "FromBase64String" or "FromHexString" when method.ContainingType.Name == "Convert":
                case "Base64UrlDecode" or "DecodeBytes" or "Decode" when method.ContainingType.Name is "WebEncoders" or "Base64UrlEncoder":
                    return invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
                case "ToCharArray" or "ToArray" when invocation.Instance is not null:
                    return invocation.Instance;
                default:
                    return null;
            }
        }

        private static bool IsInNamespace(INamedTypeSymbol? type, string name) => type is not null && type.ContainingNamespace.IsNamespace(name);
    }
}
