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
/// <c>string.GetHashCode</c>) whose input is a password-like value, following the value back through
/// <c>Encoding.GetBytes</c>, concatenation, interpolation, <c>string.Concat/Format/Join</c>, LINQ, string
/// normalisation calls and same-method locals. Shared by the analyzer and the code fix.
/// </summary>
internal static class PasswordHashDetector
{
    private const int MaxDepth = 8;

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
        var context = new Context(symbols, names, parametersArePasswords || inPasswordHasher);

        foreach (var input in inputs)
        {
            var password = Find(input, context, 0);
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
        var context = new Context(symbols, names, method is not null && names.IsPasswordMethodName(method.Name));
        var calleeChecked = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null || argument.ArgumentKind != ArgumentKind.Explicit
                || names.IsPasswordName(argument.Parameter.Name) // the helper's own hash is reported there
                || Find(argument.Value, context, 0) is not { } password)
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

                var target = new Context(symbols, names, parametersArePasswords: false, callee.Parameters[argument.Parameter.Ordinal]);
                var inputs = new List<IOperation>(2);
                foreach (var operation in body.Descendants())
                {
                    inputs.Clear();
                    if (GetInputs(operation, symbols, out var hashName, inputs))
                    {
                        foreach (var input in inputs)
                        {
                            if (Find(input, target, 0) is not null)
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

    private readonly struct Context
    {
        public Context(CryptoSymbols symbols, PasswordNames names, bool parametersArePasswords, IParameterSymbol? target = null)
        {
            Symbols = symbols;
            Names = names;
            ParametersArePasswords = parametersArePasswords;
            Target = target;
        }

        /// <summary>When set, only this parameter is the value looked for (names do not matter).</summary>
        public IParameterSymbol? Target { get; }

        public CryptoSymbols Symbols { get; }

        public PasswordNames Names { get; }

        public bool ParametersArePasswords { get; }
    }

    /// <summary>The password-like source of <paramref name="value"/>, or null.</summary>
    private static IOperation? Find(IOperation? value, in Context context, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return null;
        }

        value = value.WalkDownConversions();
        switch (value)
        {
            case IParameterReferenceOperation parameter when context.Target is not null:
                return SymbolEqualityComparer.Default.Equals(parameter.Parameter, context.Target) ? parameter : null;

            case IParameterReferenceOperation parameter:
                return context.ParametersArePasswords || context.Names.IsPasswordName(parameter.Parameter.Name) ? parameter : null;

            case ILocalReferenceOperation local:
                return context.Target is null && context.Names.IsPasswordName(local.Local.Name) ? local : FindInLocal(local, context, depth);

            case IFieldReferenceOperation field:
                return context.Target is null && context.Names.IsPasswordName(field.Field.Name) ? field : null;

            case IPropertyReferenceOperation property:
                return context.Target is null ? FindInProperty(property, context) : null;

            case IBinaryOperation binary:
                return Find(binary.LeftOperand, context, depth + 1) ?? Find(binary.RightOperand, context, depth + 1);

            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && Find(hole.Expression, context, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            case IInvocationOperation invocation:
                return FindInInvocation(invocation, context, depth);

            case IArrayCreationOperation array when array.Initializer is not null:
                foreach (var element in array.Initializer.ElementValues)
                {
                    if (Find(element, context, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            case IObjectCreationOperation creation:
                // new MemoryStream(buffer), new ReadOnlySpan<byte>(buffer)
                return ByteFlow.CarriedValue(creation) is { } wrapped ? Find(wrapped, context, depth + 1) : null;

            case IConditionalOperation conditional:
                return Find(conditional.WhenTrue, context, depth + 1) ?? Find(conditional.WhenFalse, context, depth + 1);

            case ICoalesceOperation coalesce:
                return Find(coalesce.Value, context, depth + 1) ?? Find(coalesce.WhenNull, context, depth + 1);

            default:
                return null;
        }
    }

    private static IOperation? FindInProperty(IPropertyReferenceOperation property, in Context context)
    {
        if (context.Names.IsPasswordName(property.Property.Name))
        {
            return property;
        }

        // form["password"], Request.Form["pwd"]
        if (property.Property.IsIndexer)
        {
            foreach (var argument in property.Arguments)
            {
                if (argument.Value.TryGetConstantString(out var key) && key is not null && context.Names.IsPasswordName(key))
                {
                    return property;
                }
            }
        }

        return null;
    }

    private static IOperation? FindInLocal(ILocalReferenceOperation local, in Context context, int depth)
    {
        if (!LocalFlowIndex.TryGetWrites(local, out var writes))
        {
            return null;
        }

        foreach (var write in writes)
        {
            if (write.Value is not null && Find(write.Value, context, depth + 1) is { } found)
            {
                return found;
            }
        }

        // A buffer or stream filled by copies: Buffer.BlockCopy(passwordBytes, 0, buffer, 0, n), stream.Write(bytes).
        var type = local.Local.Type;
        if (ByteFlow.IsByteBuffer(type) || ByteFlow.IsStream(type))
        {
            var copies = new List<IOperation>();
            ByteFlow.CollectCopiesInto(local.GetRoot(), local.Local, copies);
            foreach (var copied in copies)
            {
                if (Find(copied, context, depth + 1) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static IOperation? FindInInvocation(IInvocationOperation invocation, in Context context, int depth)
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
                return FindInArguments(invocation, context, depth);
            }

            return StringPassThrough.Contains(method.Name) ? Find(invocation.Instance, context, depth + 1) : null;
        }

        if (method.Name == "GetBytes" && type.InheritsFromOrEquals(context.Symbols.Encoding))
        {
            return invocation.Arguments.Length > 0 ? Find(invocation.Arguments[0].Value, context, depth + 1) : null;
        }

        // Convert.FromBase64String(s), buffer.AsSpan(), stream.ToArray()
        if (ByteFlow.CarriedValue(invocation) is { } carried)
        {
            return Find(carried, context, depth + 1);
        }

        if (SymbolEqualityComparer.Default.Equals(type, context.Symbols.Enumerable))
        {
            return FindInArguments(invocation, context, depth);
        }

        // A member that returns the password: GetPassword(), ReadPasswordFromConsole()
        return context.Target is null && method.ReturnType.SpecialType == SpecialType.System_String && context.Names.IsPasswordName(method.Name) ? invocation : null;
    }

    private static IOperation? FindInArguments(IInvocationOperation invocation, in Context context, int depth)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (Find(argument.Value, context, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
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
