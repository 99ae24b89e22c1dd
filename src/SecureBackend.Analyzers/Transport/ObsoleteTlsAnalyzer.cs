using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Transport;

/// <summary>
/// SB4004: <c>SslProtocols.Ssl2/Ssl3/Tls/Tls11/Default</c> and <c>SecurityProtocolType.Ssl3/Tls/Tls11</c> (or a numeric
/// cast with those bits) used to enable a protocol: assigned (<c>=</c>, <c>|=</c>, object initializers, field and
/// property initializers), passed as an argument of the enum type, used as a default parameter value or returned —
/// directly, combined with <c>|</c>, through a conditional, or through a local later used so; and numeric casts of a
/// local, owned field or helper return whose every value is a constant with obsolete bits. Removal
/// (<c>&amp; ~X</c>), comparisons, <c>HasFlag</c>, switch labels and logging are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ObsoleteTlsAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Diagnostic property: the enum type's metadata name, for the fixer.</summary>
    public const string EnumTypeProperty = "EnumType";

    private const long Ssl2 = 12, Ssl3 = 48, Tls10 = 192, Tls11 = 768;
    private const long ObsoleteBits = Ssl2 | Ssl3 | Tls10 | Tls11;
    private const int MaxLocalDepth = 3;

    /// <summary>
    /// Every report needs one of the enum types written in the source (<see cref="SourceWords"/>): a member access, a
    /// cast, a <c>using static</c> or an alias names it.
    /// </summary>
    private static readonly ImmutableArray<string> WrittenNames = ImmutableArray.Create("SslProtocols", "SecurityProtocolType");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.ObsoleteTls);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny("System.Security.Authentication.SslProtocols", "System.Net.SecurityProtocolType");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (!SourceWords.AnyWritten(context.Compilation, WrittenNames, context.CancellationToken))
        {
            return;
        }

        var protocolTypes = new ProtocolTypes(types);
        context.RegisterOperationAction(protocolTypes.AnalyzeFieldReference, OperationKind.FieldReference);
        context.RegisterOperationAction(protocolTypes.AnalyzeConversion, OperationKind.Conversion);
    }

    /// <summary>"TLS 1.0", "SSL 3.0 and TLS 1.0" … for the protocol bits of <paramref name="value"/>.</summary>
    public static string DescribeProtocols(long value)
    {
        var builder = new StringBuilder();
        Append(builder, value, Ssl2, "SSL 2.0");
        Append(builder, value, Ssl3, "SSL 3.0");
        Append(builder, value, Tls10, "TLS 1.0");
        Append(builder, value, Tls11, "TLS 1.1");
        return builder.ToString();

        static void Append(StringBuilder builder, long value, long bits, string name)
        {
            if ((value & bits) != 0)
            {
                builder.Append(builder.Length == 0 ? string.Empty : " and ").Append(name);
            }
        }
    }

    private sealed class ProtocolTypes
    {
        private readonly INamedTypeSymbol? _sslProtocols;
        private readonly INamedTypeSymbol? _securityProtocolType;

        public ProtocolTypes(KnownTypes types)
        {
            _sslProtocols = types.Get("System.Security.Authentication.SslProtocols");
            _securityProtocolType = types.Get("System.Net.SecurityProtocolType");
        }

        public void AnalyzeFieldReference(OperationAnalysisContext context)
        {
            var reference = (IFieldReferenceOperation)context.Operation;
            var field = reference.Field;
            if (!IsProtocolEnum(field.ContainingType) || !field.HasConstantValue || ObsoleteValue(field.ConstantValue) == 0)
            {
                return;
            }

            Analyze(context, reference, field.ContainingType, ObsoleteValue(field.ConstantValue));
        }

        /// <summary><c>(SecurityProtocolType)192</c>: the numeric form legacy code uses.</summary>
        public void AnalyzeConversion(OperationAnalysisContext context)
        {
            var conversion = (IConversionOperation)context.Operation;
            if (conversion.IsImplicit || !IsProtocolEnum(conversion.Type) || conversion.Operand.Type?.TypeKind == TypeKind.Enum)
            {
                return;
            }

            var value = conversion.ConstantValue.HasValue
                ? ObsoleteValue(conversion.ConstantValue.Value)
                : NumericOriginsValue(conversion.Operand, context.Compilation, context.CancellationToken);
            if (value != 0)
            {
                Analyze(context, conversion, (INamedTypeSymbol)conversion.Type!, value);
            }
        }

        /// <summary>
        /// <c>(SslProtocols)bits</c> where <c>bits</c> is a local or a field only its type writes, or a helper's return:
        /// the obsolete bits when every value it can hold is a constant (<see cref="ValueOrigins"/>), else 0.
        /// </summary>
        private static long NumericOriginsValue(IOperation operand, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            if (operand.WalkDownConversions() is not (ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation))
            {
                return 0;
            }

            var origins = new List<IOperation>();
            if (!ValueOrigins.Collect(compilation, operand, origins, cancellationToken) || origins.Count == 0)
            {
                return 0;
            }

            long value = 0;
            foreach (var origin in origins)
            {
                if (!origin.ConstantValue.HasValue)
                {
                    return 0;
                }

                value |= ObsoleteValue(origin.ConstantValue.Value);
            }

            return value;
        }

        private void Analyze(OperationAnalysisContext context, IOperation protocol, INamedTypeSymbol enumType, long value)
        {
            var sink = FindEnablingUse(protocol, 0);
            if (sink is null)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(EnumTypeProperty, enumType.Name);
            context.Report(Diagnostic.Create(Rules.ObsoleteTls, protocol.Syntax.GetLocation(), properties, sink, DescribeProtocols(value)));
        }

        private bool IsProtocolEnum(ITypeSymbol? type)
            => type is not null
                && (SymbolEqualityComparer.Default.Equals(type, _sslProtocols) || SymbolEqualityComparer.Default.Equals(type, _securityProtocolType));

        private static long ObsoleteValue(object? constant)
            => constant switch
            {
                int i => i & ObsoleteBits,
                long l => l & ObsoleteBits,
                short s => s & ObsoleteBits,
                _ => 0,
            };

        /// <summary>Where the protocol value ends up enabling something (for the message), or null.</summary>
        private string? FindEnablingUse(IOperation value, int depth)
        {
            var current = value;
            while (true)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case IConversionOperation { Type: var type } when IsProtocolEnum(type) || type?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
                    case IParenthesizedOperation:
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Or }:
                    case IConditionalOperation conditional when conditional.Condition != current:
                    case ICoalesceOperation:
                        current = parent;
                        continue;

                    case ISwitchExpressionArmOperation arm when arm.Value == current:
                        current = arm.Parent!;
                        continue;

                    case ISimpleAssignmentOperation assignment when assignment.Value == current:
                        return DescribeTarget(assignment.Target, depth);

                    case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Or } compound when compound.Value == current:
                        return DescribeTarget(compound.Target, depth);

                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        return LocalEnablingUse(declarator.Symbol, parent, depth);

                    case IFieldInitializerOperation fieldInitializer when !fieldInitializer.InitializedFields.IsEmpty:
                        var field = fieldInitializer.InitializedFields[0];
                        return field.ContainingType.Name + "." + field.Name;

                    case IPropertyInitializerOperation propertyInitializer when !propertyInitializer.InitializedProperties.IsEmpty:
                        var property = propertyInitializer.InitializedProperties[0];
                        return property.ContainingType.Name + "." + property.Name;

                    case IParameterInitializerOperation parameterInitializer:
                        return "default value of parameter " + parameterInitializer.Parameter.Name;

                    // The declared type, not a generic one inferred from the value (Assert.Equal(SslProtocols.Tls, actual)).
                    case IArgumentOperation { Parameter: { } parameter } when IsProtocolParameter(parameter.OriginalDefinition.Type):
                        return SinkNames.Of(parameter);

                    case IReturnOperation:
                        return "return value of " + ContainingName(parent);

                    default:
                        return null;
                }
            }
        }

        private bool IsProtocolParameter(ITypeSymbol type)
            => IsProtocolEnum(type) || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable && IsProtocolEnum(nullable.TypeArguments[0]);

        private string? DescribeTarget(IOperation target, int depth)
            => target switch
            {
                IMemberReferenceOperation { Member: { } member } => member.ContainingType.Name + "." + member.Name,
                ILocalReferenceOperation local => LocalEnablingUse(local.Local, target, depth),
                IParameterReferenceOperation parameter => parameter.Parameter.Name,
                _ => null,
            };

        /// <summary>A local holding the protocol enables it when one of its reads does.</summary>
        private string? LocalEnablingUse(ILocalSymbol local, IOperation anchor, int depth)
        {
            if (depth >= MaxLocalDepth)
            {
                return null;
            }

            foreach (var operation in anchor.GetRoot().Descendants())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !IsWriteTarget(reference))
                {
                    var use = FindEnablingUse(reference, depth + 1);
                    if (use is not null)
                    {
                        return use;
                    }
                }
            }

            return null;
        }

        private static bool IsWriteTarget(ILocalReferenceOperation reference)
            => reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;

        private static string ContainingName(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation function)
                {
                    return function.Symbol.Name.Length == 0 ? "a lambda" : function.Symbol.Name;
                }

                if (current is ILocalFunctionOperation localFunction)
                {
                    return localFunction.Symbol.Name;
                }
            }

            return operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart)?.Name ?? "the method";
        }
    }
}
