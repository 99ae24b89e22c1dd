using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure.Names;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// SB2006: <c>==</c>/<c>!=</c> on strings, <c>string.Equals</c>, <c>StringComparer.*.Equals</c>,
/// <c>string.Compare*(…) == 0</c>, <c>Enumerable.SequenceEqual</c> and <c>MemoryExtensions.SequenceEqual</c> on
/// bytes, when one side is a secret: by name (password hashes, HMACs, signatures, tokens, API keys, one-time codes)
/// or by origin (the output of an HMAC, of PBKDF2/Argon2, or of a hash over a password-named value), also through
/// <c>Convert.ToBase64String</c>/<c>ToHexString</c>, <c>Encoding.GetBytes</c> and locals, and one level into the
/// project's own methods: a call handed a password-named argument that returns bytes or text (a key or hash derived
/// from the password), or a method of this compilation whose bound body returns such an origin or a secret-named value
/// (see <see cref="ProjectMethodSecrets"/>; the callee's own calls are not followed). Comparisons with
/// constants, <c>null</c> or empty values, inside expression trees (database queries) and inside a type's own
/// equality members are left alone, as are password-confirmation checks between two user inputs.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonConstantTimeComparisonAnalyzer : SecureBackendAnalyzer
{
    private static readonly HashSet<string> EqualityMembers = NameSet.Of(
        "Equals", "GetHashCode", "CompareTo", "op_Equality", "op_Inequality");

    private static readonly HashSet<string> TextCaseMethods = NameSet.Of(
        "ToLower", "ToUpper", "ToLowerInvariant", "ToUpperInvariant", "Trim", "TrimEnd", "TrimStart", "Replace", "Normalize", "ToString", "AsSpan", "ToArray");

    private static readonly HashSet<string> EncodingMethods = NameSet.Of(
        "ToBase64String", "ToHexString", "ToHexStringLower", "FromBase64String", "FromHexString", "ToString", "GetBytes", "GetString",
        "Base64UrlEncode", "Base64UrlDecode", "Encode", "Decode", "DecodeBytes", "UrlEncode", "UrlDecode", "AsSpan", "AsMemory");

    private static readonly HashSet<string> HashMethods = NameSet.Of(
        "ComputeHash", "TryComputeHash", "HashData", "HashDataAsync", "TryHashData", "ComputeHashAsync", "GetHashAndReset", "GetCurrentHash",
        "Hash", "GetHash", "CalculateHash", "GenerateHash", "CreateHash", "HashString");

    private static readonly HashSet<string> PasswordWords = NameSet.Of(
        "password", "passwd", "pwd", "passphrase", "passcode", "pin", "passwords");

    private static readonly HashSet<string> ConfirmationWords = NameSet.Of(
        "confirm", "confirmation", "confirmed", "repeat", "repeated", "retype", "retyped", "again", "new", "old", "previous", "prev", "verify");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.NonConstantTimeComparison);

    protected override bool IsRelevant(KnownTypes types) => true;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var symbols = new Symbols(types, new SecretNameMatchers(SecretNameMatcher.Comparands, RuleIds.NonConstantTimeComparison));
        context.RegisterOperationAction(c => AnalyzeBinary(c, symbols), OperationKind.Binary);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
    }

    private static void AnalyzeBinary(OperationAnalysisContext context, Symbols symbols)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        var left = ComparisonOperands.Unwrap(binary.LeftOperand);
        var right = ComparisonOperands.Unwrap(binary.RightOperand);
        if (IsStringLike(left.Type, symbols) && IsStringLike(right.Type, symbols) && (IsString(left.Type) || IsString(right.Type)))
        {
            Analyze(context, symbols, binary, left, right, binary.OperatorKind == BinaryOperatorKind.Equals ? "==" : "!=");
            return;
        }

        // string.Compare(a, b) == 0, string.CompareOrdinal(a, b) != 0, a.CompareTo(b) == 0
        var (compare, zero) = left is IInvocationOperation ? (left, right) : (right, left);
        if (compare is IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String } method } invocation
            && method.Name is "Compare" or "CompareOrdinal" or "CompareTo"
            && zero.ConstantValue is { HasValue: true, Value: 0 }
            && TryGetStringPair(invocation, out var a, out var b))
        {
            Analyze(context, symbols, binary, a, b, "string." + method.Name);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Equals" when method.ContainingType.SpecialType == SpecialType.System_String
                               || method.ContainingType.InheritsFromOrEquals(symbols.StringComparer):
                if (TryGetStringPair(invocation, out var a, out var b))
                {
                    Analyze(context, symbols, invocation, a, b, method.ContainingType.SpecialType == SpecialType.System_String ? "string.Equals" : "StringComparer.Equals");
                }

                break;

            case "SequenceEqual" when IsByteOrCharSequenceComparison(invocation, symbols):
                var first = invocation.Instance ?? invocation.Arguments[0].Value;
                var second = invocation.Instance is null ? invocation.Arguments[1].Value : invocation.Arguments[0].Value;
                Analyze(context, symbols, invocation, ComparisonOperands.Unwrap(first), ComparisonOperands.Unwrap(second), "SequenceEqual");
                break;
        }
    }

    private static void Analyze(OperationAnalysisContext context, Symbols symbols, IOperation comparison, IOperation left, IOperation right, string comparer)
    {
        if (IsConstantOrEmpty(left) || IsConstantOrEmpty(right) || IsInEqualityMember(context.ContainingSymbol) || IsInExpressionTree(comparison, symbols))
        {
            return;
        }

        var tree = comparison.Syntax.SyntaxTree;
        if (SecretsScope.IsSuppressed(symbols.IsTestProject, context.Options, tree))
        {
            return;
        }

        var names = symbols.Names.For(context.Options, tree);
        if (IsConfirmationCheck(left) || IsConfirmationCheck(right))
        {
            return;
        }

        var secret = DirectName(left, names) ?? DirectName(right, names);
        if (secret is null)
        {
            var lookup = new SecretPolicy(names, PasswordNames.For(context.Options, tree), symbols, context.Options, followMethods: true, context.CancellationToken);
            secret = lookup.Of(left) ?? lookup.Of(right);
            if (secret is not null && (IsConfirmationPair(left, right, lookup.Passwords) || IsConfirmationPair(right, left, lookup.Passwords)))
            {
                return;
            }
        }

        // A secret compared with a value the client chose leaks it; two server values (an internal handle, a value the
        // server fetched itself) or two client values (a posted hash and its repetition) do not.
        if (secret is not null && !symbols.Origins.IsSameTrust(left, right)
            && !symbols.Origins.IsIssuedClaimCheck(left, right)
            && !IsHandleLookup(comparison, left, right, symbols.Origins))
        {
            context.Report(Diagnostic.Create(Rules.NonConstantTimeComparison, comparison.Syntax.GetLocation(), secret, comparer));
        }
    }

    /// <summary>
    /// <c>reservations.RemoveAll(x => x.Token == token)</c>: a predicate that finds the record holding a handle called
    /// just <c>Token</c> (reservations, uploads, continuation and concurrency handles), neither side sent with the
    /// request. Lookups by a qualified secret (<c>c.ApiKey == apiKey</c>, <c>u.ResetToken == token</c>) stay reported.
    /// </summary>
    private static bool IsHandleLookup(IOperation comparison, IOperation left, IOperation right, ComparandOrigins origins)
    {
        var parent = comparison.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        if (parent is not IReturnOperation { Parent: IBlockOperation { Parent: IAnonymousFunctionOperation lambda } }
            || lambda.Symbol.Parameters.Length != 1)
        {
            return false;
        }

        var element = lambda.Symbol.Parameters[0];
        return (IsHandleOf(left, element) && IsPlainHandleName(NameOf(right)) && origins.Of(right) != ComparandOrigin.Request)
            || (IsHandleOf(right, element) && IsPlainHandleName(NameOf(left)) && origins.Of(left) != ComparandOrigin.Request);
    }

    private static bool IsHandleOf(IOperation operand, IParameterSymbol element)
        => ComparisonOperands.Unwrap(operand) is IMemberReferenceOperation { Instance: IParameterReferenceOperation instance } member
            && SymbolEqualityComparer.Default.Equals(instance.Parameter, element)
            && member.Member.Kind is SymbolKind.Property or SymbolKind.Field
            && IsPlainHandleName(member.Member.Name);

    private static bool IsPlainHandleName(string? name)
        => name is not null && string.Equals(name.TrimStart('_'), "token", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>The operand's own name when it is a secret name (preferred in the message over where a value came from).</summary>
    private static string? DirectName(IOperation operation, SecretNameMatcher names)
    {
        var name = NameOf(operation);
        return name is not null && names.Matches(name) ? name : null;
    }

    private static string? NameOf(IOperation operation) => ComparisonOperands.Unwrap(operation) switch
    {
        ILocalReferenceOperation local => local.Local.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        IFieldReferenceOperation field => field.Field.Name,
        IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property.Name,
        _ => null,
    };

    /// <summary>The secret a call's result carries (re-encodings, MACs, derived keys, hashes of secrets, the project's helpers), or null.</summary>
    private static string? SecretFromInvocation(IInvocationOperation invocation, SecretPolicy lookup, ValueTrace<string?> trace, int depth)
    {
        var names = lookup.Names;
        var symbols = lookup.Symbols;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;

        // Re-encodings keep the secret: Convert.ToBase64String(mac), Encoding.UTF8.GetBytes(token), token.ToLowerInvariant().
        if (invocation.Instance is { } instance && type.SpecialType == SpecialType.System_String && TextCaseMethods.Contains(method.Name))
        {
            return trace.Of(instance, depth + 1);
        }

        if (EncodingMethods.Contains(method.Name) && invocation.Arguments.Length > 0 && IsFrameworkType(type))
        {
            return trace.Of(invocation.Arguments[0].Value, depth + 1);
        }

        // MACs and password-derived keys.
        if (HashMethods.Contains(method.Name))
        {
            var receiverType = invocation.Instance?.Type ?? type;
            if (receiverType.InheritsFromOrEquals(symbols.KeyedHashAlgorithm))
            {
                return receiverType.Name + "." + method.Name;
            }

            // A plain hash is a secret only when it hashes a secret (SHA256.HashData(Encoding.UTF8.GetBytes(password))).
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType is not SpecialType.System_Int32 && lookup.IsSecretInput(argument.Value, depth + 1))
                {
                    return receiverType.Name + "." + method.Name;
                }
            }

            if (method.DeclaringSyntaxReferences.IsDefaultOrEmpty)
            {
                return null; // a library hash of ordinary data; the project's own ComputeHash(...) is looked into below
            }
        }

        if ((method.Name == "Pbkdf2" && (SymbolEqualityComparer.Default.Equals(type, symbols.KeyDerivation) || SymbolEqualityComparer.Default.Equals(type, symbols.Rfc2898DeriveBytes)))
            || (method.Name is "GetBytes" or "GetBytesAsync" && (type.InheritsFromOrEquals(symbols.Rfc2898DeriveBytes) || type.InheritsFromOrEquals(symbols.Argon2))))
        {
            return type.Name + "." + method.Name;
        }

        // The project's own helpers: HashPassword(...), ComputeSignature(...), GetApiKey().
        if (names.Matches(method.Name))
        {
            return method.Name;
        }

        return lookup.FollowMethods ? SecretFromCallee(invocation, lookup) : null;
    }

    /// <summary>
    /// One level into the callee, for calls that return bytes or text: a key or hash derived from a password-named
    /// argument (<c>DeriveKey(password, salt)</c>), or a method of this compilation whose body returns a MAC, a derived
    /// key, a hash of a secret or a secret-named value. The callee's own calls are not followed.
    /// </summary>
    private static string? SecretFromCallee(IInvocationOperation invocation, SecretPolicy lookup)
    {
        var method = invocation.TargetMethod;
        if (!ReturnsBytesOrText(method.ReturnType))
        {
            return null;
        }

        if (HasArgument(invocation, lookup.Passwords, confirmationOnly: false))
        {
            return method.Name;
        }

        var definition = method.OriginalDefinition;
        if (definition.DeclaringSyntaxReferences.IsDefaultOrEmpty && definition.PartialImplementationPart is null)
        {
            return null;
        }

        var helpers = lookup.Symbols.ProjectMethods;
        if (!helpers.TryGetKnown(definition, out var origin))
        {
            origin = ReturnedSecret(definition, invocation.SemanticModel, lookup);
            helpers.Remember(definition, origin);
        }

        return origin is null ? null : method.Name;
    }

    /// <summary>The secret a project method returns (read from its bound body), or null.</summary>
    private static string? ReturnedSecret(IMethodSymbol method, SemanticModel? callerModel, SecretPolicy lookup)
    {
        var declaration = (method.PartialImplementationPart ?? method).DeclaringSyntaxReferences;
        if (callerModel is null || declaration.IsDefaultOrEmpty)
        {
            return null;
        }

        var names = lookup.Symbols.Names.For(lookup.Options, declaration[0].SyntaxTree);
        var bodies = new System.Collections.Generic.List<IOperation>(1);
        ProjectMethodSecrets.CollectBodies(method, callerModel, names, bodies, lookup.CancellationToken);
        var inner = lookup.InCallee(names);
        foreach (var body in bodies)
        {
            if (SecretReturnedBy(body, inner) is { } origin)
            {
                return origin;
            }
        }

        return null;
    }

    /// <summary>The secret a value the body returns (not one of its lambdas or local functions) carries, or null.</summary>
    private static string? SecretReturnedBy(IOperation body, SecretPolicy lookup)
    {
        var pending = new System.Collections.Generic.Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } returned } && lookup.Of(returned) is { } origin)
            {
                return origin;
            }

            foreach (var child in current.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// <c>Hash(model.Password) == Hash(model.ConfirmPassword)</c>: a value derived from a confirmation input compared
    /// with one derived from another password input, both typed by the user (unlike <c>Hash(model.OldPassword) != user.Hash</c>).
    /// </summary>
    private static bool IsConfirmationPair(IOperation confirmation, IOperation other, PasswordNames passwords)
    {
        if (ComparisonOperands.Unwrap(confirmation) is not IInvocationOperation derived || !HasArgument(derived, passwords, confirmationOnly: true))
        {
            return false;
        }

        var value = ComparisonOperands.Unwrap(other);
        return value is IInvocationOperation invocation
            ? HasArgument(invocation, passwords, confirmationOnly: false)
            : NameOf(value) is { } name && passwords.IsPasswordName(name);
    }

    /// <summary>Whether an explicit argument holds a password (<c>password</c>, <c>model.Password</c>), or only a confirmation input.</summary>
    private static bool HasArgument(IInvocationOperation invocation, PasswordNames passwords, bool confirmationOnly)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && NameOf(argument.Value) is { } name
                && (confirmationOnly ? IsConfirmationName(name) : passwords.IsPasswordName(name)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReturnsBytesOrText(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task)
        {
            type = task.TypeArguments[0];
        }

        return type.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte, Rank: 1 };
    }

    /// <summary><c>model.Password == model.ConfirmPassword</c>, <c>NewPassword != OldPassword</c>: both sides come from the user.</summary>
    private static bool IsConfirmationCheck(IOperation operation) => NameOf(operation) is { } name && IsConfirmationName(name);

    private static bool IsConfirmationName(string name)
    {
        var words = IdentifierWords.Split(name);
        var confirmation = false;
        var password = false;
        foreach (var word in words)
        {
            confirmation |= ConfirmationWords.Contains(word);
            password |= PasswordWords.Contains(word);
        }

        return confirmation && password;
    }

    private static bool TryGetStringPair(IInvocationOperation invocation, out IOperation left, out IOperation right)
    {
        left = null!;
        right = null!;
        IOperation? first = invocation.Instance is { } instance && instance.Type?.SpecialType == SpecialType.System_String ? instance : null;
        IOperation? second = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType is not (SpecialType.System_String or SpecialType.System_Object))
            {
                continue;
            }

            var value = ComparisonOperands.Unwrap(argument.Value);
            if (!IsString(value.Type) && !IsNullOrDefault(value))
            {
                return false;
            }

            if (first is null)
            {
                first = value;
            }
            else if (second is null)
            {
                second = value;
            }
        }

        if (first is null || second is null)
        {
            return false;
        }

        left = ComparisonOperands.Unwrap(first);
        right = second;
        return true;
    }

    private static bool IsByteOrCharSequenceComparison(IInvocationOperation invocation, Symbols symbols)
    {
        var method = invocation.TargetMethod;
        if (method.TypeArguments.Length != 1 || method.TypeArguments[0].SpecialType is not (SpecialType.System_Byte or SpecialType.System_Char))
        {
            return false;
        }

        var type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, symbols.Enumerable))
        {
            return invocation.Arguments.Length == 2;
        }

        return SymbolEqualityComparer.Default.Equals(type, symbols.MemoryExtensions)
               && invocation.Arguments.Length == (invocation.Instance is null ? 2 : 1);
    }

    private static bool IsString(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_String;

    /// <summary>Strings and <c>StringValues</c> (<c>Request.Headers["X-Signature"] == expected</c>).</summary>
    private static bool IsStringLike(ITypeSymbol? type, Symbols symbols)
        => IsString(type) || (type is not null && SymbolEqualityComparer.Default.Equals(type, symbols.StringValues));

    private static bool IsNullOrDefault(IOperation value) => value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation;

    private static bool IsConstantOrEmpty(IOperation value)
    {
        value = value.WalkDownConversions();
        if (value.ConstantValue.HasValue || value is IDefaultValueOperation)
        {
            return true;
        }

        return value switch
        {
            IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } } => true,
            IInvocationOperation { TargetMethod.Name: "Empty", TargetMethod.ContainingType.Name: "Array" } => true,
            IArrayCreationOperation => true,
            _ => false,
        };
    }

    private static bool IsInEqualityMember(ISymbol? symbol)
    {
        for (var current = symbol; current is not null; current = current.ContainingSymbol)
        {
            if (current is IMethodSymbol method && EqualityMembers.Contains(method.Name) && method.MethodKind != MethodKind.AnonymousFunction)
            {
                return true;
            }

            if (current is INamedTypeSymbol)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Inside a lambda converted to an expression tree (an EF Core or LINQ provider query): not run as .NET code.</summary>
    private static bool IsInExpressionTree(IOperation operation, Symbols symbols)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation)
            {
                for (var wrapper = current.Parent; wrapper is IDelegateCreationOperation or IConversionOperation; wrapper = wrapper.Parent)
                {
                    if (wrapper.Type.InheritsFromOrEquals(symbols.LambdaExpression))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsFrameworkType(INamedTypeSymbol? type)
    {
        // System, System.* and Microsoft.*
        var ns = type?.ContainingNamespace;
        return ns.IsWithinNamespace("System") || (ns.IsWithinNamespace("Microsoft") && !ns.IsNamespace("Microsoft"));
    }

    private sealed class Symbols
    {
        public Symbols(KnownTypes types, SecretNameMatchers names)
        {
            Enumerable = types.Get("System.Linq.Enumerable");
            MemoryExtensions = types.Get("System.MemoryExtensions");
            StringComparer = types.Get("System.StringComparer");
            KeyedHashAlgorithm = types.Get("System.Security.Cryptography.KeyedHashAlgorithm");
            Rfc2898DeriveBytes = types.Get("System.Security.Cryptography.Rfc2898DeriveBytes");
            KeyDerivation = types.Get("Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation");
            Argon2 = types.Get("Konscious.Security.Cryptography.Argon2");
            StringValues = types.Get("Microsoft.Extensions.Primitives.StringValues");
            LambdaExpression = types.Get("System.Linq.Expressions.LambdaExpression");
            IsTestProject = SecretsScope.IsTestProject(types);
            Names = names;
            ProjectMethods = new ProjectMethodSecrets();
            Origins = new ComparandOrigins(
                RequestInputs.Create(types), types.Get("System.ComponentModel.DataAnnotations.IValidatableObject"),
                types.Get("System.Security.Claims.Claim"), types.Get("System.Security.Claims.ClaimsPrincipal"));
        }

        /// <summary>Where the sides of a comparison come from (request, server, unknown).</summary>
        public ComparandOrigins Origins { get; }

        /// <summary>Per compilation: what the project's own methods return.</summary>
        public ProjectMethodSecrets ProjectMethods { get; }

        public INamedTypeSymbol? Enumerable { get; }

        public INamedTypeSymbol? MemoryExtensions { get; }

        public INamedTypeSymbol? StringComparer { get; }

        public INamedTypeSymbol? KeyedHashAlgorithm { get; }

        public INamedTypeSymbol? Rfc2898DeriveBytes { get; }

        public INamedTypeSymbol? KeyDerivation { get; }

        public INamedTypeSymbol? Argon2 { get; }

        public INamedTypeSymbol? LambdaExpression { get; }

        public INamedTypeSymbol? StringValues { get; }

        public bool IsTestProject { get; }

        public SecretNameMatchers Names { get; }
    }

    /// <summary>
    /// The name of the secret one side of a comparison carries, or null when it is not a secret: a policy over
    /// <see cref="ValueTrace{T}"/>. It reads names (locals, parameters at the comparison, fields, properties, constant
    /// indexer keys), awaits and calls itself (<see cref="SecretFromInvocation"/>); the trace follows locals it does
    /// not name through their writes (every write with a value, <c>+=</c> among them), the first write that carries a
    /// secret naming it. One per comparison, and one per callee (<see cref="InCallee"/>).
    /// </summary>
    private sealed class SecretPolicy : ValuePolicy<string?>
    {
        private SecretInputs? _inputs;

        public SecretPolicy(SecretNameMatcher names, PasswordNames passwords, Symbols symbols, AnalyzerOptions options, bool followMethods, CancellationToken cancellationToken)
        {
            Names = names;
            Passwords = passwords;
            Symbols = symbols;
            Options = options;
            FollowMethods = followMethods;
            CancellationToken = cancellationToken;
        }

        /// <summary>
        /// 6, not <see cref="FlowBudget.MaxDepth"/>: the name found goes into the message as the secret compared, and a
        /// step may read a hash call's arguments or, one level, a project method's body, so a value further from the
        /// comparison costs more and names less surely what is compared; past it the side is not a secret (not reported).
        /// </summary>
        public override int MaxDepth => 6;

        public override string? Exhausted => null;

        public SecretNameMatcher Names { get; }

        public PasswordNames Passwords { get; }

        public Symbols Symbols { get; }

        public AnalyzerOptions Options { get; }

        /// <summary>True at the comparison; false inside a callee (one level only, and its parameters are not secrets by name).</summary>
        public bool FollowMethods { get; }

        public override CancellationToken CancellationToken { get; }

        /// <summary>The secret <paramref name="operation"/> carries, or null.</summary>
        public string? Of(IOperation operation) => ValueTrace<string?>.Of(this, operation);

        /// <summary>The search inside a callee, with the secret names in force where the callee is declared.</summary>
        public SecretPolicy InCallee(SecretNameMatcher calleeNames) => new(calleeNames, Passwords, Symbols, Options, followMethods: false, CancellationToken);

        /// <summary>Whether a hash input, <paramref name="depth"/> steps from the comparison, contains a secret-named value.</summary>
        public bool IsSecretInput(IOperation operation, int depth) => new ValueTrace<bool>(_inputs ??= new SecretInputs(Names)).Of(operation, depth);

        public override bool TryRead(IOperation value, ValueTrace<string?> trace, int depth, out string? result)
        {
            result = null;
            switch (value)
            {
                case ICoalesceOperation coalesce when coalesce.WhenNull.WalkDownConversions() is IThrowOperation:
                    result = trace.Of(coalesce.Value, depth); // token ?? throw …: the token, in the same step
                    return true;
                case IConditionalOperation or ICoalesceOperation:
                    return true; // a secret in one branch does not name what is compared: branches are not followed
                case ILocalReferenceOperation local:
                    if (Names.Matches(local.Local.Name))
                    {
                        result = local.Local.Name;
                        return true;
                    }

                    return false; // the trace follows its writes
                case IParameterReferenceOperation parameter:
                    // Inside a callee a parameter is whatever the caller passes: Normalize(string token) => token.Trim().
                    result = FollowMethods && Names.Matches(parameter.Parameter.Name) ? parameter.Parameter.Name : null;
                    return true;
                case IFieldReferenceOperation field:
                    result = Names.Matches(field.Field.Name, field.Field.ContainingType?.Name) ? field.Field.Name : null;
                    return true;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                    foreach (var argument in indexer.Arguments)
                    {
                        if (argument.Value.TryGetConstantString(out var key) && Names.Matches(key))
                        {
                            result = key;
                            return true;
                        }
                    }

                    return true;
                case IPropertyReferenceOperation property:
                    if (Names.Matches(property.Property.Name, property.Property.ContainingType?.Name))
                    {
                        result = property.Property.Name;
                    }
                    else if (property.Property.Name == "Hash" && property.Instance?.Type.InheritsFromOrEquals(Symbols.KeyedHashAlgorithm) == true)
                    {
                        result = "Hash";
                    }

                    return true;
                case IAwaitOperation awaited:
                    result = trace.Of(awaited.Operation, depth + 1);
                    return true;
                case IInvocationOperation invocation:
                    result = SecretFromInvocation(invocation, this, trace, depth);
                    return true;
                default:
                    return true;
            }
        }

        public override string? Leaf(IOperation value, int depth) => null;

        public override string? Merge(string? first, string? second) => first ?? second;

        public override bool IsSettled(string? result) => result is not null;

        /// <summary>Every write with a value: <c>mac = …</c>, and <c>signature += …</c> names its added value.</summary>
        public override bool Follows(LocalWriteKind kind) => true;

        public override string? Unseen(ILocalReferenceOperation local, LocalWrite? write) => null;
    }

    /// <summary>
    /// Whether a hash input contains a secret-named value (<c>password + salt</c>, <c>$"{salt}{password}"</c>,
    /// <c>Encoding.UTF8.GetBytes(password)</c>): a policy over <see cref="ValueTrace{T}"/> that reads the input's
    /// pieces by name (operands, interpolation holes, receivers and arguments of calls); a local counts by its own name,
    /// its writes are not followed.
    /// </summary>
    private sealed class SecretInputs : ValuePolicy<bool>
    {
        private readonly SecretNameMatcher _names;

        public SecretInputs(SecretNameMatcher names) => _names = names;

        /// <summary>6, as <see cref="SecretPolicy"/>, whose step the hash call is: the depth counts from the comparison.</summary>
        public override int MaxDepth => 6;

        public override bool Exhausted => false;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            result = false;
            switch (value)
            {
                case ICoalesceOperation coalesce when coalesce.WhenNull.WalkDownConversions() is IThrowOperation:
                    result = trace.Of(coalesce.Value, depth);
                    return true;
                case ILocalReferenceOperation local:
                    result = _names.Matches(local.Local.Name);
                    return true;
                case IParameterReferenceOperation parameter:
                    result = _names.Matches(parameter.Parameter.Name);
                    return true;
                case IFieldReferenceOperation field:
                    result = _names.Matches(field.Field.Name);
                    return true;
                case IPropertyReferenceOperation property:
                    result = _names.Matches(property.Property.Name);
                    return true;
                case IBinaryOperation binary:
                    result = trace.Of(binary.LeftOperand, depth + 1) || trace.Of(binary.RightOperand, depth + 1);
                    return true;
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation hole && trace.Of(hole.Expression, depth + 1))
                        {
                            result = true;
                            return true;
                        }
                    }

                    return true;
                case IInvocationOperation invocation:
                    result = (invocation.Instance is { } instance && trace.Of(instance, depth + 1)) || AnyArgument(invocation, trace, depth + 1);
                    return true;
                default:
                    return true; // branches and other values: not a named input
            }
        }

        private static bool AnyArgument(IInvocationOperation invocation, ValueTrace<bool> trace, int depth)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (trace.Of(argument.Value, depth))
                {
                    return true;
                }
            }

            return false;
        }

        public override bool Leaf(IOperation value, int depth) => false;

        public override bool Merge(bool first, bool second) => first || second;

        public override bool IsSettled(bool result) => result;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;
    }
}
