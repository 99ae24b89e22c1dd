using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;
using SecureBackend.Analyzers.Infrastructure.Flow;

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
/// A policy over <see cref="ValueTrace{T}"/>: values that may both reach a side keep an origin only when they agree.
/// Only called for comparisons that already involve a secret.
/// </summary>
internal sealed class ComparandOrigins : ValuePolicy<ComparandOrigin>
{
    private readonly RequestInputs _requests;
    private readonly INamedTypeSymbol? _validatableObject;
    private readonly ClaimValues _claims;

    public ComparandOrigins(RequestInputs requests, INamedTypeSymbol? validatableObject, INamedTypeSymbol? claim = null, INamedTypeSymbol? claimsPrincipal = null)
    {
        _requests = requests;
        _validatableObject = validatableObject;
        _claims = new ClaimValues(claim, claimsPrincipal);
    }

    /// <summary>
    /// 10, not <see cref="FlowBudget.MaxDepth"/>: every step reads all operands and arguments of what it meets, so the
    /// work grows with the fan-out; past it the origin is <see cref="ComparandOrigin.Unknown"/>, which is not reported.
    /// </summary>
    public override int MaxDepth => 10;

    public override ComparandOrigin Exhausted => ComparandOrigin.Unknown;

    /// <summary>
    /// Whether one side is the value of a claim of an authenticated principal (<c>principal.FindFirst(…).Value</c>,
    /// <c>User.FindFirstValue(…)</c>) and the other was not sent with the request: the authentication handler issued the
    /// claim (a data-protected cookie, a signed token), so the client cannot vary it to time the comparison, as when a
    /// security stamp in the sign-in cookie is checked against the stored one.
    /// </summary>
    public bool IsIssuedClaimCheck(IOperation left, IOperation right)
        => (IsClaimValue(left) && Of(right) != ComparandOrigin.Request) || (IsClaimValue(right) && Of(left) != ComparandOrigin.Request);

    private bool IsClaimValue(IOperation operation) => _claims.Claim is not null && ValueTrace<bool>.Of(_claims, operation);

    /// <summary>Whether neither side can be chosen by the client, or both are: nothing secret is compared with attacker input.</summary>
    public bool IsSameTrust(IOperation left, IOperation right)
    {
        var leftOrigin = Of(left);
        return leftOrigin != ComparandOrigin.Unknown && leftOrigin == Of(right);
    }

    public ComparandOrigin Of(IOperation operation) => ValueTrace<ComparandOrigin>.Of(this, operation);

    public override ComparandOrigin Merge(ComparandOrigin first, ComparandOrigin second) => first == second ? first : ComparandOrigin.Unknown;

    public override bool IsSettled(ComparandOrigin result) => result == ComparandOrigin.Unknown;

    public override bool Follows(LocalWriteKind kind) => kind is LocalWriteKind.Initializer or LocalWriteKind.Assignment or LocalWriteKind.CompoundAssignment;

