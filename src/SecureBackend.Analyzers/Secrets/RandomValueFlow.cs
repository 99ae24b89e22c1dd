using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// Follows a value produced by <c>System.Random</c> forward until it gets a name: the local, field, property,
/// parameter or dictionary key it is stored in, or the method that returns it. On the way it passes through
/// conversions, arithmetic, interpolation, <c>ToString</c>/<c>Convert</c>/<c>string.Join</c> and other framework
/// calls that return text, numbers or arrays, indexing (<c>alphabet[random.Next(n)]</c>), <c>StringBuilder</c>s
/// and arrays filled in loops, LINQ <c>Select</c> projections, locals, and helper methods of the same file whose
/// result is stored under a security name. It stops at anything that is not a value (delays, ordering, counts).
/// </summary>
internal sealed class RandomValueFlow
{
    private const int MaxSteps = 256;
    private const int MaxHelperDepth = 2;

    private static readonly HashSet<string> BuilderMethods = NameSet.Of(
        "Append", "AppendLine", "AppendFormat", "AppendJoin", "Insert");

    private static readonly HashSet<string> CollectionMethods = NameSet.Of(
        "Add", "AddRange", "Insert", "Push", "Enqueue");

    private static readonly HashSet<string> ProjectionMethods = NameSet.Of("Select", "SelectMany");

    /// <summary>Arguments that only size or delay something: a random count is not a random value.</summary>
    private static readonly HashSet<string> SizeParameters = NameSet.Of(
        "count", "length", "totalWidth", "capacity", "repeatCount", "millisecondsDelay", "millisecondsTimeout");

    /// <summary>Parameters naming the entry a value is stored under (<c>Session.SetString("ResetCode", code)</c>).</summary>
    private static readonly HashSet<string> KeyParameters = NameSet.Of("key", "name", "type");

    private readonly SecretNameMatcher _names;
    private readonly INamedTypeSymbol? _enumerable;
    private readonly INamedTypeSymbol? _stringBuilder;
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly Queue<(IOperation Value, int Depth)> _pending = new();
    private readonly HashSet<ISymbol> _followed = new(SymbolEqualityComparer.Default);
    private int _steps;

    private RandomValueFlow(SecretNameMatcher names, INamedTypeSymbol? enumerable, INamedTypeSymbol? stringBuilder, Compilation compilation, CancellationToken cancellationToken)
    {
        _names = names;
        _enumerable = enumerable;
        _stringBuilder = stringBuilder;
        _compilation = compilation;
        _cancellationToken = cancellationToken;
    }

    private string? Sink { get; set; }

    /// <summary>
    /// The security name the random value reaches, or null. <paramref name="value"/> is the random value itself
    /// (the <c>Next()</c> call) or, for <c>NextBytes(buffer)</c>-style calls, the filled buffer argument
    /// (<paramref name="isContainer"/>).
    /// </summary>
    public static string? FindSink(IOperation value, bool isContainer, SecretNameMatcher names, INamedTypeSymbol? enumerable,
        INamedTypeSymbol? stringBuilder, Compilation compilation, CancellationToken cancellationToken)
    {
        var flow = new RandomValueFlow(names, enumerable, stringBuilder, compilation, cancellationToken);
        if (isContainer)
        {
            flow.TaintContainer(value, 0);
        }
        else
        {
            flow._pending.Enqueue((value, 0));
        }

        while (flow.Sink is null && flow._pending.Count > 0 && flow._steps++ < MaxSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (next, depth) = flow._pending.Dequeue();
            flow.Step(next, depth);
        }

        return flow.Sink;
    }

