using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Exposure;

/// <summary>
/// SB5003: deserialization that lets the payload pick the types to instantiate — <c>Deserialize</c> calls on
/// BinaryFormatter, SoapFormatter, NetDataContractSerializer, LosFormatter and ObjectStateFormatter; Json.NET's
/// <c>TypeNameHandling</c> set to anything but <c>None</c> without a serialization binder; JavaScriptSerializer with a
/// SimpleTypeResolver.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsafeDeserializationAnalyzer : SecureBackendAnalyzer
{
    private const string UseKnownTypes = "deserialize into a known type with System.Text.Json instead";
    private const string UseBinder = "set TypeNameHandling to None, or restrict types with a SerializationBinder";

    private static readonly string[] FormatterNames =
    {
        "System.Runtime.Serialization.Formatters.Binary.BinaryFormatter",
        "System.Runtime.Serialization.Formatters.Soap.SoapFormatter",
        "System.Runtime.Serialization.NetDataContractSerializer",
        "System.Web.UI.LosFormatter",
        "System.Web.UI.ObjectStateFormatter",
    };

    private static readonly HashSet<string> DeserializeMethods = NameSet.Of(
        "Deserialize", "UnsafeDeserialize", "UnsafeDeserializeMethodResponse", "ReadObject");

    private const string JsonSerializerSettings = "Newtonsoft.Json.JsonSerializerSettings";
    private const string JsonSerializer = "Newtonsoft.Json.JsonSerializer";
    private const string JavaScriptSerializer = "System.Web.Script.Serialization.JavaScriptSerializer";
    private const string SimpleTypeResolver = "System.Web.Script.Serialization.SimpleTypeResolver";

    // Each check needs its names written in the source (see SourceWords): a deserializing call, the TypeNameHandling
    // property, the JavaScriptSerializer constructor.
    private static readonly ImmutableArray<string> DeserializeWords = ImmutableArray.Create(
        "Deserialize", "UnsafeDeserialize", "UnsafeDeserializeMethodResponse", "ReadObject");

    private static readonly ImmutableArray<string> TypeNameHandlingWords = ImmutableArray.Create("TypeNameHandling");

    private static readonly ImmutableArray<string> JavaScriptSerializerWords = ImmutableArray.Create("JavaScriptSerializer");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.UnsafeDeserialization);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny(FormatterNames) || types.HasAny(JsonSerializerSettings, JavaScriptSerializer);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var formatters = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in FormatterNames)
        {
            if (types.Get(name) is { } type)
            {
                formatters.Add(type);
            }
        }

        var formatterTypes = formatters.ToImmutable();
        if (!formatterTypes.IsEmpty && SourceWords.AnyWritten(context.Compilation, DeserializeWords, context.CancellationToken))
        {
            context.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    var method = invocation.TargetMethod;
                    if (method.IsStatic || !DeserializeMethods.Contains(method.Name) || invocation.Instance?.Type is not { } receiver)
                    {
                        return;
                    }

                    foreach (var formatter in formatterTypes)
                    {
                        if (receiver.InheritsFromOrEquals(formatter))
                        {
                            operationContext.Report(Diagnostic.Create(
                                Rules.UnsafeDeserialization, invocation.Syntax.GetLocation(), formatter.Name + "." + method.Name, UseKnownTypes));
                            return;
                        }
                    }
                },
                OperationKind.Invocation);
        }

        var settings = types.Get(JsonSerializerSettings);
        var serializer = types.Get(JsonSerializer);
        if ((settings is not null || serializer is not null) && SourceWords.AnyWritten(context.Compilation, TypeNameHandlingWords, context.CancellationToken))
        {
            context.RegisterOperationAction(
                operationContext =>
                {
                    var assignment = (ISimpleAssignmentOperation)operationContext.Operation;
                    if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "TypeNameHandling" } target
                        || !(SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, settings)
                             || target.Property.ContainingType.InheritsFromOrEquals(serializer)))
                    {
                        return;
                    }

                    var value = assignment.Value.ConstantValue;
                    if (!value.HasValue || value.Value is not int handling || handling == 0 || HasBinder(assignment, target)
                        || OnlySerializes(assignment, target))
                    {
                        return;
                    }

                    operationContext.Report(Diagnostic.Create(
                        Rules.UnsafeDeserialization, assignment.Syntax.GetLocation(), "TypeNameHandling = " + assignment.Value.Syntax, UseBinder));
                },
                OperationKind.SimpleAssignment);
        }

        var javaScriptSerializer = types.Get(JavaScriptSerializer);
        var simpleTypeResolver = types.Get(SimpleTypeResolver);
        if (javaScriptSerializer is not null && simpleTypeResolver is not null && SourceWords.AnyWritten(context.Compilation, JavaScriptSerializerWords, context.CancellationToken))
        {
            context.RegisterOperationAction(
                operationContext =>
                {
                    var creation = (IObjectCreationOperation)operationContext.Operation;
                    if (!SymbolEqualityComparer.Default.Equals(creation.Type, javaScriptSerializer))
                    {
                        return;
                    }

                    foreach (var argument in creation.Arguments)
                    {
                        if (argument.Value.WalkDownConversions().Type.InheritsFromOrEquals(simpleTypeResolver))
                        {
                            operationContext.Report(Diagnostic.Create(
                                Rules.UnsafeDeserialization, creation.Syntax.GetLocation(), "JavaScriptSerializer(SimpleTypeResolver)", UseKnownTypes));
                            return;
                        }
                    }
                },
                OperationKind.ObjectCreation);
        }
    }

    /// <summary>A <c>SerializationBinder</c> (or legacy <c>Binder</c>) assigned on the same object in the same initializer or method.</summary>
    private static bool HasBinder(ISimpleAssignmentOperation assignment, IPropertyReferenceOperation target)
    {
        if (assignment.Parent is IObjectOrCollectionInitializerOperation initializer)
        {
            foreach (var sibling in initializer.Initializers)
            {
                if (IsBinderAssignment(sibling))
                {
                    return true;
                }
            }

            return false;
        }

        var receiver = target.Instance is null ? null : ReceiverSymbol(target.Instance);
        if (receiver is null)
        {
            return false;
        }

        foreach (var operation in assignment.GetRoot().Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } other } } candidate
                && IsBinderAssignment(candidate)
                && SymbolEqualityComparer.Default.Equals(ReceiverSymbol(other), receiver))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Settings that never reach a deserializer: the object created in the initializer is handed straight to
    /// <c>JsonConvert.SerializeObject</c>, or every use of the local it is stored in (in the same method) is such an
    /// argument. Type names written on output cannot choose the types created on input.
    /// </summary>
    private static bool OnlySerializes(ISimpleAssignmentOperation assignment, IPropertyReferenceOperation target)
    {
        ILocalSymbol? local = null;
        if (assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation })
        {
            var user = SkipConversionsUp(creation);
            if (user.Parent is IArgumentOperation argument)
            {
                return IsSerializeCall(argument.Parent);
            }

            if (user.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                local = declarator.Symbol;
            }
        }
        else if (target.Instance?.WalkDownConversions() is ILocalReferenceOperation reference)
        {
            local = reference.Local;
        }

        if (local is null)
        {
            return false;
        }

        var used = false;
        foreach (var operation in assignment.GetRoot().Descendants())
        {
            if (operation is not ILocalReferenceOperation use || !SymbolEqualityComparer.Default.Equals(use.Local, local)
                || use.Parent is IPropertyReferenceOperation { Parent: ISimpleAssignmentOperation write } && write.Target == use.Parent)
            {
                continue;
            }

            if (SkipConversionsUp(use).Parent is not IArgumentOperation argument
                || !(IsSerializeCall(argument.Parent) || IsRoundTrip(argument.Parent, local)))
            {
                return false;
            }

            used = true;
        }

        return used;
    }

    /// <summary>
    /// <c>JsonConvert.DeserializeObject(text, settings)</c> where <c>text</c> is, directly or through locals whose every
    /// write is one, a <c>JsonConvert.SerializeObject(…, settings)</c> with the same settings in the same method: a deep
    /// copy that only reads back what the method itself has just written.
    /// </summary>
    private static bool IsRoundTrip(IOperation? operation, ILocalSymbol settings)
    {
        if (operation is not IInvocationOperation { TargetMethod: { IsStatic: true } method } deserialize
            || !method.Name.StartsWith("Deserialize", System.StringComparison.Ordinal)
            || !IsJsonConvert(method.ContainingType)
            || deserialize.GetArgument("value") is not { } text)
        {
            return false;
        }

        return ValueTrace<bool>.Of(new SerializedWith(settings), text.Value);
    }

    /// <summary>
    /// Whether a value is a <c>SerializeObject(…, settings)</c> call with the given settings local: the value itself or,
    /// when it is a local, every one of its writes (initializers and assignments only; a local with no write, a <c>ref</c>
    /// local or any other write is not). <c>?:</c> and <c>??</c> are not followed.
    /// </summary>
    private sealed class SerializedWith : ValuePolicy<bool>
    {
        private readonly ILocalSymbol _settings;

        public SerializedWith(ILocalSymbol settings) => _settings = settings;

        /// <summary>
        /// One step, not <see cref="FlowBudget.MaxDepth"/>: the text read back or one local's writes; a copy through
        /// more locals is not taken as the same method's round trip.
        /// </summary>
        public override int MaxDepth => 1;

        public override bool Exhausted => false;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            if (value is ILocalReferenceOperation && depth < MaxDepth)
            {
                result = false;
                return false; // the trace reads its writes
            }

            result = IsSerializeWith(value, _settings);
            return true;
        }

        public override bool Leaf(IOperation value, int depth) => false;

        public override bool Merge(bool first, bool second) => first && second;

        public override bool IsSettled(bool result) => !result;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;
    }

    private static bool IsSerializeWith(IOperation? value, ILocalSymbol settings)
    {
        if (value?.WalkDownConversions() is not IInvocationOperation serialize || !IsSerializeCall(serialize))
        {
            return false;
        }

        foreach (var argument in serialize.Arguments)
        {
            if (argument.Value.WalkDownConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, settings))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation SkipConversionsUp(IOperation operation)
    {
        while (operation.Parent is IConversionOperation conversion)
        {
            operation = conversion;
        }

        return operation;
    }

    private static bool IsSerializeCall(IOperation? operation)
        => operation is IInvocationOperation { TargetMethod: { IsStatic: true } method }
           && method.Name.StartsWith("Serialize", System.StringComparison.Ordinal)
           && IsJsonConvert(method.ContainingType);

    private static bool IsJsonConvert(INamedTypeSymbol? type)
        => type is { Name: "JsonConvert", ContainingType: null } && type.ContainingNamespace.IsNamespace("Newtonsoft.Json");

    private static ISymbol? ReceiverSymbol(IOperation instance) => instance.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private static bool IsBinderAssignment(IOperation operation)
        => operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "SerializationBinder" or "Binder" } } binder
           && !(binder.Value.ConstantValue.HasValue && binder.Value.ConstantValue.Value is null);
}
