using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>Where one side of a comparison comes from, as far as the method shows.</summary>
internal enum ComparandOrigin
{
    /// <summary>The server's own values: constants, its fields and settings, results of its own calls on such values.</summary>
    Server,

    /// <summary>Sent by the client: bound action, page-handler and endpoint parameters and models, request headers, query, form, cookies.</summary>
    Request,

    /// <summary>Anything else, parameters of ordinary methods first among them: whatever the callers pass, request data included.</summary>
    Unknown,
}

/// <summary>
/// Classifies the sides of a secret comparison (<see cref="NonConstantTimeComparisonAnalyzer"/>). A comparison leaks
/// something only when one side is the server's secret and the other can be chosen by the client: two server values
/// (an internal handle against the stored one, a setting against a value the server fetched itself) or two values
/// the client sent (a posted hash against its repetition in the same model) are not reported. Ordinary method
/// parameters are <see cref="ComparandOrigin.Unknown"/>: callers in other projects cannot be seen, and a helper such as
/// <c>VerifySignature(string expected, string actual)</c> exists to check what a caller received.
/// Only called for comparisons that already involve a secret, so the walk may allocate.
/// </summary>
internal readonly struct ComparandOrigins
{
    private const int MaxDepth = 10;

    private readonly RequestInputs _requests;
    private readonly INamedTypeSymbol? _validatableObject;
    private readonly INamedTypeSymbol? _claim;
    private readonly INamedTypeSymbol? _claimsPrincipal;

    public ComparandOrigins(RequestInputs requests, INamedTypeSymbol? validatableObject, INamedTypeSymbol? claim = null, INamedTypeSymbol? claimsPrincipal = null)
    {
        _requests = requests;
        _validatableObject = validatableObject;
        _claim = claim;
        _claimsPrincipal = claimsPrincipal;
    }

    /// <summary>
    /// Whether one side is the value of a claim of an authenticated principal (<c>principal.FindFirst(…).Value</c>,
    /// <c>User.FindFirstValue(…)</c>) and the other was not sent with the request: the authentication handler issued the
    /// claim (a data-protected cookie, a signed token), so the client cannot vary it to time the comparison, as when a
    /// security stamp in the sign-in cookie is checked against the stored one.
    /// </summary>
    public bool IsIssuedClaimCheck(IOperation left, IOperation right)
        => (IsClaimValue(left, 0) && Of(right, 0) != ComparandOrigin.Request) || (IsClaimValue(right, 0) && Of(left, 0) != ComparandOrigin.Request);

    private bool IsClaimValue(IOperation operation, int depth)
    {
        if (_claim is null || depth > 2)
        {
            return false;
        }

        switch (ComparisonOperands.Unwrap(operation))
        {
            case IPropertyReferenceOperation { Property.Name: "Value" } property:
                return SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _claim);
            case IInvocationOperation { TargetMethod.Name: "FindFirstValue" } invocation:
                return SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _claimsPrincipal)
                    || (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                        && SymbolEqualityComparer.Default.Equals(invocation.Arguments[0].Value.WalkDownConversions().Type, _claimsPrincipal));
            case ILocalReferenceOperation local:
                var writes = new List<LocalWrite>();
                if (!LocalValues.CollectWrites(local.GetRoot(), local.Local, writes) || writes.Count == 0)
                {
                    return false;
                }

                foreach (var write in writes)
                {
                    if (write.Value is not { } value || !IsClaimValue(value, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether neither side can be chosen by the client, or both are: nothing secret is compared with attacker input.</summary>
    public bool IsSameTrust(IOperation left, IOperation right)
    {
        var leftOrigin = Of(left, 0);
        return leftOrigin != ComparandOrigin.Unknown && leftOrigin == Of(right, 0);
    }

    public ComparandOrigin Of(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return ComparandOrigin.Unknown;
        }

        var value = ComparisonOperands.Unwrap(operation);
        if (value.ConstantValue.HasValue)
        {
            return ComparandOrigin.Server;
        }

        switch (value)
        {
            case IParameterReferenceOperation parameter:
                return _requests.IsRequestBoundValue(parameter.Parameter, parameter) ? ComparandOrigin.Request : ComparandOrigin.Unknown;

            case IInstanceReferenceOperation:
            case IDefaultValueOperation:
            case ITypeOfOperation:
            case INameOfOperation:
                return ComparandOrigin.Server;

            case ILocalReferenceOperation local:
                return OfLocal(local, depth);

            case IFieldReferenceOperation field:
                return field.Instance is null || field.Field.IsStatic ? ComparandOrigin.Server : OfMember(field.Instance, depth);

            case IPropertyReferenceOperation property:
                return OfProperty(property, depth);

            case IArrayElementReferenceOperation element:
                return Of(element.ArrayReference, depth + 1);

            case IAwaitOperation awaited:
                return Of(awaited.Operation, depth + 1);

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Combine(Of(conditional.WhenTrue, depth + 1), Of(whenFalse, depth + 1));

            case ICoalesceOperation coalesce:
                return Combine(Of(coalesce.Value, depth + 1), Of(coalesce.WhenNull, depth + 1));

            case IBinaryOperation binary:
                return Combine(Of(binary.LeftOperand, depth + 1), Of(binary.RightOperand, depth + 1));

            case IInterpolatedStringOperation interpolated:
                var parts = ComparandOrigin.Server;
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole)
                    {
                        parts = Combine(parts, Of(hole.Expression, depth + 1));
                    }
                }

                return parts;

            case IInvocationOperation invocation:
                return OfCall(invocation.TargetMethod, invocation.Instance, invocation.Arguments, depth);

            case IObjectCreationOperation creation:
                return OfCall(creation.Constructor, null, creation.Arguments, depth);

            default:
                return ComparandOrigin.Unknown;
        }
    }

    private ComparandOrigin OfProperty(IPropertyReferenceOperation reference, int depth)
    {
        var property = reference.Property;
        if (_requests.IsRequestRead(reference) || _requests.IsBoundMember(property) || _requests.IsHttpRequest(property.Type)
            || _requests.IsHttpRequest(reference.Instance?.Type))
        {
            return ComparandOrigin.Request;
        }

        var instance = reference.Instance;
        if (instance is null || property.IsStatic)
        {
            return ComparandOrigin.Server;
        }

        // IValidatableObject.Validate runs on the model the framework bound from the request: its settable properties are input.
        if (instance is IInstanceReferenceOperation && property.SetMethod is not null && property.ContainingType.IsOrImplements(_validatableObject))
        {
            return ComparandOrigin.Request;
        }

        if (property.IsIndexer)
        {
            var origin = Of(instance, depth + 1);
            foreach (var argument in reference.Arguments)
            {
                origin = Combine(origin, Of(argument.Value, depth + 1));
            }

            return origin;
        }

        return OfMember(instance, depth);
    }

    /// <summary>A member read: as trusted as the object it is read from.</summary>
    private ComparandOrigin OfMember(IOperation instance, int depth) => Of(instance, depth + 1);

    private ComparandOrigin OfCall(IMethodSymbol? method, IOperation? instance, ImmutableArray<IArgumentOperation> arguments, int depth)
    {
        if (method is null)
        {
            return ComparandOrigin.Unknown;
        }

        var origin = instance is null ? ComparandOrigin.Server : Of(instance, depth + 1);
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            origin = argument.Value is IDelegateCreationOperation or IAnonymousFunctionOperation
                ? ComparandOrigin.Unknown
                : Combine(origin, Of(argument.Value, depth + 1));
            if (origin == ComparandOrigin.Unknown)
            {
                break;
            }
        }

        // Framework conversions keep what they convert (Request.Headers["X-Signature"].ToString(), reading the body).
        // A hash, MAC or derived key of client data, or whatever the project's own code makes of it, is not the
        // client's to predict: such a value is never counted as the client's.
        if (origin == ComparandOrigin.Request && (!IsFramework(method.ContainingType) || IsCrypto(method.ContainingType)))
        {
            return ComparandOrigin.Unknown;
        }

        return origin;
    }

    private static bool IsFramework(INamedTypeSymbol? type)
    {
        var ns = type?.ContainingNamespace;
        return ns.IsWithinNamespace("System") || ns.IsWithinNamespace("Microsoft");
    }

    private static bool IsCrypto(INamedTypeSymbol? type)
    {
        var ns = type?.ContainingNamespace;
        return ns.IsWithinNamespace("System.Security.Cryptography") || ns.IsWithinNamespace("Microsoft.AspNetCore.Cryptography")
            || ns.IsWithinNamespace("Microsoft.IdentityModel.Tokens");
    }

    private ComparandOrigin OfLocal(ILocalReferenceOperation local, int depth)
    {
        var writes = new List<LocalWrite>();
        if (!LocalValues.CollectWrites(local.GetRoot(), local.Local, writes) || writes.Count == 0)
        {
            return ComparandOrigin.Unknown;
        }

        ComparandOrigin? origin = null;
        foreach (var write in writes)
        {
            ComparandOrigin written;
            if (write.Value is { } value && write.Kind is LocalWriteKind.Initializer or LocalWriteKind.Assignment or LocalWriteKind.CompoundAssignment)
            {
                written = Of(value, depth + 1);
            }
            else if (write.Operation is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "TryGetValue", Instance: { } collection } }
                     && _requests.IsRequestCollection(collection.Type))
            {
                written = ComparandOrigin.Request; // Request.Headers.TryGetValue("X-Signature", out var signature)
            }
            else
            {
                return ComparandOrigin.Unknown;
            }

            origin = origin is { } known ? Combine(known, written) : written;
            if (origin == ComparandOrigin.Unknown)
            {
                break;
            }
        }

        return origin ?? ComparandOrigin.Unknown;
    }

    private static ComparandOrigin Combine(ComparandOrigin a, ComparandOrigin b) => a == b ? a : ComparandOrigin.Unknown;
}

/// <summary>What a comparison operand stands for once wrappers that do not change the value are removed.</summary>
internal static class ComparisonOperands
{
    /// <summary>Conversions, parentheses and <c>?? throw …</c>: <c>model.Password ?? throw new ArgumentException()</c> is <c>model.Password</c>.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        var current = operation.WalkDownConversions();
        while (current is ICoalesceOperation coalesce && coalesce.WhenNull.WalkDownConversions() is IThrowOperation)
        {
            current = coalesce.Value.WalkDownConversions();
        }

        return current;
    }
}
