using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>How <see cref="StringTaintEngine"/> treats the result of a call a policy knows.</summary>
internal enum StringCallFlow
{
    /// <summary>The engine's own handling (string methods, <c>ToString</c>, LINQ …; any other call is a non-constant piece).</summary>
    Default,

    /// <summary>A sanitizer: the result cannot carry the attack, whatever the arguments.</summary>
    Safe,

    /// <summary>The result is made of the arguments (e.g. <c>Path.Combine</c>): each argument is followed.</summary>
    Arguments,
}

/// <summary>
/// What one rule tells the shared <see cref="StringTaintEngine"/>: which value types cannot carry the attack (numbers,
/// enums, Guid, dates …), which members hold code-defined text, what is request-bound input (sources), which calls
/// are sanitizers or carry their arguments, and which locals a check has proven safe. The base class is the default
/// policy (the one SB1001 uses); rules override the hooks they need. Built once per compilation; lookups by symbol.
/// </summary>
internal class StringTaintPolicy
{
    private static readonly string[] SafeTypeNames =
    {
        "System.Guid",
        "System.DateTimeOffset",
        "System.TimeSpan",
        "System.DateOnly",
        "System.TimeOnly",
        "System.Half",
        "System.Int128",
        "System.UInt128",
        "System.Numerics.BigInteger",
        "System.Type",
    };

    private readonly HashSet<ITypeSymbol> _safeTypes = new(SymbolEqualityComparer.Default);
    private readonly System.Lazy<RequestInputs> _requests;

    public StringTaintPolicy(KnownTypes types)
    {
        Types = types;
        Constants = new ConstantMembers(types.Compilation);
        // ASP.NET Core types are looked up only when a value passed through whole needs the request-input check.
        _requests = new System.Lazy<RequestInputs>(() => RequestInputs.Create(types), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        foreach (var name in SafeTypeNames)
        {
            if (types.Get(name) is { } type)
            {
                _safeTypes.Add(type);
            }
        }

        StringBuilder = types.Get("System.Text.StringBuilder");
        Enumerable = types.Get("System.Linq.Enumerable");
        Convert = types.Get("System.Convert");
        FormattableString = types.Get("System.FormattableString");
        FormatProvider = types.Get("System.IFormatProvider");
        MemberInfo = types.Get("System.Reflection.MemberInfo");
        ParameterInfo = types.Get("System.Reflection.ParameterInfo");
        Environment = types.Get("System.Environment");
        SystemPath = types.Get("System.IO.Path");
        GenericEnumerable = types.Compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
    }

    public KnownTypes Types { get; }

    public RequestInputs Requests => _requests.Value;

    public ConstantMembers Constants { get; }

    public INamedTypeSymbol? StringBuilder { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? Convert { get; }

    public INamedTypeSymbol? FormattableString { get; }

    public INamedTypeSymbol? FormatProvider { get; }

    public INamedTypeSymbol? MemberInfo { get; }

    public INamedTypeSymbol? ParameterInfo { get; }

    public INamedTypeSymbol? Environment { get; }

    /// <summary><c>System.IO.Path</c>: its temporary and random names are made by the system, never by a client.</summary>
    public INamedTypeSymbol? SystemPath { get; }

    public INamedTypeSymbol GenericEnumerable { get; }

    /// <summary>
    /// Whether a value of this type, formatted into text, cannot change its meaning: numbers, bool, enums, Guid,
    /// date and time types, <c>Type</c>, and nullable forms of those. Strings, chars, objects and everything else can.
    /// </summary>
    public virtual bool IsSafeType(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_DateTime:
                return true;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            return IsSafeType(nullable.TypeArguments[0]);
        }

        return _safeTypes.Contains(type.OriginalDefinition) || (type.TypeKind == TypeKind.Class && type.InheritsFromOrEquals(MemberInfo) && IsTypeType(type));
    }

    public bool IsStringBuilder(ITypeSymbol? type)
        => StringBuilder is not null && SymbolEqualityComparer.Default.Equals(type, StringBuilder);

    /// <summary>The element type of an array or <c>IEnumerable&lt;T&gt;</c> (not of string), or null.</summary>
    public ITypeSymbol? GetElementType(ITypeSymbol? type)
    {
        if (type is null || type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, GenericEnumerable))
        {
            return named.TypeArguments[0];
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, GenericEnumerable))
            {
                return implemented.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the value of this property is a name written in code: <c>MemberInfo.Name</c>, <c>Type.FullName</c>,
    /// <c>Environment.NewLine</c>.
    /// </summary>
    public virtual bool IsCodeDefinedText(IPropertySymbol property)
    {
        var type = property.ContainingType;
        return property.Name switch
        {
            "Name" or "FullName" or "Namespace" => type.InheritsFromOrEquals(MemberInfo) || type.InheritsFromOrEquals(ParameterInfo),
            "NewLine" => SymbolEqualityComparer.Default.Equals(type, Environment),
            _ => false,
        };
    }

    /// <summary>Source: a read of request input (<c>Request.Query["q"]</c>, a bound property …).</summary>
    public virtual bool IsRequestRead(IPropertyReferenceOperation reference) => Requests.IsRequestRead(reference);

    /// <summary>Source: a parameter the framework binds from the request.</summary>
    public virtual bool IsRequestBoundParameter(IParameterSymbol parameter, IOperation usage) => Requests.IsRequestBoundParameter(parameter, usage);

    /// <summary>Source: a collection whose <c>TryGetValue</c> yields request input.</summary>
    public virtual bool IsRequestCollection(ITypeSymbol? type) => Requests.IsRequestCollection(type);

    /// <summary>Sanitizers and calls that carry their arguments; <see cref="StringCallFlow.Default"/> for all others.</summary>
    /// <remarks>
    /// By default the names the system makes (<c>Path.GetTempPath()</c>, <c>GetTempFileName()</c>,
    /// <c>GetRandomFileName()</c>) are safe and <c>Path.Combine</c>/<c>Join</c> carry their arguments: a dump written to
    /// <c>Path.Combine(Path.GetTempPath(), Path.GetRandomFileName())</c> is no one's input.
    /// </remarks>
    public virtual StringCallFlow ClassifyCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (SystemPath is null || !SymbolEqualityComparer.Default.Equals(method.ContainingType, SystemPath))
        {
            return StringCallFlow.Default;
        }

        return method.Name switch
        {
            "GetTempPath" or "GetTempFileName" or "GetRandomFileName" => StringCallFlow.Safe,
            "Combine" or "Join" => StringCallFlow.Arguments,
            _ => StringCallFlow.Default,
        };
    }

    /// <summary>Whether a check in the body has proven the local's value safe where it is read (e.g. a base-directory check).</summary>
    public virtual bool IsSanitizedLocal(ILocalReferenceOperation reference, LocalFlowIndex index) => false;

    private bool IsTypeType(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (_safeTypes.Contains(current))
            {
                return true;
            }
        }

        return false;
    }
}
