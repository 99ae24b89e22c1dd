using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Exposure;

/// <summary>
/// SB5004: the message, stack trace, <c>ToString()</c> or the object of a caught exception (see
/// <see cref="ExceptionOrigins"/>) in a response: the arguments of controller and page-model result helpers
/// (<c>Ok</c>, <c>BadRequest</c>, <c>Problem</c>, <c>StatusCode</c>, <c>Content</c>, <c>Json</c> …), of any
/// <c>Results.*</c>/<c>TypedResults.*</c> factory, of <c>IActionResult</c>/<c>IResult</c>/<c>ProblemDetails</c>
/// constructions and their initializers, and of <c>HttpResponse.WriteAsync</c>/<c>WriteAsJsonAsync</c>; directly,
/// in an interpolation or concatenation, an anonymous object, or through a same-method local. The message counts only
/// for exceptions caught as <c>Exception</c>, <c>SystemException</c>, <c>AggregateException</c> or a data-access,
/// I/O, network or crypto exception: the message of an application's own exception type is usually written for the
/// user. Also writes into a <c>ProblemDetails</c> after its creation (<c>Detail</c>, <c>Title</c>, <c>Type</c>,
/// <c>Instance</c>, <c>Extensions[…] = …</c>, <c>Extensions.Add/TryAdd</c>), which is how
/// <c>AddProblemDetails(o =&gt; o.CustomizeProblemDetails = ctx =&gt; …)</c> puts <c>ctx.Exception</c> into every error
/// response. Quiet in Development-only code and in test projects. No code fix.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExceptionDetailsAnalyzer : SecureBackendAnalyzer
{
    private static readonly ImmutableHashSet<string> ControllerHelpers = ImmutableHashSet.Create(
        "Ok", "BadRequest", "Problem", "ValidationProblem", "StatusCode", "Content", "Json", "NotFound", "Conflict",
        "UnprocessableEntity", "Accepted", "AcceptedAtAction", "AcceptedAtRoute", "Created", "CreatedAtAction", "CreatedAtRoute",
        "Unauthorized");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.ExceptionDetailsExposed);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny("Microsoft.AspNetCore.Http.HttpResponse", "Microsoft.AspNetCore.Mvc.ControllerBase") && !CodeScopes.IsTestProject(types);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var symbols = new Symbols(types);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
        if (symbols.ProblemDetails is not null)
        {
            context.RegisterOperationAction(c => AnalyzeProblemDetailsWrite(c, symbols), OperationKind.SimpleAssignment);
        }
    }

    /// <summary>
    /// <c>problemDetails.Detail = …</c> (also <c>Title</c>, <c>Type</c>, <c>Instance</c>) and
    /// <c>problemDetails.Extensions[key] = …</c> on an existing <c>ProblemDetails</c>: object initializers are
    /// inspected with the creation.
    /// </summary>
    private static void AnalyzeProblemDetailsWrite(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Instance: { } instance } target
            || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            return;
        }

        string sink;
        if (target.Property.Name is "Detail" or "Title" or "Type" or "Instance" && target.Property.ContainingType.InheritsFromOrEquals(symbols.ProblemDetails))
        {
            sink = "ProblemDetails." + target.Property.Name;
        }
        else if (target.Property.IsIndexer && IsExtensions(instance, symbols))
        {
            sink = "ProblemDetails.Extensions";
        }
        else
        {
            return;
        }

        Inspect(context, assignment.Value, sink, symbols);
    }

    /// <summary><c>problemDetails.Extensions</c> of an existing <c>ProblemDetails</c> (not of an object initializer).</summary>
    private static bool IsExtensions(IOperation? operation, Symbols symbols)
        => operation?.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Extensions", Instance: { } owner } extensions
           && owner is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
           && extensions.Property.ContainingType.InheritsFromOrEquals(symbols.ProblemDetails);

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.Arguments.Length == 0)
        {
            return;
        }

        if (invocation.TargetMethod.Name is "Add" or "TryAdd" && symbols.ProblemDetails is not null)
        {
            // problemDetails.Extensions.Add(key, value) and the TryAdd extension: the value, not the key.
            var dictionary = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod ? invocation.Arguments[0].Value : null);
            if (IsExtensions(dictionary, symbols) && invocation.GetArgument("value") is { } value)
            {
                Inspect(context, value.Value, "ProblemDetails.Extensions", symbols);
            }

            return;
        }

        if (!IsSinkCall(invocation, symbols) || IsInsideAnotherSink(invocation, symbols))
        {
            return;
        }

        var sink = invocation.TargetMethod.Name;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type is { } type && symbols.IsHttpResponse(type))
            {
                continue; // the receiver of the WriteAsync extension
            }

            Inspect(context, argument.Value, sink, symbols);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Symbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!symbols.IsResponseType(creation.Type) || IsInsideAnotherSink(creation, symbols))
        {
            return;
        }

        var sink = "new " + creation.Type!.Name;
        foreach (var argument in creation.Arguments)
        {
            Inspect(context, argument.Value, sink, symbols);
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation assignment)
                {
                    Inspect(context, assignment.Value, sink, symbols);
                }
                else
                {
                    Inspect(context, member, sink, symbols);
                }
            }
        }
    }

    private static bool IsSinkCall(IInvocationOperation invocation, Symbols symbols)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (method.IsStatic)
        {
            if (SymbolEqualityComparer.Default.Equals(type, symbols.Results) || SymbolEqualityComparer.Default.Equals(type, symbols.TypedResults))
            {
                return true;
            }

            return method.Name is "WriteAsync" or "WriteAsJsonAsync"
                   && method.Parameters.Length > 0 && symbols.IsHttpResponse(method.Parameters[0].Type);
        }

        return ControllerHelpers.Contains(method.Name)
               && symbols.Helpers.IsHelperType(type);
    }

    /// <summary>Whether a sink is itself an argument of a sink (<c>new ObjectResult(new ProblemDetails { … })</c>): the outer one reports.</summary>
    private static bool IsInsideAnotherSink(IOperation sink, Symbols symbols)
    {
        for (var current = sink.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IInvocationOperation call when call.Arguments.Length > 0 && IsSinkCall(call, symbols):
                    return true;
                case IObjectCreationOperation creation when symbols.IsResponseType(creation.Type):
                    return true;
                case IAnonymousFunctionOperation:
                case ILocalFunctionOperation:
                case IBlockOperation:
                    return false;
            }
        }

        return false;
    }

    private static void Inspect(OperationAnalysisContext context, IOperation value, string sink, Symbols symbols)
    {
        var found = new List<(IOperation Read, string Detail)>(2);
        ValueTrace<bool>.Of(new DetailPolicy(symbols, found), value);
        Report(context, found, sink);
    }

    /// <summary>
    /// The type the code has narrowed the exception to where its message is read: <c>if (exception is ConflictException)
    /// errorMessage = exception.Message;</c> in an exception filter shows the message of that type, not of any exception.
    /// Null when no enclosing condition tests the same exception's type.
    /// </summary>
    private static ITypeSymbol? NarrowedType(IOperation read, IOperation exception)
    {
        var child = read;
        for (var current = read.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IConditionalOperation conditional && conditional.WhenTrue == child && TestedType(conditional.Condition, exception) is { } tested)
            {
                return tested;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return null;
            }
        }

        return null;
    }

    private static ITypeSymbol? TestedType(IOperation condition, IOperation exception)
    {
        switch (condition.WalkDownConversions())
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return TestedType(and.LeftOperand, exception) ?? TestedType(and.RightOperand, exception);
            case IIsTypeOperation isType when SameValue(isType.ValueOperand, exception):
                return isType.TypeOperand;
            case IIsPatternOperation { Pattern: IDeclarationPatternOperation { MatchedType: { } matched } } pattern when SameValue(pattern.Value, exception):
                return matched;
            case IIsPatternOperation { Pattern: ITypePatternOperation { MatchedType: { } matched } } pattern when SameValue(pattern.Value, exception):
                return matched;
            default:
                return null;
        }
    }

    private static bool SameValue(IOperation tested, IOperation exception)
        => Microsoft.CodeAnalysis.CSharp.SyntaxFactory.AreEquivalent(tested.WalkDownConversions().Syntax, exception.WalkDownConversions().Syntax);

    /// <summary>
    /// Collects the exception details a value sent to a client reads (every operation inside it, not only the value
    /// itself) into its list; the trace's result is unused (always false). The trace follows the writes of the
    /// non-exception locals the value reads (every write with a value), entering each local once; an exception held in a
    /// local is <see cref="ExceptionOrigins"/>' question, and <c>?:</c> and <c>??</c> are read through their operations.
    /// </summary>
    private sealed class DetailPolicy : ValuePolicy<bool>
    {
        private readonly Symbols _symbols;
        private readonly List<(IOperation Read, string Detail)> _found;
        private readonly HashSet<ILocalSymbol> _visited = new(SymbolEqualityComparer.Default);

        public DetailPolicy(Symbols symbols, List<(IOperation Read, string Detail)> found)
        {
            _symbols = symbols;
            _found = found;
        }

        /// <summary>
        /// Three locals deep, not <see cref="FlowBudget.MaxDepth"/>: every step reads every operation of a write's value,
        /// and a detail copied through more locals than that is no longer the value the handler shapes for its reply.
        /// </summary>
        public override int MaxDepth => 3;

        public override bool Exhausted => false;

        public override bool Enters(ISymbol symbol) => symbol is not ILocalSymbol local || _visited.Add(local);

        public override bool Revisited(IOperation value, int depth) => false;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            Inspect(value, _symbols, _found, trace, depth);
            result = false;
            return true;
        }

        public override bool Leaf(IOperation value, int depth) => false;

        public override bool Merge(bool first, bool second) => false;

        /// <summary>Every write with a value.</summary>
        public override bool Follows(LocalWriteKind kind) => true;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;
    }

    private static void Inspect(IOperation top, Symbols symbols, List<(IOperation Read, string Detail)> found, ValueTrace<bool> trace, int depth)
    {
        if (ExceptionOrigins.IsException(top.Type) && IsDirectValue(top) && ExceptionOrigins.IsCaught(top, out _))
        {
            found.Add((top, "the whole object"));
            return;
        }

        foreach (var operation in top.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "Message" or "StackTrace" } read
                    when ExceptionOrigins.IsException(read.Property.ContainingType) && read.Instance is { } instance
                    && ExceptionOrigins.IsCaught(instance, out var caughtType):
                    if (read.Property.Name == "StackTrace")
                    {
                        found.Add((read, "the stack trace"));
                    }
                    else if (symbols.HasRevealingMessage(NarrowedType(read, instance) ?? caughtType))
                    {
                        found.Add((read, "the message"));
                    }

                    break;

                case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } instance } call
                    when ExceptionOrigins.IsException(instance.Type) && ExceptionOrigins.IsCaught(instance, out _):
                    found.Add((call, "the full text (message and stack trace)"));
                    break;

                case IAnonymousObjectCreationOperation anonymous:
                    foreach (var member in anonymous.Initializers)
                    {
                        if (member is ISimpleAssignmentOperation { Value: { } memberValue }
                            && memberValue.WalkDownConversions() is { } exception
                            && ExceptionOrigins.IsException(exception.Type) && ExceptionOrigins.IsCaught(exception, out _))
                        {
                            found.Add((exception, "the whole object"));
                        }
                    }

                    break;

                case ILocalReferenceOperation local when depth < 3 && !ExceptionOrigins.IsException(local.Type):
                    trace.Follow(local, depth); // its writes, one step further; each local entered once
                    break;
            }
        }
    }

    /// <summary>The value itself is the exception (<c>Ok(ex)</c>), not an argument of a call inside the value.</summary>
    private static bool IsDirectValue(IOperation value) => value.Parent is IArgumentOperation or IConversionOperation or ISimpleAssignmentOperation or IVariableInitializerOperation;

    /// <summary>
    /// One report per value sent: the first detail's location, the others as additional locations, every kind of detail
    /// named once (<c>Json(new { ex.Message, ex.StackTrace })</c> is one finding, "the message and the stack trace").
    /// </summary>
    private static void Report(OperationAnalysisContext context, List<(IOperation Read, string Detail)> found, string sink)
    {
        Location? first = null;
        List<Location>? others = null;
        var details = new List<string>(2);
        foreach (var (read, detail) in found)
        {
            if (DevelopmentGuards.IsInDevelopmentOnlyCode(read))
            {
                continue;
            }

            // ex.InnerException?.Message: report the whole conditional access, not the member binding.
            var reported = read;
            while (reported.Parent is IConditionalAccessOperation access && access.WhenNotNull == reported)
            {
                reported = access;
            }

            var location = reported.Syntax.GetLocation();
            if (first is null)
            {
                first = location;
            }
            else
            {
                (others ??= new List<Location>()).Add(location);
            }

            if (!details.Contains(detail))
            {
                details.Add(detail);
            }
        }

        if (first is null)
        {
            return;
        }

        var described = details.Count == 1
            ? details[0]
            : string.Join(", ", details.GetRange(0, details.Count - 1)) + " and " + details[details.Count - 1];
        context.Report(Diagnostic.Create(Rules.ExceptionDetailsExposed, first, others, sink, described));
    }

    private sealed class Symbols
    {
        private readonly ImmutableArray<INamedTypeSymbol> _revealingBases;

        private readonly ConcurrentDictionary<ITypeSymbol, bool> _responseTypes = new(SymbolEqualityComparer.Default);

        public Symbols(KnownTypes types)
        {
            HttpResponse = types.Get("Microsoft.AspNetCore.Http.HttpResponse");
            Helpers = MvcHelpers.Create(types);
            Results = types.Get("Microsoft.AspNetCore.Http.Results");
            TypedResults = types.Get("Microsoft.AspNetCore.Http.TypedResults");
            ActionResult = types.Get("Microsoft.AspNetCore.Mvc.IActionResult");
            Result = types.Get("Microsoft.AspNetCore.Http.IResult");
            ProblemDetails = types.Get("Microsoft.AspNetCore.Mvc.ProblemDetails");
            Exception = types.Get("System.Exception");
            SystemException = types.Get("System.SystemException");
            AggregateException = types.Get("System.AggregateException");
            var bases = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in new[]
                     {
                         "System.Data.Common.DbException", "Microsoft.EntityFrameworkCore.DbUpdateException", "System.IO.IOException",
                         "System.Net.Http.HttpRequestException", "System.Net.Sockets.SocketException", "System.Net.WebException",
                         "System.Security.Cryptography.CryptographicException", "System.UnauthorizedAccessException",
                     })
            {
                if (types.Get(name) is { } type)
                {
                    bases.Add(type);
                }
            }

            _revealingBases = bases.ToImmutable();
        }

        /// <summary>The controller and page model helpers (<c>Problem</c>, <c>Ok</c> …).</summary>
        public MvcHelpers Helpers { get; }

        public INamedTypeSymbol? Results { get; }

        public INamedTypeSymbol? TypedResults { get; }

        private INamedTypeSymbol? HttpResponse { get; }

        private INamedTypeSymbol? ActionResult { get; }

        private INamedTypeSymbol? Result { get; }

        public INamedTypeSymbol? ProblemDetails { get; }

        private INamedTypeSymbol? Exception { get; }

        private INamedTypeSymbol? SystemException { get; }

        private INamedTypeSymbol? AggregateException { get; }

        public bool IsHttpResponse(ITypeSymbol type) => type.InheritsFromOrEquals(HttpResponse);

        /// <remarks>
        /// Runs for every object creation. Implementing the non-generic <c>IActionResult</c>/<c>IResult</c> or deriving
        /// from the non-generic <c>ProblemDetails</c> does not depend on type arguments, so the answer is kept per
        /// declaration: the interface list of a type is rebuilt on every read, and most creations repeat a few types.
        /// </remarks>
        public bool IsResponseType(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            var definition = type.OriginalDefinition;
            if (_responseTypes.TryGetValue(definition, out var known))
            {
                return known;
            }

            var result = definition.IsOrImplements(ActionResult) || definition.IsOrImplements(Result) || definition.InheritsFromOrEquals(ProblemDetails);
            _responseTypes.TryAdd(definition, result);
            return result;
        }

        /// <summary>Whether the message of an exception caught as <paramref name="type"/> may carry internals (see the class summary).</summary>
        public bool HasRevealingMessage(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type, Exception) || SymbolEqualityComparer.Default.Equals(type, SystemException)
                || SymbolEqualityComparer.Default.Equals(type, AggregateException))
            {
                return true;
            }

            foreach (var revealing in _revealingBases)
            {
                if (type.InheritsFromOrEquals(revealing))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
