using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// SB2004's policy for <see cref="ValueUses{T}"/>, which follows a value produced by <c>System.Random</c> forward until
/// it gets a name: the local, field, property, parameter or dictionary key it is stored in, or the method that returns
/// it. The engine walks conversions, branches, assignments, locals' reads and returns to their callers; this policy
/// names the sinks (secret names, constant keys) and carries the value through arithmetic, <c>ToString</c>/<c>Convert</c>/
/// <c>string.Join</c> and other framework calls that return text, numbers or arrays, indexing
/// (<c>alphabet[random.Next(n)]</c>), <c>StringBuilder</c>s and collections filled in loops, and LINQ <c>Select</c>
/// projections. It stops at anything that is not a value (delays, ordering, counts).
/// </summary>
internal sealed class RandomValueFlow : UsePolicy<string>
{
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

    private RandomValueFlow(SecretNameMatcher names, INamedTypeSymbol? enumerable, INamedTypeSymbol? stringBuilder, Compilation compilation, CancellationToken cancellationToken)
    {
        _names = names;
        _enumerable = enumerable;
        _stringBuilder = stringBuilder;
        _compilation = compilation;
        _cancellationToken = cancellationToken;
    }

    public override CancellationToken CancellationToken => _cancellationToken;

    /// <summary>
    /// The security name the random value reaches, or null. <paramref name="value"/> is the random value itself
    /// (the <c>Next()</c> call) or, for <c>NextBytes(buffer)</c>-style calls, the filled buffer argument
    /// (<paramref name="isContainer"/>).
    /// </summary>
    public static string? FindSink(IOperation value, bool isContainer, SecretNameMatcher names, INamedTypeSymbol? enumerable,
        INamedTypeSymbol? stringBuilder, Compilation compilation, CancellationToken cancellationToken)
    {
        var policy = new RandomValueFlow(names, enumerable, stringBuilder, compilation, cancellationToken);
        return isContainer ? ValueUses<string>.OfContainer(policy, value) : ValueUses<string>.Of(policy, value);
    }

    public override string? AtLocal(ILocalSymbol local) => Named(local.Name, null);

    public override string? AtMember(ISymbol member) => Named(member.Name, member.ContainingType?.Name);

    public override string? AtParameter(IParameterSymbol parameter) => Named(parameter.Name, null);

    public override string? AtReturn(IMethodSymbol method, bool localFunction)
    {
        if (localFunction)
        {
            return Named(StripAsync(method.Name), null);
        }

        var name = method.AssociatedSymbol is IPropertySymbol property ? property.Name : method.Name;
        return Named(StripAsync(name), method.ContainingType?.Name);
    }

    /// <summary><c>Enumerable.Range(0, n).Select(_ => alphabet[random.Next(alphabet.Length)])</c>: the projection carries the value.</summary>
    public override bool CarriesLambdaResult(IInvocationOperation invocation)
        => ProjectionMethods.Contains(invocation.TargetMethod.Name)
           && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _enumerable);

    /// <summary><c>claims["otp"] = code</c>: the constant key names the value.</summary>
    public override string? AtElementStore(IPropertyReferenceOperation indexer) => KeyName(indexer.Arguments, null);

    public override void AtParent(IOperation parent, IOperation value, ValueUses<string> uses, int depth)
    {
        switch (parent)
        {
            case IBinaryOperation binary when IsValueOperator(binary.OperatorKind):
                uses.Follow(binary, depth);
                break;

            case IArrayElementReferenceOperation element when !IsAssignmentTarget(element):
                uses.Follow(element, depth);
                break;

            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when !IsAssignmentTarget(indexer) && IsValueLike(indexer.Type):
                uses.Follow(indexer, depth);
                break;

            case IArgumentOperation argument:
                OnArgument(argument, uses, depth);
                break;

            case IInvocationOperation invocation when invocation.Instance == value:
                OnInstanceCall(invocation, uses, depth);
                break;
        }
    }

    private void OnArgument(IArgumentOperation argument, ValueUses<string> uses, int depth)
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
                        uses.Hold(builder, depth);
                    }

                    uses.Follow(invocation, depth);
                    return;
                }

                if (uses.Reach(ParameterName(parameter)) || uses.Reach(KeyName(invocation.Arguments, argument)))
                {
                    return;
                }

                if (CollectionMethods.Contains(method.Name) && invocation.Instance is { } collection && IsInCollectionsNamespace(method.ContainingType))
                {
                    uses.Hold(collection, depth);
                    return;
                }

                if (IsFrameworkPropagator(method, parameter))
                {
                    uses.Follow(invocation, depth);
                }

                return;
            }

            case IObjectCreationOperation creation:
                if (uses.Reach(ParameterName(parameter)) || uses.Reach(KeyName(creation.Arguments, argument)))
                {
                    return;
                }

                if (creation.Constructor is { } constructor && IsFrameworkPropagator(constructor, parameter))
                {
                    uses.Follow(creation, depth);
                }

                return;

            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when !IsAssignmentTarget(indexer) && IsValueLike(indexer.Type):
                uses.Follow(indexer, depth);
                return;
        }
    }

    private void OnInstanceCall(IInvocationOperation invocation, ValueUses<string> uses, int depth)
    {
        var method = invocation.TargetMethod;
        if (IsStringBuilder(method.ContainingType) || (!IsInSource(method) && IsValueLike(method.ReturnType)))
        {
            uses.Follow(invocation, depth);
        }
    }

    private string? ParameterName(IParameterSymbol parameter)
        => Named(parameter.Name, null, allowExact: false);

    /// <summary><c>Session.SetString("ResetCode", code)</c>, <c>claims["otp"] = code</c>: the constant key names the value.</summary>
    private string? KeyName(ImmutableArray<IArgumentOperation> arguments, IArgumentOperation? valueArgument)
    {
        foreach (var argument in arguments)
        {
            if (argument == valueArgument || argument.Parameter is null)
            {
                continue;
            }

            if ((valueArgument is null || KeyParameters.Contains(argument.Parameter.Name))
                && argument.Value.TryGetConstantString(out var key)
                && Named(key, null) is { } name)
            {
                return name;
            }
        }

        return null;
    }

    private string? Named(string? name, string? containingTypeName, bool allowExact = true)
        => _names.Matches(name, containingTypeName, allowExact) ? name : null;

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

    private static string StripAsync(string name)
        => name.Length > 5 && name.EndsWith("Async", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - 5) : name;
}
