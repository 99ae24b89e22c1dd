using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>What the evaluation of one string value found.</summary>
internal readonly struct StringTaintResult
{
    public StringTaintResult(IOperation? builtFrom, IOperation? requestInput, ImmutableArray<IParameterSymbol> passThroughParameters)
    {
        BuiltFrom = builtFrom;
        RequestInput = requestInput;
        PassThroughParameters = passThroughParameters;
    }

    /// <summary>The first non-constant piece of a string that was concatenated, interpolated, formatted or built.</summary>
    public IOperation? BuiltFrom { get; }

    /// <summary>Request-bound input that is the whole value (in request-only mode: anywhere in it).</summary>
    public IOperation? RequestInput { get; }

    /// <summary>String parameters of the enclosing method that are the whole value (for wrapper summaries).</summary>
    public ImmutableArray<IParameterSymbol> PassThroughParameters { get; }

    /// <summary>The piece to name in the message, or null when the value is not reported.</summary>
    public IOperation? Piece => BuiltFrom ?? RequestInput;
}

/// <summary>
/// The shared string value-flow engine: decides whether a string value handed to a sink is built from non-constant
/// pieces or carries request-bound input. Follows the value recursively: constants and values of types the policy calls
/// safe are safe; concatenation, interpolation, <c>string.Concat/Format/Join</c>, <c>StringBuilder</c> contents and
/// LINQ projections are "building" operations whose non-constant pieces taint the result; locals are followed through
/// every write that may reach the read (cycles and budget guarded). A value that is passed through unchanged is only
/// reported when it is request-bound input. What counts as a source, a sanitizer or a safe type comes from the
/// <see cref="StringTaintPolicy"/> of the rule.
/// </summary>
/// <remarks>
/// Two modes: the default reports a value built from any non-constant piece (or taken whole from the request);
/// <c>requestOnly</c> reports only request-bound input, wherever it sits in the value (building from other values is
/// not reported).
/// </remarks>
internal sealed class StringTaintEngine
{
    private const int MaxSteps = 4000;
    private const int MaxDepth = 48;

    private readonly StringTaintPolicy _context;
    private readonly LocalFlowIndex _index;
    private readonly HashSet<ILocalSymbol> _visitingWhole = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _visitingBuilt = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _visitingElements = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _visitingBuilders = new(SymbolEqualityComparer.Default);
    private List<KeyValuePair<IParameterSymbol, IOperation>>? _bindings;
    private ImmutableArray<IParameterSymbol>.Builder? _passThrough;
    private IOperation? _built;
    private IOperation? _request;
    private readonly bool _requestOnly;
    private int _steps;
    private int _depth;

    private StringTaintEngine(StringTaintPolicy context, LocalFlowIndex index, bool requestOnly = false)
    {
        _context = context;
        _index = index;
        _requestOnly = requestOnly;
    }

    /// <summary>
    /// Evaluates <paramref name="value"/>, the whole text handed to a sink (<paramref name="appended"/>: text
    /// appended to earlier text, as in <c>cmd.CommandText += value</c>).
    /// </summary>
    /// <remarks>
    /// <paramref name="requestOnly"/>: only request-bound input anywhere in the value is reported; building it from
    /// other values is not (SB1001 uses it for stored-procedure names, SB1004 for every path).
    /// </remarks>
    public static StringTaintResult Evaluate(StringTaintPolicy context, LocalFlowIndex index, IOperation value, bool appended = false, bool requestOnly = false)
    {
        var evaluator = new StringTaintEngine(context, index, requestOnly);
        evaluator.Visit(value, building: appended);
        return new StringTaintResult(
            evaluator._built,
            evaluator._request,
            evaluator._passThrough?.ToImmutable() ?? ImmutableArray<IParameterSymbol>.Empty);
    }

    /// <summary>Whether <paramref name="piece"/>, used as one piece of a larger string, can carry input.</summary>
    public static bool IsTaintedPiece(StringTaintPolicy context, LocalFlowIndex index, IOperation piece)
    {
        var evaluator = new StringTaintEngine(context, index);
        evaluator.Visit(piece, building: true);
        return evaluator._built is not null;
    }

    /// <summary>Text for the message: the piece's source, whitespace collapsed, shortened to about 60 characters.</summary>
    public static string Describe(IOperation piece)
    {
        var text = piece.Syntax.ToString();
        var builder = new System.Text.StringBuilder(Math.Min(text.Length, 64));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
            if (builder.Length >= 60)
            {
                return builder.Append("...").ToString();
            }
        }

