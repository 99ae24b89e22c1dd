using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>A fast hash whose input is a password (SB2002).</summary>
internal readonly struct PasswordHashMatch
{
    public PasswordHashMatch(IOperation hash, string hashName, IOperation? password, string passwordName)
    {
        Hash = hash;
        HashName = hashName;
        Password = password;
        PasswordName = passwordName;
    }

    /// <summary>The hashing call or HMAC construction that is reported.</summary>
    public IOperation Hash { get; }

    /// <summary>How the build log names the hash, e.g. <c>SHA256.HashData</c>.</summary>
    public string HashName { get; }

    /// <summary>The password value at its source (parameter, local, field or property read), when one was found.</summary>
    public IOperation? Password { get; }

    public string PasswordName { get; }
}

/// <summary>
/// Finds fast hashes (anything deriving from <c>HashAlgorithm</c>, <c>IncrementalHash</c>, <c>CryptographicOperations.HashData</c>,
/// <c>string.GetHashCode</c>) whose input is a password-like value, following the value back with a
/// <see cref="ValueTrace{T}"/> (same-method locals, <c>?:</c>, <c>??</c>) and its <see cref="PasswordPolicy"/>
/// (<c>Encoding.GetBytes</c>, concatenation, interpolation, <c>string.Concat/Format/Join</c>, LINQ, string
/// normalisation calls, byte buffers). Shared by the analyzer and the code fix.
/// </summary>
internal static class PasswordHashDetector
{
    private static readonly HashSet<string> InputParameters = NameSet.Of(
        "source", "buffer", "inputStream", "inputBuffer", "data", "key");

    /// <summary>String methods whose result carries the receiver's value.</summary>
    private static readonly HashSet<string> StringPassThrough = NameSet.Of(
        "Trim", "TrimStart", "TrimEnd", "ToLower", "ToLowerInvariant", "ToUpper", "ToUpperInvariant", "Normalize",
        "ToCharArray", "PadLeft", "PadRight", "ToString", "AsSpan", "AsMemory", "Insert");

    /// <summary>Whether <paramref name="operation"/> is any fast-hash call or HMAC construction (before looking at its input).</summary>
    public static bool IsFastHashSink(IOperation operation, CryptoSymbols symbols)
        => GetInputs(operation, symbols, out _, null);

    /// <summary>Matches a fast hash of a password. <paramref name="containingSymbol"/> is the member whose body holds the operation.</summary>
    public static bool TryMatch(IOperation operation, CryptoSymbols symbols, PasswordNames names, ISymbol? containingSymbol, out PasswordHashMatch match)
    {
        match = default;
        var inputs = new List<IOperation>(2);
        if (!GetInputs(operation, symbols, out var hashName, inputs))
        {
            return false;
        }

        var method = containingSymbol as IMethodSymbol;
        if (IsBreachCheck(containingSymbol) || (hashName == "string.GetHashCode" && method is { Name: "GetHashCode", IsOverride: true }))
        {
            // Have I Been Pwned's range API is defined on SHA-1 of the password (only a 5-character prefix leaves the
            // process), and an override of GetHashCode serves dictionaries: neither stores a password hash.
            return false;
        }

        var parametersArePasswords = method is not null && names.IsPasswordMethodName(method.Name);
        var inPasswordHasher = method is not null && method.ContainingType.IsOrImplements(symbols.PasswordHasher);
        var policy = new PasswordPolicy(symbols, names, parametersArePasswords || inPasswordHasher);

        foreach (var input in inputs)
        {
            var password = ValueTrace<IOperation?>.Of(policy, input);
            if (password is not null)
            {
                match = new PasswordHashMatch(operation, hashName!, password, NameOf(password));
                return true;
            }
        }

        if (inPasswordHasher)
        {
            match = new PasswordHashMatch(operation, hashName!, null, "input of " + method!.Name);
            return true;
        }

        return false;
    }