    private void Step(IOperation value, int depth)
    {
        var current = value;
        var parent = current.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IBinaryOperation binary when IsValueOperator(binary.OperatorKind):
            case IConditionalOperation conditional when conditional.Condition != current:
            case ICoalesceOperation:
            case IArrayInitializerOperation:
            case ISwitchExpressionArmOperation:
            case ISwitchExpressionOperation:
                _pending.Enqueue((UnwrapWrapper(parent), depth));
                break;

            case IInterpolationOperation { Parent: IInterpolatedStringOperation interpolated }:
                _pending.Enqueue((interpolated, depth));
                break;

            case IArrayElementReferenceOperation element when !IsAssignmentTarget(element):
                _pending.Enqueue((element, depth));
                break;

            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when !IsAssignmentTarget(indexer) && IsValueLike(indexer.Type):
                _pending.Enqueue((indexer, depth));
                break;

            case IArgumentOperation argument:
                OnArgument(argument, depth);
                break;

            case IInvocationOperation invocation when invocation.Instance == current:
                OnInstanceCall(invocation, depth);
                break;

            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                OnStore(assignment.Target, depth);
                _pending.Enqueue((assignment, depth));
                break;

            case ICompoundAssignmentOperation compound when compound.Value == current:
                OnStore(compound.Target, depth);
                break;

            case ICoalesceAssignmentOperation coalesce when coalesce.Value == current:
                OnStore(coalesce.Target, depth);
                break;

            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                OnLocal(declarator.Symbol, declarator, depth);
                break;

            case IFieldInitializerOperation fieldInitializer:
                foreach (var field in fieldInitializer.InitializedFields)
                {
                    Check(field.Name, field.ContainingType?.Name);
                }

                break;

            case IPropertyInitializerOperation propertyInitializer:
                foreach (var property in propertyInitializer.InitializedProperties)
                {
                    Check(property.Name, property.ContainingType?.Name);
                }

                break;

            case IReturnOperation ret:
                OnReturn(ret, depth);
                break;
        }
    }

    private static IOperation UnwrapWrapper(IOperation operation)
        => operation is ISwitchExpressionArmOperation { Parent: { } switchExpression } ? switchExpression
            : operation is IArrayInitializerOperation { Parent: IArrayCreationOperation creation } ? creation
            : operation;

    private void OnArgument(IArgumentOperation argument, int depth)
    {
        var parameter = argument.Parameter;
        if (parameter is null)
        {
            return;
        }

        switch (argument.Parent)
        {
            case IInvocationOperation invocation:
            {
                var method = invocation.TargetMethod;
                if (IsStringBuilder(method.ContainingType) && BuilderMethods.Contains(method.Name))
                {
                    if (invocation.Instance is { } builder)
                    {
                        TaintContainer(builder, depth);
                    }

                    _pending.Enqueue((invocation, depth));
                    return;
                }

                if (CheckParameter(parameter) || CheckKeyArgument(invocation.Arguments, argument))
                {
                    return;
                }

                if (CollectionMethods.Contains(method.Name) && invocation.Instance is { } collection && IsInCollectionsNamespace(method.ContainingType))
                {
                    TaintContainer(collection, depth);
                    return;
                }

                if (IsFrameworkPropagator(method, parameter))
                {
                    _pending.Enqueue((invocation, depth));
                }

                return;
            }

            case IObjectCreationOperation creation:
                if (CheckParameter(parameter) || CheckKeyArgument(creation.Arguments, argument))
                {
                    return;
                }

                if (creation.Constructor is { } constructor && IsFrameworkPropagator(constructor, parameter))
                {
                    _pending.Enqueue((creation, depth));
                }

                return;

            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when !IsAssignmentTarget(indexer) && IsValueLike(indexer.Type):
                _pending.Enqueue((indexer, depth));
                return;
        }
    }

    private void OnInstanceCall(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        if (IsStringBuilder(method.ContainingType) || (!IsInSource(method) && IsValueLike(method.ReturnType)))
        {
            _pending.Enqueue((invocation, depth));
        }
    }

    /// <summary>The target of an assignment: a named variable or member, or an element of a container.</summary>
    private void OnStore(IOperation target, int depth)
    {
        switch (target.WalkDownConversions())
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                if (!CheckKeyArgument(indexer.Arguments, null) && indexer.Instance is { } instance)
                {
                    TaintContainer(instance, depth);
                }

                break;
            case IArrayElementReferenceOperation element:
                TaintContainer(element.ArrayReference, depth);
                break;
            case var named:
                TaintContainer(named, depth);
                break;
        }
    }

    /// <summary>A variable, member, buffer, array, builder or collection that now holds random data.</summary>
    private void TaintContainer(IOperation container, int depth)
    {
        switch (container.WalkDownConversions())
        {
            case ILocalReferenceOperation local:
                OnLocal(local.Local, local, depth);
                break;
            case IFieldReferenceOperation field:
                Check(field.Field.Name, field.Field.ContainingType?.Name);
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                Check(property.Property.Name, property.Property.ContainingType?.Name);
                break;
            case IParameterReferenceOperation parameter:
                Check(parameter.Parameter.Name, null);
                break;
            case IInvocationOperation { Instance: { } instance, TargetMethod.Name: "AsSpan" or "AsMemory" or "Slice" }:
                TaintContainer(instance, depth);
                break;
            case IInvocationOperation { Instance: null, TargetMethod.Name: "AsSpan" or "AsMemory", Arguments.Length: > 0 } extension:
                TaintContainer(extension.Arguments[0].Value, depth);
                break;
        }
    }

    /// <summary>Checks the local's name, then carries the value on through every read of the local in its method.</summary>
    private void OnLocal(ILocalSymbol local, IOperation site, int depth)
    {
        if (Check(local.Name, null) || !_followed.Add(local))
        {
            return;
        }

        foreach (var reference in LocalFlowIndex.For(site).GetReferences(local))
        {
            if (!IsWrite(reference))
            {
                _pending.Enqueue((reference, depth));
            }
        }
    }

    private void OnReturn(IReturnOperation ret, int depth)
    {
        for (var current = ret.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    OnLambdaResult(lambda, depth);
                    return;
                case ILocalFunctionOperation localFunction:
                    if (!Check(StripAsync(localFunction.Symbol.Name), null))
                    {
                        OnHelperResult(localFunction.Symbol, localFunction.GetRoot(), null, depth);
                    }

                    return;
            }
        }

        var model = ret.SemanticModel;
        if (model?.GetEnclosingSymbol(ret.Syntax.SpanStart, _cancellationToken) is not IMethodSymbol method)
        {
            return;
        }

        var name = method.AssociatedSymbol is IPropertySymbol property ? property.Name : method.Name;
        if (!Check(StripAsync(name), method.ContainingType?.Name) && method.AssociatedSymbol is null)
        {
            OnHelperResult(method, null, model, depth);
        }
    }

    /// <summary><c>Enumerable.Range(0, n).Select(_ => alphabet[random.Next(alphabet.Length)])</c>: the projection carries the value.</summary>
    private void OnLambdaResult(IAnonymousFunctionOperation lambda, int depth)
    {
        if (lambda.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation invocation } }
            && ProjectionMethods.Contains(invocation.TargetMethod.Name)
            && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _enumerable))
        {
            _pending.Enqueue((invocation, depth));
        }
    }

    /// <summary>
    /// A helper such as <c>RandomString(int length)</c>: look for its calls in the same file (or, for a local function,
    /// the same method) and follow each result.
    /// </summary>
    private void OnHelperResult(IMethodSymbol helper, IOperation? scope, SemanticModel? model, int depth)
    {
        if (depth >= MaxHelperDepth || !_followed.Add(helper))
        {
            return;
        }

        if (scope is not null)
        {
            foreach (var call in LocalFlowIndex.For(scope).GetCalls(helper))
            {
                _pending.Enqueue((call, depth + 1));
            }

            return;
        }

        if (model is null)
        {
            return;
        }

        foreach (var reference in helper.DeclaringSyntaxReferences)
        {
            var tree = reference.SyntaxTree;
            if (tree != model.SyntaxTree)
            {
                continue;
            }

            foreach (var node in tree.GetRoot(_cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocationSyntax
                    && InvokedName(invocationSyntax.Expression) == helper.Name
                    && model.GetOperation(invocationSyntax, _cancellationToken) is IInvocationOperation call
                    && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, helper.OriginalDefinition))
                {
                    _pending.Enqueue((call, depth + 1));
                }
            }
        }
    }

    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };

    private bool CheckParameter(IParameterSymbol parameter)
        => Check(parameter.Name, null, allowExact: false);

    /// <summary><c>Session.SetString("ResetCode", code)</c>, <c>claims["otp"] = code</c>: the constant key names the value.</summary>
    private bool CheckKeyArgument(ImmutableArray<IArgumentOperation> arguments, IArgumentOperation? valueArgument)
    {
        foreach (var argument in arguments)
        {
            if (argument == valueArgument || argument.Parameter is null)
            {
                continue;
            }

            if ((valueArgument is null || KeyParameters.Contains(argument.Parameter.Name))
                && argument.Value.TryGetConstantString(out var key)
                && Check(key, null))
            {
                return true;
            }
        }

        return false;
    }

    private bool Check(string? name, string? containingTypeName, bool allowExact = true)
    {
        if (Sink is null && _names.Matches(name, containingTypeName, allowExact))
        {
            Sink = name;
            return true;
        }

        return false;
    }

    private bool IsFrameworkPropagator(IMethodSymbol method, IParameterSymbol parameter)
        => !IsInSource(method)
           && !SizeParameters.Contains(parameter.Name)
           && IsValueLike(method.MethodKind == MethodKind.Constructor ? method.ContainingType : method.ReturnType);

    private bool IsInSource(IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly);

    private bool IsStringBuilder(ITypeSymbol? type)
        => _stringBuilder is not null && SymbolEqualityComparer.Default.Equals(type, _stringBuilder);

    private static bool IsInCollectionsNamespace(INamedTypeSymbol? type)
        => type?.ContainingNamespace is { } ns
           && (ns.IsNamespace("System.Collections.Generic") || ns.IsNamespace("System.Collections.Concurrent") || ns.IsNamespace("System.Collections"));

    /// <summary>Text, numbers, bytes, collections and tasks of them; not delays, booleans or arbitrary objects.</summary>
    private bool IsValueLike(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case IArrayTypeSymbol array:
                return IsValueLike(array.ElementType);
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Char:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
                return true;
        }

        if (IsStringBuilder(type))
        {
            return true;
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
            && generic.ContainingNamespace is { } ns
            && (ns.IsNamespace("System") || ns.IsNamespace("System.Collections.Generic") || ns.IsNamespace("System.Threading.Tasks")))
        {
            return IsValueLike(generic.TypeArguments[0]);
        }

        return type.Name == "Guid" && type.ContainingNamespace.IsNamespace("System");
    }

    private static bool IsValueOperator(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide
            or BinaryOperatorKind.Remainder or BinaryOperatorKind.And or BinaryOperatorKind.Or or BinaryOperatorKind.ExclusiveOr
            or BinaryOperatorKind.LeftShift or BinaryOperatorKind.RightShift or BinaryOperatorKind.UnsignedRightShift => true,
        _ => false,
    };

    private static bool IsAssignmentTarget(IOperation operation)
    {
        var current = operation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == current,
            IArgumentOperation { Parameter.RefKind: RefKind.Out } => true,
            _ => false,
        };
    }

    private static bool IsWrite(ILocalReferenceOperation reference)
        => reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference
           || reference.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out }
           || reference.Parent is IDeclarationExpressionOperation;

    private static string StripAsync(string name)
        => name.Length > 5 && name.EndsWith("Async", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - 5) : name;
}
