using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// Everything SB1001 resolves once per compilation: the sinks, request-input recognition, the value types that cannot
/// carry SQL syntax, and the BCL types the taint evaluation follows (StringBuilder, LINQ, Convert …).
/// Shared by the analyzer and the code fix.
/// </summary>
internal sealed class SqlAnalysisContext
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

    private SqlAnalysisContext(KnownTypes types, SqlSinkCatalogue sinks)
    {
        Sinks = sinks;
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
        DataParameter = types.Get("System.Data.IDataParameter");
        CommandType = types.Get("System.Data.CommandType");
        GenericEnumerable = types.Compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
    }

    public SqlSinkCatalogue Sinks { get; }

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

    public INamedTypeSymbol? DataParameter { get; }

    /// <summary><c>System.Data.CommandType</c> (<c>StoredProcedure</c> sends the text as a procedure name).</summary>
    public INamedTypeSymbol? CommandType { get; }

    public INamedTypeSymbol GenericEnumerable { get; }

    /// <summary>The context for <paramref name="compilation"/>, or null when no database API is referenced.</summary>
    public static SqlAnalysisContext? Create(Compilation compilation)
    {
        var types = KnownTypes.Get(compilation);
        var sinks = SqlSinkCatalogue.Create(types);
        return sinks.IsEmpty ? null : new SqlAnalysisContext(types, sinks);
    }

    /// <summary>
    /// Whether a value of this type, formatted into SQL, cannot change the statement: numbers, bool, enums, Guid,
    /// date and time types, <c>Type</c>, and nullable forms of those. Strings, chars, objects and everything else can.
    /// </summary>
    public bool IsSafeType(ITypeSymbol? type)
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
    /// <c>Environment.NewLine</c>, and the <c>ParameterName</c> of a command parameter (placeholders such as <c>@p0</c>).
    /// </summary>
    public bool IsCodeDefinedText(IPropertySymbol property)
    {
        var type = property.ContainingType;
        return property.Name switch
        {
            "Name" or "FullName" or "Namespace" => type.InheritsFromOrEquals(MemberInfo) || type.InheritsFromOrEquals(ParameterInfo),
            "NewLine" => SymbolEqualityComparer.Default.Equals(type, Environment),
            "ParameterName" => type.IsOrImplements(DataParameter),
            _ => false,
        };
    }

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
