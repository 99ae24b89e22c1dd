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
/// The string policy of the value-flow engine (<see cref="ValueTrace{T}"/>): decides whether a string value handed to a
/// sink is built from non-constant pieces or carries request-bound input. Constants and values of types the rule's
/// <see cref="StringTaintPolicy"/> calls safe are safe; concatenation, interpolation, <c>string.Concat/Format/Join</c>,
/// <c>StringBuilder</c> contents and LINQ projections are "building" operations whose non-constant pieces taint the
/// result. The trace does the rest, as for every rule: both branches of <c>?:</c> and <c>??</c>, every write of a
/// same-method local that may reach the read (a builder's or collection's calls and element stores with them), each
/// local entered once per question, one budget (<see cref="FlowBudget"/>). A value that is passed through unchanged is
/// only reported when it is request-bound input. What counts as a source, a sanitizer or a safe type comes from the
/// <see cref="StringTaintPolicy"/> of the rule.
/// </summary>
/// <remarks>
/// Two modes: the default reports a value built from any non-constant piece (or taken whole from the request);
/// <c>requestOnly</c> reports only request-bound input, wherever it sits in the value (building from other values is
/// not reported). One evaluation asks the trace one <see cref="Question"/> per kind of value it reads: the text of a
/// value (whole, or as a piece of built text), the elements of a collection, and the contents of a <c>StringBuilder</c>;
/// what they find is kept here, and the first non-constant piece ends the evaluation.
/// </remarks>
internal sealed class StringTaintEngine
{
    private readonly StringTaintPolicy _context;
    private readonly LocalFlowIndex _index;
    private readonly bool _requestOnly;
    private List<KeyValuePair<IParameterSymbol, IOperation>>? _bindings;
    private ImmutableArray<IParameterSymbol>.Builder? _passThrough;
    private IOperation? _built;
    private IOperation? _request;
    private int _steps;
    private Question? _whole;
    private Question? _building;
    private Question? _elements;
    private Question? _builtElements;
    private Question? _builder;
    private HashSet<ISymbol>? _enteredElements;

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
        evaluator.Visit(value, building: appended, 0);
        return new StringTaintResult(
            evaluator._built,
            evaluator._request,
            evaluator._passThrough?.ToImmutable() ?? ImmutableArray<IParameterSymbol>.Empty);
    }

    /// <summary>Whether <paramref name="piece"/>, used as one piece of a larger string, can carry input.</summary>
    public static bool IsTaintedPiece(StringTaintPolicy context, LocalFlowIndex index, IOperation piece)
    {
        var evaluator = new StringTaintEngine(context, index);
        evaluator.Visit(piece, building: true, 0);
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

    /// <summary>The text of a value: whole (passed through to the sink) or <paramref name="building"/> larger text.</summary>
    private Question Text(bool building)
        => building
            ? _building ??= new Question(this, QuestionKind.Text, building: true, NewEntered())
            : _whole ??= new Question(this, QuestionKind.Text, building: false, NewEntered());

    /// <summary>The elements of a collection; both modes enter each local once between them.</summary>
    private Question Elements(bool building)
    {
        _enteredElements ??= NewEntered();
        return building
            ? _builtElements ??= new Question(this, QuestionKind.Elements, building: true, _enteredElements)
            : _elements ??= new Question(this, QuestionKind.Elements, building: false, _enteredElements);
    }

    /// <summary>The text of a <c>StringBuilder</c> local: what its creation and its calls append.</summary>
    private Question Builder => _builder ??= new Question(this, QuestionKind.Builder, building: true, NewEntered());

    private static HashSet<ISymbol> NewEntered() => new(SymbolEqualityComparer.Default);

    /// <summary>The text of <paramref name="operation"/>, <paramref name="depth"/> steps from the sink.</summary>
    private void Visit(IOperation? operation, bool building, int depth)
    {
        if (operation is not null)
        {
            new ValueTrace<bool>(Text(building)).Of(operation, depth);
        }
    }

    /// <summary>The elements of the collection <paramref name="operation"/>, <paramref name="depth"/> steps from the sink.</summary>
    private void VisitElements(IOperation? operation, bool building, int depth)
    {
        if (operation is not null)
        {
            new ValueTrace<bool>(Elements(building)).Of(operation, depth);
        }
    }

    /// <summary>Whether the evaluation still reads values (nothing found yet, steps left); counts the step.</summary>
    private bool Step() => _built is null && ++_steps <= FlowBudget.MaxSteps;

    /// <summary>A value past the depth budget is not read; it still counts as a step.</summary>
    private void Exhausted()
    {
        if (_built is null)
        {
            _steps++;
        }
    }

    /// <summary>The text of a value; false for the shapes the trace follows (<c>?:</c>, <c>??</c>, whole locals).</summary>
    private bool ReadText(IOperation value, bool building, ValueTrace<bool> trace, int depth)
    {
        if (!Step() || value.ConstantValue.HasValue || value.Type is { TypeKind: TypeKind.Error } || _context.IsSafeType(value.Type))
        {
            return true;
        }

        var next = depth + 1;
        switch (value)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    VisitInterpolationPart(part, next);
                }

                return true;
            case IInterpolatedStringHandlerCreationOperation handler:
                Visit(handler.Content, building, next);
                return true;
            case IInterpolatedStringAdditionOperation addition:
                Visit(addition.Left, true, next);
                Visit(addition.Right, true, next);
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                VisitConcatenation(concatenation, next);
                return true;
            case ICoalesceOperation:
            case IConditionalOperation { WhenFalse: not null }:
                return false;
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    Visit(arm.Value, building, next);
                }

                return true;
            case ISimpleAssignmentOperation assignment:
                Visit(assignment.Value, building, next);
                return true;
            case ILocalReferenceOperation local:
                return ReadLocal(local, building, trace, depth);
            case IParameterReferenceOperation parameter:
                VisitParameter(parameter, building, next);
                return true;
            case IFieldReferenceOperation field:
                if (!_context.Constants.IsConstantLike(field.Field))
                {
                    Piece(field, building);
                }

                return true;
            case IPropertyReferenceOperation property:
                VisitProperty(property, building);
                return true;
            case IInvocationOperation invocation:
                VisitInvocation(invocation, building, depth);
                return true;
            case IConditionalAccessOperation conditionalAccess:
                Visit(conditionalAccess.WhenNotNull, building, next);
                return true;
            case IConditionalAccessInstanceOperation instance:
                // The receiver tested by the nearest conditional access whose WhenNotNull part contains this instance.
                IOperation child = instance;
                for (var current = instance.Parent; current is not null; child = current, current = current.Parent)
                {
                    if (current is IConditionalAccessOperation access && access.WhenNotNull == child)
                    {
                        Visit(access.Operation, building, next);
                        return true;
                    }
                }

                return true;
            case IArrayElementReferenceOperation element:
                VisitElements(element.ArrayReference, building, next);
                return true;
            case IAwaitOperation:
            case IObjectCreationOperation:
            case IDynamicInvocationOperation:
            case IDynamicMemberReferenceOperation:
            case IDynamicIndexerAccessOperation:
                Piece(value, building);
                return true;
            default:
                return true;
        }
    }

    /// <summary>A left-deep chain <c>a + b + c + …</c>, walked without recursion so long chains stay cheap, in text order.</summary>
    private void VisitConcatenation(IBinaryOperation concatenation, int depth)
    {
        var rightOperands = new Stack<IOperation>();
        IOperation current = concatenation;
        while (current is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary && rightOperands.Count < FlowBudget.MaxSteps)
        {
            rightOperands.Push(binary.RightOperand);
            current = binary.LeftOperand.WalkDownConversions();
        }

        Visit(current, true, depth);
        while (rightOperands.Count > 0 && _built is null)
        {
            Visit(rightOperands.Pop(), true, depth);
        }
    }

    private void VisitInterpolationPart(IInterpolatedStringContentOperation part, int depth)
    {
        switch (part)
        {
            case IInterpolationOperation hole:
                Visit(hole.Expression, true, depth);
                break;
            case IInterpolatedStringAppendOperation { Kind: OperationKind.InterpolatedStringAppendFormatted, AppendCall: IInvocationOperation call }
                when !call.Arguments.IsEmpty:
                Visit(call.Arguments[0].Value, true, depth);
                break;
        }
    }

    /// <summary>A non-constant piece: it taints text being built (never in request-only mode).</summary>
    private void Piece(IOperation value, bool building)
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

    /// <summary>
    /// A local read for its text: a checked one is safe, a <c>StringBuilder</c> is its contents, any other the trace follows
    /// through its writes; in text being built, the local is named as the piece when one of its writes taints it.
    /// </summary>
    private bool ReadLocal(ILocalReferenceOperation reference, bool building, ValueTrace<bool> trace, int depth)
    {
        var local = reference.Local;
        if (_context.IsSanitizedLocal(reference, _index))
        {
            return true;
        }

        if (_context.IsStringBuilder(local.Type))
        {
            new ValueTrace<bool>(Builder).Of(reference, depth);
            return true;
        }

        if (!building)
        {
            return false;
        }

        var before = _built;
        trace.Follow(reference, depth);
        if (before is null && _built is not null && _whole?.Entered.Contains(local) != true)
        {
            // Name the local as it is written into the SQL (not when it is the SQL being built up, as in sql = sql + x).
            _built = reference;
        }

        return true;
    }

    /// <summary>A write of a text local the trace does not follow: <c>+=</c>, a <c>foreach</c> variable, <c>TryGetValue</c>'s <c>out</c>.</summary>
    private void UnseenText(ILocalReferenceOperation read, LocalWrite? unseen, bool building, int depth)
    {
        if (unseen is not { } write)
        {
            if (read.Local.IsRef)
            {
                Piece(read, building); // a ref local's aliases are not tracked
            }

            return;
        }

        switch (write.Kind)
        {
            case LocalWriteKind.Initializer:
            case LocalWriteKind.Assignment:
                return; // declared without a value
            case LocalWriteKind.CompoundAssignment:
                Visit(write.Value, true, depth + 1);
                return;
        }

        var writer = write.Operation is IDeclarationExpressionOperation { Parent: { } declared } ? declared : write.Operation;
        switch (writer)
        {
            case IForEachLoopOperation loop:
                var before = _built;
                VisitElements(loop.Collection, building, depth + 1);
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

        Piece(read, building);
    }

    private void VisitParameter(IParameterReferenceOperation reference, bool building, int depth)
    {
        if (_bindings is not null)
        {
            for (var i = _bindings.Count - 1; i >= 0; i--)
            {
                if (SymbolEqualityComparer.Default.Equals(_bindings[i].Key, reference.Parameter))
                {
                    VisitElements(_bindings[i].Value, building, depth);
                    return;
                }
            }
        }

        var parameter = reference.Parameter;
        if (building && !_requestOnly)
        {
            Piece(reference, building); // any parameter written into built SQL taints it, request-bound or not
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

        Piece(reference, building);
    }

    /// <summary>A call read for its text, <paramref name="depth"/> steps from the sink (its pieces one step further).</summary>
    private void VisitInvocation(IInvocationOperation invocation, bool building, int depth)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return;
        }

        var next = depth + 1;
        switch (_context.ClassifyCall(invocation))
        {
            case StringCallFlow.Safe:
                return;
            case StringCallFlow.Arguments:
                foreach (var argument in invocation.Arguments)
                {
                    VisitContentArgument(argument, next, building);
                }

                return;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            VisitStringMethod(invocation, building, next);
            return;
        }

        if (method.Name == "ToString" && !method.IsStatic && invocation.Instance is { } receiver)
        {
            if (_context.IsStringBuilder(receiver.Type))
            {
                VisitBuilder(receiver, depth);
            }
            else
            {
                Visit(receiver, building, next);
            }

            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _context.Convert) && method.Name == "ToString" && !invocation.Arguments.IsEmpty)
        {
            Visit(invocation.Arguments[0].Value, building, next);
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _context.FormattableString) && method.IsStatic && !invocation.Arguments.IsEmpty)
        {
            Visit(invocation.Arguments[0].Value, true, next);
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _context.Enumerable) && !invocation.Arguments.IsEmpty && IsElementAccessor(method.Name))
        {
            VisitElements(invocation.Arguments[0].Value, building, next);
            return;
        }

        if (_context.Constants.IsConstantLike(method))
        {
            return;
        }

        Piece(invocation, building);
    }

    private void VisitStringMethod(IInvocationOperation invocation, bool building, int depth)
    {
        var method = invocation.TargetMethod;
        if (!method.IsStatic)
        {
            Visit(invocation.Instance, building, depth);
            if (method.Name is "Replace" or "Insert" && invocation.Arguments.Length == 2)
            {
                Visit(invocation.Arguments[1].Value, true, depth);
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
                    VisitContentArgument(argument, depth);
                }

                return;
            case "Create":
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.WalkDownConversions() is IInterpolatedStringHandlerCreationOperation or IInterpolatedStringOperation)
                    {
                        Visit(argument.Value, true, depth);
                    }
                }

                return;
            case "Copy":
            case "Intern":
            case "IsInterned":
                if (!invocation.Arguments.IsEmpty)
                {
                    Visit(invocation.Arguments[0].Value, building, depth);
                }

                return;
            default:
                Piece(invocation, building);
                return;
        }
    }

    /// <summary>An argument of Concat/Format/Join/AppendFormat/AppendJoin: format providers are skipped, collections are expanded.</summary>
    private void VisitContentArgument(IArgumentOperation argument, int depth, bool building = true)
    {
        var parameterType = argument.Parameter?.Type;
        if (parameterType is null || parameterType.IsOrImplements(_context.FormatProvider))
        {
            return;
        }

        if (argument.Parameter!.IsParams || _context.GetElementType(parameterType) is not null)
        {
            VisitElements(argument.Value, building, depth);
        }
        else
        {
            Visit(argument.Value, building, depth);
        }
    }

    /// <summary>The elements of a collection; false for the shapes the trace follows (<c>?:</c>, <c>??</c>, locals).</summary>
    private bool ReadElements(IOperation value, bool building, int depth)
    {
        if (!Step() || value.ConstantValue.HasValue || value.Type is { TypeKind: TypeKind.Error })
        {
            return true;
        }

        var elementType = _context.GetElementType(value.Type);
        if (elementType is not null && _context.IsSafeType(elementType))
        {
            return true;
        }

        var next = depth + 1;
        switch (value)
        {
            case IArrayCreationOperation creation:
                if (creation.Initializer is { } arrayInitializer)
                {
                    VisitArrayInitializer(arrayInitializer, building, next);
                }

                return true;
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (_context.GetElementType(argument.Parameter?.Type) is not null)
                    {
                        VisitElements(argument.Value, building, next);
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
                                Visit(argument.Value, building, next);
                            }
                        }
                    }
                }

                return true;
            case ILocalReferenceOperation:
            case ICoalesceOperation:
            case IConditionalOperation { WhenFalse: not null }:
                return false;
            case IFieldReferenceOperation field:
                if (!_context.Constants.IsConstantLike(field.Field))
                {
                    Piece(field, building);
                }

                return true;
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
                    VisitElements(dictionary, building, next);
                }
                else if (!_context.Constants.IsConstantLike(property.Property))
                {
                    Piece(property, building);
                }

                return true;
            case IInvocationOperation invocation:
                VisitCollectionInvocation(invocation, building, next);
                return true;
            case IParameterReferenceOperation or IAwaitOperation or IArrayElementReferenceOperation:
                Piece(value, building);
                return true;
        }

        if (value.Kind == OperationKind.None || !Enum.IsDefined(typeof(OperationKind), value.Kind))
        {
            // Collection expressions and params collections (newer compilers): children are elements or spreads.
            foreach (var child in value.ChildOperations)
            {
                if (child.Kind == OperationKind.None || !Enum.IsDefined(typeof(OperationKind), child.Kind))
                {
                    VisitElements(child.ChildOperations.Count == 1 ? First(child.ChildOperations) : child, building, next);
                }
                else
                {
                    Visit(child, building, next);
                }
            }
        }

        return true;
    }

    /// <summary>A write of a collection local the trace does not follow: its elements are unknown.</summary>
    private void UnseenElements(ILocalReferenceOperation read, LocalWrite? unseen, bool building)
    {
        if (unseen is { Kind: not (LocalWriteKind.Initializer or LocalWriteKind.Assignment) } || (unseen is null && read.Local.IsRef))
        {
            Piece(read, building);
        }
    }

    /// <summary>What a call or element store adds to a collection local, <paramref name="depth"/> steps from the sink.</summary>
    private void AddedElements(IOperation mutation, bool building, int depth)
    {
        switch (mutation)
        {
            case ISimpleAssignmentOperation store:
                Visit(store.Value, building, depth);
                break;
            case IInvocationOperation { TargetMethod.Name: "Add" or "Push" or "Enqueue" or "TryAdd" } add:
                foreach (var argument in add.Arguments)
                {
                    Visit(argument.Value, building, depth);
                }

                break;
            case IInvocationOperation { TargetMethod.Name: "Insert" } insert when !insert.Arguments.IsEmpty:
                Visit(insert.Arguments[insert.Arguments.Length - 1].Value, building, depth);
                break;
            case IInvocationOperation { TargetMethod.Name: "AddRange" or "InsertRange" } addRange when !addRange.Arguments.IsEmpty:
                VisitElements(addRange.Arguments[addRange.Arguments.Length - 1].Value, building, depth);
                break;
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

    private void VisitArrayInitializer(IArrayInitializerOperation initializer, bool building, int depth)
    {
        foreach (var element in initializer.ElementValues)
        {
            if (element is IArrayInitializerOperation nested)
            {
                VisitArrayInitializer(nested, building, depth);
            }
            else
            {
                Visit(element, building, depth);
            }
        }
    }

    private void VisitCollectionInvocation(IInvocationOperation invocation, bool building, int depth)
    {
        var method = invocation.TargetMethod;
        var arguments = invocation.Arguments;
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _context.Enumerable) && !arguments.IsEmpty)
        {
            switch (method.Name)
            {
                case "Select" when arguments.Length == 2:
                    VisitSelector(arguments[0].Value, arguments[1].Value, building, depth);
                    return;
                case "Concat":
                case "Union":
                case "Intersect":
                case "Except":
                    foreach (var argument in arguments)
                    {
                        VisitElements(argument.Value, building, depth);
                    }

                    return;
                case "Append":
                case "Prepend":
                    VisitElements(arguments[0].Value, building, depth);
                    if (arguments.Length > 1)
                    {
                        Visit(arguments[1].Value, building, depth);
                    }

                    return;
                case "Repeat":
                    Visit(arguments[0].Value, building, depth);
                    return;
                default:
                    if (_context.GetElementType(arguments[0].Value.Type) is not null)
                    {
                        // Where, OrderBy, Distinct, ToList, ToArray, Take, Skip …: elements come from the source.
                        VisitElements(arguments[0].Value, building, depth);
                        return;
                    }

                    break;
            }
        }
        else if (method.Name == "Split" && method.ContainingType?.SpecialType == SpecialType.System_String)
        {
            Visit(invocation.Instance, building, depth);
            return;
        }
        else if (method.Name is "ToArray" or "ToList" or "AsReadOnly" or "GetRange" && invocation.Instance is { } instance)
        {
            VisitElements(instance, building, depth);
            return;
        }
        else if (_context.Constants.IsConstantLike(method))
        {
            return;
        }

        Piece(invocation, building);
    }

    /// <summary>A projection: the selector's returns, its parameter bound to the source's elements.</summary>
    private void VisitSelector(IOperation source, IOperation selector, bool building, int depth)
    {
        var target = selector.WalkDownConversions();
        if (target is IDelegateCreationOperation creation)
        {
            target = creation.Target;
        }

        if (target is not IAnonymousFunctionOperation function || function.Symbol.Parameters.IsEmpty)
        {
            Piece(selector, building);
            return;
        }

        _bindings ??= new List<KeyValuePair<IParameterSymbol, IOperation>>();
        _bindings.Add(new KeyValuePair<IParameterSymbol, IOperation>(function.Symbol.Parameters[0], source));
        try
        {
            VisitReturns(function.Body, building, depth);
        }
        finally
        {
            _bindings.RemoveAt(_bindings.Count - 1);
        }
    }

    private void VisitReturns(IOperation body, bool building, int depth)
    {
        foreach (var child in body.ChildOperations)
        {
            if (child is IReturnOperation { ReturnedValue: { } returned })
            {
                Visit(returned, building, depth);
            }
            else if (child is not IAnonymousFunctionOperation and not ILocalFunctionOperation)
            {
                VisitReturns(child, building, depth);
            }
        }
    }

    /// <summary>
    /// The text of a StringBuilder (receiver of <c>ToString()</c> or an interpolation hole) read <paramref name="depth"/>
    /// steps from the sink: its fluent calls and its root (a local, a creation) are that same step, what they append the next.
    /// </summary>
    private void VisitBuilder(IOperation? builder, int depth)
    {
        var current = builder?.WalkDownConversions();
        while (current is IInvocationOperation { Instance: { } inner } call && _context.IsStringBuilder(call.Type))
        {
            VisitBuilderCall(call, depth);
            current = inner.WalkDownConversions();
        }

        switch (current)
        {
            case null:
                return;
            case ILocalReferenceOperation local:
                new ValueTrace<bool>(Builder).Of(local, depth);
                return;
            case IObjectCreationOperation creation:
                VisitBuilderCreation(creation, depth);
                return;
            default:
                Piece(current, true);
                return;
        }
    }

    private void VisitBuilderCreation(IObjectCreationOperation creation, int depth)
    {
        if (!_context.IsStringBuilder(creation.Type))
        {
            Piece(creation, true);
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            Visit(argument.Value, true, depth + 1);
        }
    }

    /// <summary>What one call on a StringBuilder read <paramref name="depth"/> steps from the sink appends.</summary>
    private void VisitBuilderCall(IInvocationOperation call, int depth)
    {
        var next = depth + 1;
        switch (call.TargetMethod.Name)
        {
            case "Append":
            case "AppendLine":
            case "Insert":
                foreach (var argument in call.Arguments)
                {
                    if (_context.IsStringBuilder(argument.Value.Type))
                    {
                        VisitBuilder(argument.Value, depth);
                    }
                    else if (argument.Parameter?.Type.IsOrImplements(_context.FormatProvider) != true)
                    {
                        Visit(argument.Value, true, next);
                    }
                }

                break;
            case "AppendFormat":
            case "AppendJoin":
                foreach (var argument in call.Arguments)
                {
                    VisitContentArgument(argument, next);
                }

                break;
            case "Replace" when call.Arguments.Length >= 2:
                Visit(call.Arguments[1].Value, true, next);
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

    private enum QuestionKind
    {
        Text,
        Elements,
        Builder,
    }

    /// <summary>
    /// One question the evaluation asks the trace, as a <see cref="ValuePolicy{T}"/>: the text of a value (whole or as a
    /// piece of built text), the elements of a collection, or the contents of a <c>StringBuilder</c> local. The findings
    /// are the evaluation's; the result carries nothing, and the first non-constant piece settles every question.
    /// </summary>
    private sealed class Question : ValuePolicy<bool>
    {
        private readonly StringTaintEngine _engine;
        private readonly QuestionKind _kind;
        private readonly bool _building;
        private Question? _builderWrites;

        public Question(StringTaintEngine engine, QuestionKind kind, bool building, HashSet<ISymbol> entered, bool builderWrite = false)
        {
            _engine = engine;
            _kind = kind;
            _building = building;
            Entered = entered;
            IsBuilderWrite = builderWrite;
        }

        /// <summary>The locals this question has entered (each once per evaluation).</summary>
        public HashSet<ISymbol> Entered { get; }

        /// <summary>The value written to a StringBuilder local: only a creation or a fluent call is its text.</summary>
        private bool IsBuilderWrite { get; }

        public override bool Exhausted => false;

        public override ValuePolicy<bool> Stored
            => _kind == QuestionKind.Builder && !IsBuilderWrite
                ? _builderWrites ??= new Question(_engine, QuestionKind.Builder, building: true, Entered, builderWrite: true)
                : this;

        public override bool ExhaustedAt(IOperation value)
        {
            if (_kind != QuestionKind.Builder)
            {
                _engine.Exhausted();
            }

            return false;
        }

        public override bool Enters(ISymbol symbol) => Entered.Add(symbol);

        public override bool Reaches(IOperation write, ILocalReferenceOperation read) => LocalFlowIndex.MayReach(write, read);

        public override bool FollowsMutations(ILocalReferenceOperation local) => _kind != QuestionKind.Text;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            result = false;
            switch (_kind)
            {
                case QuestionKind.Text:
                    return _engine.ReadText(value, _building, trace, depth);
                case QuestionKind.Elements:
                    return _engine.ReadElements(value, _building, depth);
                default:
                    if (!IsBuilderWrite)
                    {
                        return false; // a StringBuilder local: its writes and calls
                    }

                    if (value is IObjectCreationOperation or IInvocationOperation)
                    {
                        // The creation or call that made the builder is the local's own step, as its later calls are.
                        _engine.VisitBuilder(value, depth - 1);
                    }

                    return true;
            }
        }

        public override bool Leaf(IOperation value, int depth) => false;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write, ValueTrace<bool> trace, int depth)
        {
            switch (_kind)
            {
                case QuestionKind.Text:
                    _engine.UnseenText(local, write, _building, depth);
                    break;
                case QuestionKind.Elements:
                    _engine.UnseenElements(local, write, _building);
                    break;
            }

            return false;
        }

        public override bool Mutated(ILocalReferenceOperation local, IOperation mutation, ValueTrace<bool> trace, int depth)
        {
            if (_kind == QuestionKind.Elements)
            {
                _engine.AddedElements(mutation, _building, depth + 1);
            }
            else if (mutation is IInvocationOperation call)
            {
                _engine.VisitBuilderCall(call, depth);
            }

            return false;
        }

        public override bool Merge(bool first, bool second) => false;

        public override bool IsSettled(bool result) => _engine._built is not null;
    }
}