        return builder.ToString();
    }

    private void Visit(IOperation? operation, bool building)
    {
        if (Enter(operation))
        {
            try
            {
                VisitCore(operation!.WalkDownConversions(), building);
            }
            finally
            {
                _depth--;
            }
        }
    }

    /// <summary>Budget and depth guard shared by the recursive visits; on true the caller must decrement the depth.</summary>
    private bool Enter(IOperation? operation)
    {
        if (operation is null || _built is not null || ++_steps > MaxSteps || _depth > MaxDepth)
        {
            return false;
        }

        _depth++;
        return true;
    }

    private void VisitCore(IOperation value, bool building)
    {
        if (value.ConstantValue.HasValue || value.Type is { TypeKind: TypeKind.Error } || _context.IsSafeType(value.Type))
        {
            return;
        }

        switch (value)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    VisitInterpolationPart(part);
                }

                return;
            case IInterpolatedStringHandlerCreationOperation handler:
                Visit(handler.Content, building);
                return;
            case IInterpolatedStringAdditionOperation addition:
                Visit(addition.Left, true);
                Visit(addition.Right, true);
                return;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                VisitConcatenation(concatenation);
                return;
            case ICoalesceOperation coalesce:
                Visit(coalesce.Value, building);
                Visit(coalesce.WhenNull, building);
                return;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                Visit(conditional.WhenTrue, building);
                Visit(whenFalse, building);
                return;
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    Visit(arm.Value, building);
                }

                return;
            case ISimpleAssignmentOperation assignment:
                Visit(assignment.Value, building);
                return;
            case ILocalReferenceOperation local:
                VisitLocal(local, building);
                return;
            case IParameterReferenceOperation parameter:
                VisitParameter(parameter, building);
                return;
            case IFieldReferenceOperation field:
                if (!_context.Constants.IsConstantLike(field.Field))
                {
                    Leaf(field, building);
                }

                return;
            case IPropertyReferenceOperation property:
                VisitProperty(property, building);
                return;
            case IInvocationOperation invocation:
                VisitInvocation(invocation, building);
                return;
            case IConditionalAccessOperation conditionalAccess:
                Visit(conditionalAccess.WhenNotNull, building);
                return;
            case IConditionalAccessInstanceOperation instance:
                // The receiver tested by the nearest conditional access whose WhenNotNull part contains this instance.
                IOperation child = instance;
                for (var current = instance.Parent; current is not null; child = current, current = current.Parent)
                {
                    if (current is IConditionalAccessOperation access && access.WhenNotNull == child)
                    {
                        Visit(access.Operation, building);
                        return;
                    }
                }

                return;
            case IArrayElementReferenceOperation element:
                VisitElements(element.ArrayReference, building);
                return;
            case IAwaitOperation:
            case IObjectCreationOperation:
            case IDynamicInvocationOperation:
            case IDynamicMemberReferenceOperation:
            case IDynamicIndexerAccessOperation:
                Leaf(value, building);
                return;
        }
    }

    /// <summary>A left-deep chain <c>a + b + c + …</c>, walked without recursion so long chains stay cheap, in text order.</summary>
    private void VisitConcatenation(IBinaryOperation concatenation)
    {
        var rightOperands = new Stack<IOperation>();
        IOperation current = concatenation;
        while (current is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary && rightOperands.Count < MaxSteps)
        {
            rightOperands.Push(binary.RightOperand);
            current = binary.LeftOperand.WalkDownConversions();
        }

        Visit(current, true);
        while (rightOperands.Count > 0 && _built is null)
        {
            Visit(rightOperands.Pop(), true);
        }
    }

    private void VisitInterpolationPart(IInterpolatedStringContentOperation part)
    {
        switch (part)
        {
            case IInterpolationOperation hole:
                Visit(hole.Expression, true);
                break;
            case IInterpolatedStringAppendOperation { Kind: OperationKind.InterpolatedStringAppendFormatted, AppendCall: IInvocationOperation call }
                when !call.Arguments.IsEmpty:
                Visit(call.Arguments[0].Value, true);
                break;
        }
    }

    private void Leaf(IOperation value, bool building)
    {
        if (building && !_requestOnly)
        {
            _built ??= value;
        }
    }

    private void Request(IOperation value, bool building)
    {
        if (building && !_requestOnly)
        {
            _built ??= value;
        }
        else
        {
            _request ??= value;
        }
    }

    private void VisitLocal(ILocalReferenceOperation reference, bool building)
    {
        var local = reference.Local;
        if (_context.IsSanitizedLocal(reference, _index))
        {
            return;
        }

        if (_context.IsStringBuilder(local.Type))
        {
            VisitBuilderLocal(reference);
            return;
        }

        var visiting = building ? _visitingBuilt : _visitingWhole;
        if (!visiting.Add(local))
        {
            return;
        }

        var before = _built;
        VisitLocalWrites(reference, building);
        if (building && before is null && _built is not null && !_visitingWhole.Contains(local))
        {
            // Name the local as it is written into the SQL (not when it is the SQL being built up, as in sql = sql + x).
            _built = reference;
        }
    }

    private void VisitLocalWrites(ILocalReferenceOperation reference, bool building)
    {
        var local = reference.Local;

        foreach (var write in _index.GetWrites(local))
        {
            if (!LocalFlowIndex.MayReach(write.Operation, reference))
            {
                continue;
            }

            switch (write.Kind)
            {
                case LocalWriteKind.Initializer:
                case LocalWriteKind.Assignment:
                    Visit(write.Value, building);
                    break;
                case LocalWriteKind.CompoundAssignment:
                    Visit(write.Value, true);
                    break;
                default:
                    VisitUnknownWrite(write, reference, building);
                    break;
            }
        }
    }

    private void VisitUnknownWrite(LocalWrite write, IOperation read, bool building)
    {
        var writer = write.Operation is IDeclarationExpressionOperation { Parent: { } declared } ? declared : write.Operation;
        switch (writer)
        {
            case IForEachLoopOperation loop:
                var before = _built;
                VisitElements(loop.Collection, building);
                if (before is null && _built is not null)
                {
                    _built = read; // name the loop variable that is written into the SQL
                }

                return;
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "TryGetValue", Instance: { } instance } }:
                if (IsConstantLikeReceiver(instance))
                {
                    return;
                }

                if ((!building || _requestOnly) && _context.IsRequestCollection(instance.Type))
                {
                    Request(read, building);
                    return;
                }

                break;
        }

        Leaf(read, building);
    }

    private void VisitParameter(IParameterReferenceOperation reference, bool building)
    {
        if (_bindings is not null)
        {
            for (var i = _bindings.Count - 1; i >= 0; i--)
            {
                if (SymbolEqualityComparer.Default.Equals(_bindings[i].Key, reference.Parameter))
                {
                    VisitElements(_bindings[i].Value, building);
                    return;
                }
            }
        }

        var parameter = reference.Parameter;
        if (building && !_requestOnly)
        {
            Leaf(reference, building); // any parameter written into built SQL taints it, request-bound or not
        }
        else if (_context.IsRequestBoundParameter(parameter, reference))
        {
            Request(reference, building);
        }
        else if (!building && parameter.Type.SpecialType == SpecialType.System_String && parameter.RefKind == RefKind.None)
        {
            (_passThrough ??= ImmutableArray.CreateBuilder<IParameterSymbol>()).Add(parameter);
        }
    }

    private void VisitProperty(IPropertyReferenceOperation reference, bool building)
    {
        var property = reference.Property;
        if ((!building || _requestOnly) && _context.IsRequestRead(reference))
        {
            Request(reference, building);
            return;
        }

        if (_context.Constants.IsConstantLike(property) || _context.IsCodeDefinedText(property))
        {
            return;
        }

        if (property.IsIndexer && reference.Instance is { } instance && IsConstantLikeReceiver(instance))
        {
            return;
        }

        Leaf(reference, building);
    }

    private void VisitInvocation(IInvocationOperation invocation, bool building)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return;
        }

        switch (_context.ClassifyCall(invocation))
        {
            case StringCallFlow.Safe:
                return;
            case StringCallFlow.Arguments:
                foreach (var argument in invocation.Arguments)
                {
                    VisitContentArgument(argument, building);
                }

                return;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            VisitStringMethod(invocation, building);
            return;
        }

        if (method.Name == "ToString" && !method.IsStatic && invocation.Instance is { } receiver)
        {
            if (_context.IsStringBuilder(receiver.Type))
            {
                VisitBuilder(receiver);
            }
            else
            {
                Visit(receiver, building);
            }

            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _context.Convert) && method.Name == "ToString" && !invocation.Arguments.IsEmpty)
        {
            Visit(invocation.Arguments[0].Value, building);
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _context.FormattableString) && method.IsStatic && !invocation.Arguments.IsEmpty)
        {
            Visit(invocation.Arguments[0].Value, true);
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _context.Enumerable) && !invocation.Arguments.IsEmpty && IsElementAccessor(method.Name))
        {
            VisitElements(invocation.Arguments[0].Value, building);
            return;
        }

        if (_context.Constants.IsConstantLike(method))
        {
            return;
        }

        Leaf(invocation, building);
    }

    private void VisitStringMethod(IInvocationOperation invocation, bool building)
    {
        var method = invocation.TargetMethod;
        if (!method.IsStatic)
        {
            Visit(invocation.Instance, building);
            if (method.Name is "Replace" or "Insert" && invocation.Arguments.Length == 2)
            {
                Visit(invocation.Arguments[1].Value, true);
            }

            return;
        }

        switch (method.Name)
        {
            case "Concat":
            case "Format":
            case "Join":
                foreach (var argument in invocation.Arguments)
                {
                    VisitContentArgument(argument);
                }

                return;
            case "Create":
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.WalkDownConversions() is IInterpolatedStringHandlerCreationOperation or IInterpolatedStringOperation)
                    {
                        Visit(argument.Value, true);
                    }
                }

                return;
            case "Copy":
            case "Intern":
            case "IsInterned":
                if (!invocation.Arguments.IsEmpty)
                {
                    Visit(invocation.Arguments[0].Value, building);
                }

                return;
            default:
                Leaf(invocation, building);
                return;
        }
    }

    /// <summary>An argument of Concat/Format/Join/AppendFormat/AppendJoin: format providers are skipped, collections are expanded.</summary>
    private void VisitContentArgument(IArgumentOperation argument, bool building = true)
    {
        var parameterType = argument.Parameter?.Type;
        if (parameterType is null || parameterType.IsOrImplements(_context.FormatProvider))
        {
            return;
        }

        if (argument.Parameter!.IsParams || _context.GetElementType(parameterType) is not null)
        {
            VisitElements(argument.Value, building);
        }
        else
        {
            Visit(argument.Value, building);
        }
    }

    private void VisitElements(IOperation? operation, bool building)
    {
        if (Enter(operation))
        {
            try
            {
                VisitElementsCore(operation!.WalkDownConversions(), building);
            }
            finally
            {
                _depth--;
            }
        }
    }

    private void VisitElementsCore(IOperation value, bool building)
    {
        if (value.ConstantValue.HasValue || value.Type is { TypeKind: TypeKind.Error })
        {
            return;
        }

        var elementType = _context.GetElementType(value.Type);
        if (elementType is not null && _context.IsSafeType(elementType))
        {
            return;
        }

        switch (value)
        {
            case IArrayCreationOperation creation:
                if (creation.Initializer is { } arrayInitializer)
                {
                    VisitArrayInitializer(arrayInitializer, building);
                }

                return;
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (_context.GetElementType(argument.Parameter?.Type) is not null)
                    {
                        VisitElements(argument.Value, building);
                    }
                }

                if (creation.Initializer is { } collectionInitializer)
                {
                    foreach (var initializer in collectionInitializer.Initializers)
                    {
                        if (initializer is IInvocationOperation add)
                        {
                            foreach (var argument in add.Arguments)
                            {
                                Visit(argument.Value, building);
                            }
                        }
                    }
                }

                return;
            case ILocalReferenceOperation local:
                VisitCollectionLocal(local, building);
                return;
            case IFieldReferenceOperation field:
                if (!_context.Constants.IsConstantLike(field.Field))
                {
                    Leaf(field, building);
                }

                return;
            case IPropertyReferenceOperation property:
                if ((!building || _requestOnly) && _context.IsRequestRead(property))
                {
                    Request(property, building);
                }
                else if (property.Instance is { } instance && IsConstantLikeReceiver(instance))
                {
                    // Keys, Values or an element of a static readonly lookup table.
                }
                else if (property.Property.Name is "Keys" or "Values" && property.Instance is { } dictionary)
                {
                    VisitElements(dictionary, building);
                }
                else if (!_context.Constants.IsConstantLike(property.Property))
                {
                    Leaf(property, building);
                }

                return;
            case IInvocationOperation invocation:
                VisitCollectionInvocation(invocation, building);
                return;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                VisitElements(conditional.WhenTrue, building);
                VisitElements(whenFalse, building);
                return;
            case ICoalesceOperation coalesce:
                VisitElements(coalesce.Value, building);
                VisitElements(coalesce.WhenNull, building);
                return;
            case IParameterReferenceOperation or IAwaitOperation or IArrayElementReferenceOperation:
                Leaf(value, building);
                return;
        }

        if (value.Kind == OperationKind.None || !Enum.IsDefined(typeof(OperationKind), value.Kind))
        {
            // Collection expressions and params collections (newer compilers): children are elements or spreads.
            foreach (var child in value.ChildOperations)
            {
                if (child.Kind == OperationKind.None || !Enum.IsDefined(typeof(OperationKind), child.Kind))
                {
                    VisitElements(child.ChildOperations.Count == 1 ? First(child.ChildOperations) : child, building);
                }
                else
                {
                    Visit(child, building);
                }
            }
        }
    }

    private static IOperation First(IEnumerable<IOperation> operations)
    {
        foreach (var operation in operations)
        {
            return operation;
        }

        throw new InvalidOperationException();
    }

    private void VisitArrayInitializer(IArrayInitializerOperation initializer, bool building)
    {
        foreach (var element in initializer.ElementValues)
        {
            if (element is IArrayInitializerOperation nested)
            {
                VisitArrayInitializer(nested, building);
            }
            else
            {
                Visit(element, building);
            }
        }
    }

    private void VisitCollectionInvocation(IInvocationOperation invocation, bool building)
    {
        var method = invocation.TargetMethod;
        var arguments = invocation.Arguments;
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _context.Enumerable) && !arguments.IsEmpty)
        {
            switch (method.Name)
            {
                case "Select" when arguments.Length == 2:
                    VisitSelector(arguments[0].Value, arguments[1].Value, building);
                    return;
                case "Concat":
                case "Union":
                case "Intersect":
                case "Except":
                    foreach (var argument in arguments)
                    {
                        VisitElements(argument.Value, building);
                    }

                    return;
                case "Append":
                case "Prepend":
                    VisitElements(arguments[0].Value, building);
                    if (arguments.Length > 1)
                    {
                        Visit(arguments[1].Value, building);
                    }

                    return;
                case "Repeat":
                    Visit(arguments[0].Value, building);
                    return;
                default:
                    if (_context.GetElementType(arguments[0].Value.Type) is not null)
                    {
                        // Where, OrderBy, Distinct, ToList, ToArray, Take, Skip …: elements come from the source.
                        VisitElements(arguments[0].Value, building);
                        return;
                    }

                    break;
            }
        }
        else if (method.Name == "Split" && method.ContainingType?.SpecialType == SpecialType.System_String)
        {
            Visit(invocation.Instance, building);
            return;
        }
        else if (method.Name is "ToArray" or "ToList" or "AsReadOnly" or "GetRange" && invocation.Instance is { } instance)
        {
            VisitElements(instance, building);
            return;
        }
        else if (_context.Constants.IsConstantLike(method))
        {
            return;
        }

        Leaf(invocation, building);
    }

    private void VisitSelector(IOperation source, IOperation selector, bool building)
    {
        var target = selector.WalkDownConversions();
        if (target is IDelegateCreationOperation creation)
        {
            target = creation.Target;
        }

        if (target is not IAnonymousFunctionOperation function || function.Symbol.Parameters.IsEmpty)
        {
            Leaf(selector, building);
            return;
        }

        _bindings ??= new List<KeyValuePair<IParameterSymbol, IOperation>>();
        _bindings.Add(new KeyValuePair<IParameterSymbol, IOperation>(function.Symbol.Parameters[0], source));
        try
        {
            VisitReturns(function.Body, building);
        }
        finally
        {
            _bindings.RemoveAt(_bindings.Count - 1);
        }
    }

    private void VisitReturns(IOperation body, bool building)
    {
        foreach (var child in body.ChildOperations)
        {
            if (child is IReturnOperation { ReturnedValue: { } returned })
            {
                Visit(returned, building);
            }
            else if (child is not IAnonymousFunctionOperation and not ILocalFunctionOperation)
            {
                VisitReturns(child, building);
            }
        }
    }

    private void VisitCollectionLocal(ILocalReferenceOperation reference, bool building)
    {
        var local = reference.Local;
        if (!_visitingElements.Add(local))
        {
            return;
        }

        foreach (var write in _index.GetWrites(local))
        {
            if (!LocalFlowIndex.MayReach(write.Operation, reference))
            {
                continue;
            }

            if (write.Kind is LocalWriteKind.Initializer or LocalWriteKind.Assignment)
            {
                VisitElements(write.Value, building);
            }
            else
            {
                Leaf(reference, building);
            }
        }

        foreach (var mutation in _index.GetMutations(local))
        {
            if (!LocalFlowIndex.MayReach(mutation, reference))
            {
                continue;
            }

            switch (mutation)
            {
                case ISimpleAssignmentOperation store:
                    Visit(store.Value, building);
                    break;
                case IInvocationOperation { TargetMethod.Name: "Add" or "Push" or "Enqueue" or "TryAdd" } add:
                    foreach (var argument in add.Arguments)
                    {
                        Visit(argument.Value, building);
                    }

                    break;
                case IInvocationOperation { TargetMethod.Name: "Insert" } insert when !insert.Arguments.IsEmpty:
                    Visit(insert.Arguments[insert.Arguments.Length - 1].Value, building);
                    break;
                case IInvocationOperation { TargetMethod.Name: "AddRange" or "InsertRange" } addRange when !addRange.Arguments.IsEmpty:
                    VisitElements(addRange.Arguments[addRange.Arguments.Length - 1].Value, building);
                    break;
            }
        }
    }

    /// <summary>The text of a StringBuilder (receiver of <c>ToString()</c> or an interpolation hole).</summary>
    private void VisitBuilder(IOperation? builder)
    {
        var current = builder?.WalkDownConversions();
        while (current is IInvocationOperation { Instance: { } inner } call && _context.IsStringBuilder(call.Type))
        {
            VisitBuilderCall(call);
            current = inner.WalkDownConversions();
        }

        switch (current)
        {
            case null:
                return;
            case ILocalReferenceOperation local:
                VisitBuilderLocal(local);
                return;
            case IObjectCreationOperation creation:
                VisitBuilderCreation(creation);
                return;
            default:
                Leaf(current, true);
                return;
        }
    }

    private void VisitBuilderLocal(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        if (!_visitingBuilders.Add(local))
        {
            return;
        }

        foreach (var write in _index.GetWrites(local))
        {
            if (write.Value is { } value && write.Kind is LocalWriteKind.Initializer or LocalWriteKind.Assignment
                && LocalFlowIndex.MayReach(write.Operation, reference))
            {
                var written = value.WalkDownConversions();
                if (written is IObjectCreationOperation or IInvocationOperation)
                {
                    VisitBuilder(written);
                }
            }
        }

        foreach (var mutation in _index.GetMutations(local))
        {
            if (mutation is IInvocationOperation call && LocalFlowIndex.MayReach(mutation, reference))
            {
                VisitBuilderCall(call);
            }
        }
    }

    private void VisitBuilderCreation(IObjectCreationOperation creation)
    {
        if (!_context.IsStringBuilder(creation.Type))
        {
            Leaf(creation, true);
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            Visit(argument.Value, true);
        }
    }

    private void VisitBuilderCall(IInvocationOperation call)
    {
        switch (call.TargetMethod.Name)
        {
            case "Append":
            case "AppendLine":
            case "Insert":
                foreach (var argument in call.Arguments)
                {
                    if (_context.IsStringBuilder(argument.Value.Type))
                    {
                        VisitBuilder(argument.Value);
                    }
                    else if (argument.Parameter?.Type.IsOrImplements(_context.FormatProvider) != true)
                    {
                        Visit(argument.Value, true);
                    }
                }

                break;
            case "AppendFormat":
            case "AppendJoin":
                foreach (var argument in call.Arguments)
                {
                    VisitContentArgument(argument);
                }

                break;
            case "Replace" when call.Arguments.Length >= 2:
                Visit(call.Arguments[1].Value, true);
                break;
        }
    }

    private bool IsConstantLikeReceiver(IOperation instance)
        => instance.WalkDownConversions() switch
        {
            IFieldReferenceOperation field => _context.Constants.IsConstantLike(field.Field),
            IPropertyReferenceOperation property => _context.Constants.IsConstantLike(property.Property),
            _ => false,
        };

    private static bool IsElementAccessor(string name)
        => name is "First" or "FirstOrDefault" or "Last" or "LastOrDefault" or "Single" or "SingleOrDefault" or "ElementAt" or "ElementAtOrDefault"
            or "Aggregate" or "Min" or "Max";
}
