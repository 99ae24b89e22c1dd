using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>Minimal API endpoints: <c>app.MapPost("/x", handler)</c>, their handler delegates and the conventions chained onto them.</summary>
internal sealed class EndpointModel
{
    private readonly INamedTypeSymbol? _endpointExtensions;
    private readonly INamedTypeSymbol? _asParameters;
    private readonly INamedTypeSymbol? _delegate;
    private readonly MvcModel _mvc;

    private EndpointModel(KnownTypes types, MvcModel mvc)
    {
        _endpointExtensions = types.Get("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
        _asParameters = types.Get("Microsoft.AspNetCore.Http.AsParametersAttribute");
        _delegate = types.Get("System.Delegate");
        _mvc = mvc;
    }

    public bool IsAvailable => _endpointExtensions is not null;

    public static EndpointModel Create(KnownTypes types, MvcModel mvc) => new(types, mvc);

    /// <summary><c>Map</c>, <c>MapGet</c>, <c>MapPost</c> … of <c>EndpointRouteBuilderExtensions</c>.</summary>
    public bool IsMapMethod(IMethodSymbol method)
        => method.Name.StartsWith("Map", System.StringComparison.Ordinal)
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, _endpointExtensions);

    /// <summary>A Map method that can receive POST/PUT/PATCH/DELETE requests.</summary>
    /// <remarks>Checked for every invocation: a switch on the name, then the type.</remarks>
    public bool IsUnsafeMapMethod(IMethodSymbol method)
        => method.Name is "MapPost" or "MapPut" or "MapPatch" or "MapDelete" or "MapMethods" or "Map"
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, _endpointExtensions);

    /// <summary>
    /// Whether <paramref name="lambda"/> is the handler of a minimal-API endpoint: a lambda or anonymous method passed as
    /// the <c>Delegate</c> argument of a Map method of <c>EndpointRouteBuilderExtensions</c> (<c>app.MapGet("/x", (string q) => …)</c>).
    /// <paramref name="usage"/> is an operation inside the lambda, from which its creation is found.
    /// </summary>
    public bool IsHandler(IMethodSymbol lambda, IOperation usage)
    {
        if (_endpointExtensions is null)
        {
            return false;
        }

        for (var current = usage.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation function || !SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
            {
                continue;
            }

            var outer = function.Parent;
            while (outer is IDelegateCreationOperation or IConversionOperation)
            {
                outer = outer.Parent;
            }

            return outer is IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation invocation }
                && SymbolEqualityComparer.Default.Equals(parameter.Type, _delegate)
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, _endpointExtensions);
        }

        return false;
    }

    /// <summary>The handler's parameters (lambda, anonymous method or method group), or empty.</summary>
    public static ImmutableArray<IParameterSymbol> GetHandlerParameters(IInvocationOperation map)
        => GetHandlerMethod(map)?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;

    /// <summary>
    /// The handler's own symbol: the lambda or anonymous method written in the call, or the method or local function
    /// passed as a method group; null for a delegate held elsewhere.
    /// </summary>
    public static IMethodSymbol? GetHandlerMethod(IInvocationOperation map)
    {
        if (map.GetArgument("handler")?.Value.WalkDownConversions() is IDelegateCreationOperation creation)
        {
            switch (creation.Target.WalkDownConversions())
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case IMethodReferenceOperation reference:
                    return reference.Method;
            }
        }

        return null;
    }

    /// <summary>Whether the endpoint handler binds the form: <c>[FromForm]</c>, form files, form collection, also inside <c>[AsParameters]</c>.</summary>
    public bool BindsForm(IInvocationOperation map)
    {
        foreach (var parameter in GetHandlerParameters(map))
        {
            if (_mvc.IsFormParameter(parameter) || IsFormParameterObject(parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Walks a fluent chain down from <paramref name="value"/> (<c>app.MapPost(…).WithName(…)</c>, also through a local
    /// assigned once) to the Map invocation it starts from.
    /// </summary>
    public IInvocationOperation? FindMapInvocation(IOperation? value)
    {
        for (var depth = 0; value is not null && depth < 32; depth++)
        {
            value = value.WalkDownConversions();
            switch (value)
            {
                case IInvocationOperation invocation when IsMapMethod(invocation.TargetMethod):
                    return invocation;
                case IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } extension:
                    value = extension.Arguments[0].Value;
                    break;
                case IInvocationOperation { Instance: not null } instanceCall:
                    value = instanceCall.Instance;
                    break;
                case ILocalReferenceOperation local:
                    value = SingleValue(local);
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The conventions chained after <paramref name="map"/> in the same expression (<c>.DisableAntiforgery()</c> …).</summary>
    public static IEnumerable<IInvocationOperation> ChainedCalls(IInvocationOperation map)
    {
        IOperation current = map;
        for (var depth = 0; depth < 32; depth++)
        {
            var parent = current.Parent;
            while (parent is IConversionOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } extension } argument
                && extension.Arguments.Length > 0 && extension.Arguments[0] == argument)
            {
                yield return extension;
                current = extension;
            }
            else if (parent is IInvocationOperation call && call.Instance == current)
            {
                yield return call;
                current = call;
            }
            else
            {
                yield break;
            }
        }
    }

    private bool IsFormParameterObject(IParameterSymbol parameter)
    {
        if (!MvcModel.HasAttribute(parameter, _asParameters) || parameter.Type is not INamedTypeSymbol type)
        {
            return false;
        }

        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IPropertySymbol property when HasFormBinding(property, property.Type):
                    return true;
                case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                    foreach (var constructorParameter in constructor.Parameters)
                    {
                        if (_mvc.IsFormParameter(constructorParameter))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private bool HasFormBinding(ISymbol member, ITypeSymbol type) => _mvc.HasFormAttribute(member) || _mvc.IsFormType(type);

    private static IOperation? SingleValue(ILocalReferenceOperation reference)
    {
        if (!LocalFlowIndex.TryGetWrites(reference, out var writes) || writes.Count != 1)
        {
            return null;
        }

        return writes[0].Kind == LocalWriteKind.Initializer ? writes[0].Value : null;
    }
}