    /// <summary>
    /// A call that hands a password to a helper of the same file which fast-hashes that parameter
    /// (<c>user.PasswordHash = Sha256(password)</c> with <c>static string Sha256(string input)</c> below). The helper's
    /// body is read through the caller's semantic model, so only helpers declared in the same syntax tree are seen.
    /// </summary>
    public static bool TryMatchHelperCall(IInvocationOperation invocation, CryptoSymbols symbols, PasswordNames names, ISymbol? containingSymbol, out PasswordHashMatch match)
    {
        match = default;
        var callee = invocation.TargetMethod.OriginalDefinition;
        var model = invocation.SemanticModel;
        if (model is null || callee.DeclaringSyntaxReferences.IsDefaultOrEmpty || names.IsPasswordMethodName(callee.Name))
        {
            return false; // the helper's own hash is reported there
        }

        var method = containingSymbol as IMethodSymbol;
        PasswordPolicy? policy = null;
        var calleeChecked = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null || argument.ArgumentKind != ArgumentKind.Explicit
                || names.IsPasswordName(argument.Parameter.Name)) // the helper's own hash is reported there
            {
                continue;
            }

            policy ??= new PasswordPolicy(symbols, names, method is not null && names.IsPasswordMethodName(method.Name));
            if (ValueTrace<IOperation?>.Of(policy, argument.Value) is not { } password)
            {
                continue;
            }

            // The rest of the conditions on the caller and the helper, once a password is handed over (rare).
            if (!calleeChecked)
            {
                if (IsBreachCheck(containingSymbol) || IsBreachCheck(callee) || callee.ContainingType.IsOrImplements(symbols.PasswordHasher))
                {
                    return false;
                }

                calleeChecked = true;
            }

            foreach (var reference in callee.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree || model.GetOperation(reference.GetSyntax()) is not { } body)
                {
                    continue;
                }

