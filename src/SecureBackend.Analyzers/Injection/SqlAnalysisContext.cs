using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// Everything SB1001 resolves once per compilation: the sinks, and its policy for the shared string-taint engine
/// (<see cref="StringTaintPolicy"/>: request inputs, value types that cannot carry SQL syntax, the BCL types the
/// evaluation follows), plus the command-parameter names that are code-defined text. Shared by the analyzer and the code fix.
/// </summary>
internal sealed class SqlAnalysisContext : StringTaintPolicy
{
    private SqlAnalysisContext(KnownTypes types, SqlSinkCatalogue sinks)
        : base(types)
    {
        Sinks = sinks;
        DataParameter = types.Get("System.Data.IDataParameter");
        CommandType = types.Get("System.Data.CommandType");
    }

    public SqlSinkCatalogue Sinks { get; }

    public INamedTypeSymbol? DataParameter { get; }

    /// <summary><c>System.Data.CommandType</c> (<c>StoredProcedure</c> sends the text as a procedure name).</summary>
    public INamedTypeSymbol? CommandType { get; }

    /// <summary>The context for <paramref name="compilation"/>, or null when no database API is referenced.</summary>
    public static SqlAnalysisContext? Create(Compilation compilation)
    {
        var types = KnownTypes.Get(compilation);
        var sinks = SqlSinkCatalogue.Create(types);
        return sinks.IsEmpty ? null : new SqlAnalysisContext(types, sinks);
    }

    /// <summary>
    /// Code-defined text (<see cref="StringTaintPolicy.IsCodeDefinedText"/>), and the <c>ParameterName</c> of a command
    /// parameter (placeholders such as <c>@p0</c>).
    /// </summary>
    public override bool IsCodeDefinedText(IPropertySymbol property)
        => base.IsCodeDefinedText(property) || (property.Name == "ParameterName" && property.ContainingType.IsOrImplements(DataParameter));
}