    public override ComparandOrigin Unseen(ILocalReferenceOperation local, LocalWrite? write)
        => write?.Operation is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "TryGetValue", Instance: { } collection } }
           && _requests.IsRequestCollection(collection.Type)
            ? ComparandOrigin.Request // Request.Headers.TryGetValue("X-Signature", out var signature)
            : ComparandOrigin.Unknown;

    public override ComparandOrigin Leaf(IOperation value, int depth) => ComparandOrigin.Unknown;

    public override bool TryRead(IOperation value, ValueTrace<ComparandOrigin> trace, int depth, out ComparandOrigin origin)
    {
        if (value is ICoalesceOperation coalesce && coalesce.WhenNull.WalkDownConversions() is IThrowOperation)
        {
            origin = trace.Of(coalesce.Value, depth); // model.Password ?? throw …
            return true;
        }

        origin = Read(value, trace, depth);
        return value is not (ILocalReferenceOperation or IConditionalOperation { WhenFalse: not null } or ICoalesceOperation) || value.ConstantValue.HasValue;
    }

    private ComparandOrigin Read(IOperation value, ValueTrace<ComparandOrigin> trace, int depth)
    {
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

            case IFieldReferenceOperation field:
                return field.Instance is null || field.Field.IsStatic ? ComparandOrigin.Server : trace.Of(field.Instance, depth + 1);

            case IPropertyReferenceOperation property:
                return OfProperty(property, trace, depth);

            case IArrayElementReferenceOperation element:
                return trace.Of(element.ArrayReference, depth + 1);

            case IAwaitOperation awaited:
                return trace.Of(awaited.Operation, depth + 1);

            case IBinaryOperation binary:
                return Merge(trace.Of(binary.LeftOperand, depth + 1), trace.Of(binary.RightOperand, depth + 1));

            case IInterpolatedStringOperation interpolated:
                var parts = ComparandOrigin.Server;
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole)
                    {
                        parts = Merge(parts, trace.Of(hole.Expression, depth + 1));
                    }
                }

                return parts;

            case IInvocationOperation invocation:
                return OfCall(invocation.TargetMethod, invocation.Instance, invocation.Arguments, trace, depth);

            case IObjectCreationOperation creation:
                return OfCall(creation.Constructor, null, creation.Arguments, trace, depth);

            default:
                return ComparandOrigin.Unknown;
        }
    }

    private ComparandOrigin OfProperty(IPropertyReferenceOperation reference, ValueTrace<ComparandOrigin> trace, int depth)
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

        // A member read is as trusted as the object it is read from; an indexer also as its arguments.
        var origin = trace.Of(instance, depth + 1);
        if (property.IsIndexer)
        {
            foreach (var argument in reference.Arguments)
            {
                origin = Merge(origin, trace.Of(argument.Value, depth + 1));
            }
        }

        return origin;
    }

    private ComparandOrigin OfCall(IMethodSymbol? method, IOperation? instance, ImmutableArray<IArgumentOperation> arguments, ValueTrace<ComparandOrigin> trace, int depth)
    {
        if (method is null)
        {
            return ComparandOrigin.Unknown;
        }

        var origin = instance is null ? ComparandOrigin.Server : trace.Of(instance, depth + 1);
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            origin = argument.Value is IDelegateCreationOperation or IAnonymousFunctionOperation
                ? ComparandOrigin.Unknown
                : Merge(origin, trace.Of(argument.Value, depth + 1));
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

    /// <summary>Whether a value is a claim's value (<c>claim.Value</c>, <c>principal.FindFirstValue(…)</c>), directly or through locals every write of which is one.</summary>
    private sealed class ClaimValues : ValuePolicy<bool>
    {
        public ClaimValues(INamedTypeSymbol? claim, INamedTypeSymbol? claimsPrincipal)
        {
            Claim = claim;
            ClaimsPrincipal = claimsPrincipal;
        }

        public INamedTypeSymbol? Claim { get; }

        public INamedTypeSymbol? ClaimsPrincipal { get; }

        /// <summary>2, not <see cref="FlowBudget.MaxDepth"/>: the exempted check reads the claim's value directly or through a local.</summary>
        public override int MaxDepth => 2;

        public override bool Exhausted => false;

        public override bool Merge(bool first, bool second) => first && second;

        public override bool IsSettled(bool result) => !result;

        public override bool Follows(LocalWriteKind kind) => true;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;

        public override bool Leaf(IOperation value, int depth) => false;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            if (value is ICoalesceOperation coalesce && coalesce.WhenNull.WalkDownConversions() is IThrowOperation)
            {
                result = trace.Of(coalesce.Value, depth);
                return true;
            }

            result = value switch
            {
                IPropertyReferenceOperation { Property.Name: "Value" } property => SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, Claim),
                IInvocationOperation { TargetMethod.Name: "FindFirstValue" } invocation =>
                    SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, ClaimsPrincipal)
                    || (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                        && SymbolEqualityComparer.Default.Equals(invocation.Arguments[0].Value.WalkDownConversions().Type, ClaimsPrincipal)),
                _ => false,
            };
            return value is not ILocalReferenceOperation;
        }
    }
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