                var target = new PasswordPolicy(symbols, names, parametersArePasswords: false, callee.Parameters[argument.Parameter.Ordinal]);
                var inputs = new List<IOperation>(2);
                foreach (var operation in body.Descendants())
                {
                    inputs.Clear();
                    if (GetInputs(operation, symbols, out var hashName, inputs))
                    {
                        foreach (var input in inputs)
                        {
                            if (ValueTrace<IOperation?>.Of(target, input) is not null)
                            {
                                match = new PasswordHashMatch(invocation, callee.Name + " (" + hashName + ")", password, NameOf(password));
                                return true;
                            }
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Code that checks a password against a breach corpus (Have I Been Pwned), by the member or type name.</summary>
    internal static bool IsBreachCheck(ISymbol? member)
    {
        for (var symbol = member; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            if (!MayNameBreachCheck(symbol.Name))
            {
                continue;
            }

            foreach (var word in IdentifierWords.Split(symbol.Name))
            {
                if (word is "pwned" or "hibp" or "breach" or "breached" or "breaches" or "compromised" or "leaked")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the name contains a breach word ignoring case (each is a lower-cased part of the name), before splitting it.</summary>
    private static bool MayNameBreachCheck(string name)
    {
        foreach (var c in name)
        {
            if (c > 127)
            {
                return true; // lower-casing may differ from ignoring case: split it
            }
        }

        return name.IndexOf("pwned", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("hibp", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("breach", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("compromised", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("leaked", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    private static bool GetInputs(IOperation operation, CryptoSymbols symbols, out string? hashName, List<IOperation>? inputs)
    {
        hashName = null;
        switch (operation)
        {
            case IInvocationOperation invocation:
                // Every invocation comes here (SB2002 looks at all of them): names are matched with switches before types.
                var target = invocation.TargetMethod;
                var name = target.Name;
                if (name is not ("HashData" or "HashDataAsync" or "TryHashData" or "ComputeHash" or "ComputeHashAsync" or "TryComputeHash"
                        or "TransformBlock" or "TransformFinalBlock" or "AppendData" or "HmacData" or "HmacDataAsync" or "TryHmacData" or "GetHashCode")
                    || target.ContainingType is not { } type)
                {
                    return false;
                }

                if (target.IsStatic && name is "HashData" or "HashDataAsync" or "TryHashData" && symbols.IsFastHash(type))
                {
                    hashName = type.Name + "." + target.Name;
                }
                else if (!target.IsStatic && name is "ComputeHash" or "ComputeHashAsync" or "TryComputeHash" or "TransformBlock" or "TransformFinalBlock" && symbols.IsFastHash(type))
                {
                    var receiverType = invocation.Instance?.WalkDownConversions().Type ?? type;
                    hashName = receiverType.Name + "." + target.Name;
                }
                else if (name == "AppendData" && SymbolEqualityComparer.Default.Equals(type, symbols.IncrementalHash))
                {
                    hashName = "IncrementalHash.AppendData";
                }
                else if (target.IsStatic && name is "HashData" or "HashDataAsync" or "TryHashData" or "HmacData" or "HmacDataAsync" or "TryHmacData"
                         && SymbolEqualityComparer.Default.Equals(type, symbols.CryptographicOperations))
                {
                    hashName = "CryptographicOperations." + target.Name;
                }
                else if (name == "GetHashCode" && !target.IsStatic && type.SpecialType == SpecialType.System_String)
                {
                    hashName = "string.GetHashCode";
                    inputs?.Add(invocation.Instance!);
                    return invocation.Instance is not null;
                }
                else
                {
                    return false;
                }

                AddInputs(invocation.Arguments, inputs);
                return true;

            case IObjectCreationOperation creation when creation.Type is { } created && created.InheritsFromOrEquals(symbols.Hmac):
                hashName = created.Name;
                AddInputs(creation.Arguments, inputs);
                return creation.Arguments.Length > 0;

            default:
                return false;
        }
    }

    private static void AddInputs(ImmutableArray<IArgumentOperation> arguments, List<IOperation>? inputs)
    {
        if (inputs is null)
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter && InputParameters.Contains(parameter.Name))
            {
                inputs.Add(argument.Value);
            }
        }
    }

    /// <summary>
    /// SB2002's reading of the values a <see cref="ValueTrace{T}"/> meets on the way back from a hash input: which values
    /// are passwords (by name, a password method's parameters, or one helper parameter), and the shapes that carry a
    /// password on (encodings, string calls, concatenation, interpolation, arrays, LINQ, byte wrappers and buffers filled
    /// by copies). The trace supplies locals' writes, <c>?:</c>, <c>??</c> and conversions. The result is the first
    /// password source found, or null.
    /// </summary>
    private sealed class PasswordPolicy : ValuePolicy<IOperation?>
    {
        private readonly CryptoSymbols _symbols;
        private readonly PasswordNames _names;
        private readonly bool _parametersArePasswords;

        /// <summary>When set, only this parameter is the value looked for (names do not matter).</summary>
        private readonly IParameterSymbol? _target;

        public PasswordPolicy(CryptoSymbols symbols, PasswordNames names, bool parametersArePasswords, IParameterSymbol? target = null)
        {
            _symbols = symbols;
            _names = names;
            _parametersArePasswords = parametersArePasswords;
            _target = target;
        }

        /// <summary>
        /// 8, not <see cref="FlowBudget.MaxDepth"/>: each step reads every argument of the calls it meets (encodings,
        /// string calls, a helper's arguments), so the work grows with the fan-out, and a value further from the hash
        /// than that is no longer one the finding can name as the password.
        /// </summary>
        public override int MaxDepth => 8;

        public override IOperation? Exhausted => null;

        public override IOperation? Leaf(IOperation value, int depth) => null;

        public override IOperation? Unseen(ILocalReferenceOperation local, LocalWrite? write) => null;

        /// <summary>Every write with a visible value is followed (a compound assignment's right-hand side too).</summary>
        public override bool Follows(LocalWriteKind kind) => true;

        /// <summary>The first password found wins.</summary>
        public override IOperation? Merge(IOperation? first, IOperation? second) => first ?? second;

        public override bool IsSettled(IOperation? result) => result is not null;

        /// <summary>A buffer or stream filled by copies: <c>Buffer.BlockCopy(passwordBytes, 0, buffer, 0, n)</c>, <c>stream.Write(bytes)</c>.</summary>
        public override IOperation? AtLocal(ILocalReferenceOperation local, IOperation? written, ValueTrace<IOperation?> trace, int depth)
        {
            var type = local.Local.Type;
            if (written is not null || !(ByteFlow.IsByteBuffer(type) || ByteFlow.IsStream(type)))
            {
                return written;
            }

            var copies = new List<IOperation>();
            ByteFlow.CollectCopiesInto(local.GetRoot(), local.Local, copies);
            foreach (var copied in copies)
            {
                if (trace.Of(copied, depth + 1) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        public override bool TryRead(IOperation value, ValueTrace<IOperation?> trace, int depth, out IOperation? result)
        {
            result = null;
            switch (value)
            {
                case IParameterReferenceOperation parameter when _target is not null:
                    result = SymbolEqualityComparer.Default.Equals(parameter.Parameter, _target) ? parameter : null;
                    return true;

                case IParameterReferenceOperation parameter:
                    result = _parametersArePasswords || _names.IsPasswordName(parameter.Parameter.Name) ? parameter : null;
                    return true;

                case ILocalReferenceOperation local when _target is null && _names.IsPasswordName(local.Local.Name):
                    result = local;
                    return true;

                case IFieldReferenceOperation field:
                    result = _target is null && _names.IsPasswordName(field.Field.Name) ? field : null;
                    return true;

                case IPropertyReferenceOperation property:
                    result = _target is null ? OfProperty(property) : null;
                    return true;

                case IBinaryOperation binary:
                    result = trace.Of(binary.LeftOperand, depth + 1) ?? trace.Of(binary.RightOperand, depth + 1);
                    return true;

                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation hole && trace.Of(hole.Expression, depth + 1) is { } found)
                        {
                            result = found;
                            break;
                        }
                    }

                    return true;

                case IInvocationOperation invocation:
                    result = OfInvocation(invocation, trace, depth);
                    return true;

                case IArrayCreationOperation array:
                    if (array.Initializer is not null)
                    {
                        foreach (var element in array.Initializer.ElementValues)
                        {
                            if (trace.Of(element, depth + 1) is { } found)
                            {
                                result = found;
                                break;
                            }
                        }
                    }

                    return true;

                case IObjectCreationOperation creation:
                    // new MemoryStream(buffer), new ReadOnlySpan<byte>(buffer)
                    result = ByteFlow.CarriedValue(creation) is { } wrapped ? trace.Of(wrapped, depth + 1) : null;
                    return true;

                default:
                    return false; // ?:, ??, locals: the trace follows them; anything else is a leaf
            }
        }

        private IOperation? OfProperty(IPropertyReferenceOperation property)
        {
            if (_names.IsPasswordName(property.Property.Name))
            {
                return property;
            }

            // form["password"], Request.Form["pwd"]
            if (property.Property.IsIndexer)
            {
                foreach (var argument in property.Arguments)
                {
                    if (argument.Value.TryGetConstantString(out var key) && key is not null && _names.IsPasswordName(key))
                    {
                        return property;
                    }
                }
            }

            return null;
        }

        private IOperation? OfInvocation(IInvocationOperation invocation, ValueTrace<IOperation?> trace, int depth)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return null;
            }

            if (type.SpecialType == SpecialType.System_String)
            {
                if (method.IsStatic)
                {
                    // string.Concat, string.Format, string.Join
                    return OfArguments(invocation, trace, depth);
                }

                return StringPassThrough.Contains(method.Name) && invocation.Instance is { } instance ? trace.Of(instance, depth + 1) : null;
            }

            if (method.Name == "GetBytes" && type.InheritsFromOrEquals(_symbols.Encoding))
            {
                return invocation.Arguments.Length > 0 ? trace.Of(invocation.Arguments[0].Value, depth + 1) : null;
            }

            // Convert.FromBase64String(s), buffer.AsSpan(), stream.ToArray()
            if (ByteFlow.CarriedValue(invocation) is { } carried)
            {
                return trace.Of(carried, depth + 1);
            }

            if (SymbolEqualityComparer.Default.Equals(type, _symbols.Enumerable))
            {
                return OfArguments(invocation, trace, depth);
            }

            // A member that returns the password: GetPassword(), ReadPasswordFromConsole()
            return _target is null && method.ReturnType.SpecialType == SpecialType.System_String && _names.IsPasswordName(method.Name) ? invocation : null;
        }

        private static IOperation? OfArguments(IInvocationOperation invocation, ValueTrace<IOperation?> trace, int depth)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (trace.Of(argument.Value, depth + 1) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    private static string NameOf(IOperation password) => password switch
    {
        IParameterReferenceOperation p => p.Parameter.Name,
        ILocalReferenceOperation l => l.Local.Name,
        IFieldReferenceOperation f => f.Field.Name,
        IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Arguments.Length > 0
            && indexer.Arguments[0].Value.TryGetConstantString(out var key) => key ?? indexer.Property.Name,
        IPropertyReferenceOperation p => p.Property.Name,
        IInvocationOperation i => i.TargetMethod.Name + "()",
        _ => "password",
    };
}
