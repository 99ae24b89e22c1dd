using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// SB1003: text written into a page as markup without encoding — <c>Html.Raw(x)</c>, <c>new HtmlString(x)</c>,
/// <c>(MarkupString)x</c> and <c>new MarkupString(x)</c>, <c>Content(x, "text/html")</c> on a controller or page,
/// <c>Results/TypedResults.Content</c> and <c>Text</c> with an HTML content type, and <c>Response.WriteAsync(x)</c> in a
/// method that sets the response's content type to HTML — where <c>x</c> is not a constant and not encoded or
/// sanitized (<see cref="EncodedValues"/>).
/// Razor views and components are compiled to C# by the Razor source generator; this rule also looks at that generated
/// code, only where a <c>#line</c> directive maps the sink into the <c>.cshtml</c> or <c>.razor</c> file, so the
/// finding is reported at the Razor file and line. Everything else generated is skipped as for every rule.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CrossSiteScriptingAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Property naming the rewrite the code fix may apply; absent in Razor files and for non-string values.</summary>
    public const string FixProperty = "SB1003.Fix";

    /// <summary>Value of <see cref="FixProperty"/>: wrap the value (the diagnostic's first additional location) in an encoder.</summary>
    public const string EncodeFix = "Encode";

    private const int MaxShownLength = 60;
    private static readonly char[] LineBreaks = { '\r', '\n' };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.CrossSiteScripting);

    protected override bool AnalyzesRazorGeneratedCode => true;

    protected override bool IsRelevant(KnownTypes types) => MarkupSinks.AnyReferenced(types);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var sinks = new MarkupSinks(types);
        var values = new EncodedValues(types);

        context.RegisterOperationAction(
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (sinks.Match(invocation, out var sink) is { } value)
                {
                    Check(c, values, invocation, sink, value);
                }
            },
            OperationKind.Invocation);

        context.RegisterOperationAction(
            c =>
            {
                var invocation = (IDynamicInvocationOperation)c.Operation;
                if (sinks.Match(invocation, out var sink) is { } value)
                {
                    Check(c, values, invocation, sink, value);
                }
            },
            OperationKind.DynamicInvocation);

        if (sinks.HasConstructors)
        {
            context.RegisterOperationAction(
                c =>
                {
                    var creation = (IObjectCreationOperation)c.Operation;
                    if (sinks.Match(creation, out var sink) is { } value)
                    {
                        Check(c, values, creation, sink, value);
                    }
                },
                OperationKind.ObjectCreation);
        }

        if (sinks.HasConversions)
        {
            context.RegisterOperationAction(
                c =>
                {
                    var conversion = (IConversionOperation)c.Operation;
                    if (sinks.Match(conversion, out var sink) is { } value)
                    {
                        Check(c, values, conversion, sink, value);
                    }
                },
                OperationKind.Conversion);
        }
    }

    private static void Check(OperationAnalysisContext context, EncodedValues values, IOperation sinkOperation, string sink, IOperation value)
    {
        var location = sinkOperation.Syntax.GetLocation();
        if (!GeneratedCode.IsSourceOrRazor(location, context.Options, context.CancellationToken)
            || values.FindUnencoded(value) is not { } culprit)
        {
            return;
        }

        var inRazor = GeneratedCode.Contains(location, context.Options, context.CancellationToken);
        if (!inRazor && IsMarkedGenerated(context.ContainingSymbol))
        {
            return; // [GeneratedCode] members, which the driver skips for every other rule
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        var written = value.WalkDownConversions();
        if (!inRazor && written.Type?.SpecialType == SpecialType.System_String && HasLocalEncoding(written))
        {
            properties = properties.Add(FixProperty, EncodeFix);
        }

        context.ReportInSourceOrRazor(Diagnostic.Create(
            Rules.CrossSiteScripting,
            location,
            additionalLocations: new[] { written.Syntax.GetLocation() },
            properties,
            sink,
            // A buffer the text was built in (new StringBuilder()) says less than the value written (sb.ToString()).
            Shorten((culprit is IObjectCreationOperation ? written : culprit).Syntax.ToString())));
    }

    /// <summary>
    /// Whether encoding keeps the intent: a value read whole (a local, parameter, field, property or element) is text and
    /// is encoded whole; an interpolation or concatenation that puts markup around text gets its text pieces encoded, so
    /// each non-constant piece must be a string. A value computed elsewhere (<c>sb.ToString()</c>, a helper's result)
    /// may be markup on purpose: no fix, the doc shows the sanitizer.
    /// </summary>
    private static bool HasLocalEncoding(IOperation written)
    {
        switch (written)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IArrayElementReferenceOperation:
                return true;
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation { Expression: { } hole } && !IsConstantOrString(hole))
                    {
                        return false;
                    }
                }

                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                return IsConstantOrStringPiece(concatenation.LeftOperand) && IsConstantOrStringPiece(concatenation.RightOperand);
            default:
                return false;
        }
    }

    private static bool IsConstantOrStringPiece(IOperation operand)
    {
        operand = operand.WalkDownConversions();
        return operand is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } inner
            ? IsConstantOrStringPiece(inner.LeftOperand) && IsConstantOrStringPiece(inner.RightOperand)
            : IsConstantOrString(operand);
    }

    private static bool IsConstantOrString(IOperation value)
        => value.ConstantValue.HasValue || value.WalkDownConversions().Type?.SpecialType == SpecialType.System_String;

    private static bool IsMarkedGenerated(ISymbol? symbol)
    {
        for (; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            if (symbol is IMethodSymbol { AssociatedSymbol: { } property } && IsMarkedGenerated(property))
            {
                return true; // an accessor of a [GeneratedCode] property
            }

            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute" } type
                    && type.ContainingNamespace.IsNamespace("System.CodeDom.Compiler"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Shorten(string text)
    {
        text = text.Trim();
        var newline = text.IndexOfAny(LineBreaks);
        if (newline >= 0)
        {
            text = text.Substring(0, newline).TrimEnd() + " …";
        }

        return text.Length <= MaxShownLength ? text : text.Substring(0, MaxShownLength) + "…";
    }
}
