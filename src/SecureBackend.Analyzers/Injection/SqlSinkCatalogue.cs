using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Injection;

/// <summary>The database API family a SQL sink belongs to; the code fix chooses its rewrite from it.</summary>
internal enum SqlSinkKind
{
    /// <summary>The SQL-text argument of an <c>IDbCommand</c> / <c>DbCommand</c> constructor.</summary>
    CommandConstructor,

    /// <summary>An assignment to <c>CommandText</c> of a command or batch command.</summary>
    CommandText,

    /// <summary>The SQL-text argument of a <c>DbBatchCommand</c> constructor.</summary>
    BatchCommandConstructor,

    /// <summary>The select-command-text argument of a data-adapter constructor.</summary>
    DataAdapterConstructor,

    /// <summary>EF Core <c>FromSqlRaw</c>, <c>ExecuteSqlRaw(Async)</c>, <c>SqlQueryRaw</c> (and EF Core 2 <c>FromSql</c>/<c>ExecuteSqlCommand</c> with a string).</summary>
    EfCoreRaw,

    /// <summary>Entity Framework 6 <c>SqlQuery</c> / <c>ExecuteSqlCommand(Async)</c>.</summary>
    EntityFramework6,

    /// <summary>The <c>sql</c> argument of a Dapper <c>SqlMapper</c> extension method.</summary>
    Dapper,

    /// <summary>The <c>commandText</c> argument of Dapper's <c>CommandDefinition</c>.</summary>
    DapperCommandDefinition,

    /// <summary>A method or property named in <c>securebackend.SB1001.additional_sinks</c>.</summary>
    Configured,

    /// <summary>A method of the compilation that passes its string parameter into a sink.</summary>
    Wrapper,
}

/// <summary>One recognised sink: what it is, how to name it in a message, and which parameter receives the SQL.</summary>
internal readonly struct SqlSink
{
    public SqlSink(SqlSinkKind kind, string displayName, IParameterSymbol? parameter)
    {
        Kind = kind;
        DisplayName = displayName;
        Parameter = parameter;
    }

    public SqlSinkKind Kind { get; }

    /// <summary>The API as shown in the message, e.g. <c>SqlCommand</c>, <c>FromSqlRaw</c>, <c>SqliteCommand.CommandText</c>.</summary>
    public string DisplayName { get; }

    /// <summary>The parameter that receives the SQL text; null for property sinks.</summary>
    public IParameterSymbol? Parameter { get; }
}

/// <summary>
/// The database APIs that execute SQL text, resolved by symbol once per compilation: ADO.NET commands, batch
/// commands and data adapters of any provider, EF Core and EF6 raw-SQL methods, and Dapper.
/// </summary>
internal sealed class SqlSinkCatalogue
{
    private static readonly string[] SqlTextParameterNames =
    {
        "cmdText",
        "commandText",
        "sql",
        "sqlText",
        "query",
        "queryText",
        "selectCommandText",
    };

    private readonly INamedTypeSymbol? _dbCommandInterface;
    private readonly INamedTypeSymbol? _dbBatchCommand;
    private readonly INamedTypeSymbol? _dataAdapterInterface;
    private readonly INamedTypeSymbol? _efQueryableExtensions;
    private readonly INamedTypeSymbol? _efDatabaseFacadeExtensions;
    private readonly INamedTypeSymbol? _efRawSqlString;
    private readonly INamedTypeSymbol? _ef6Database;
    private readonly INamedTypeSymbol? _ef6DbSet;
    private readonly INamedTypeSymbol? _ef6DbSetOfT;
    private readonly INamedTypeSymbol? _dapperSqlMapper;
    private readonly INamedTypeSymbol? _dapperCommandDefinition;
    private readonly ConcurrentDictionary<INamedTypeSymbol, SqlSinkKind?> _constructedKinds = new(SymbolEqualityComparer.Default);

    private SqlSinkCatalogue(KnownTypes types)
    {
        _dbCommandInterface = types.Get("System.Data.IDbCommand");
        _dbBatchCommand = types.Get("System.Data.Common.DbBatchCommand");
        _dataAdapterInterface = types.Get("System.Data.IDbDataAdapter");
        _efQueryableExtensions = types.Get("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
        _efDatabaseFacadeExtensions = types.Get("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
        _efRawSqlString = types.Get("Microsoft.EntityFrameworkCore.RawSqlString");
        _ef6Database = types.Get("System.Data.Entity.Database");
        _ef6DbSet = types.Get("System.Data.Entity.DbSet");
        _ef6DbSetOfT = types.Get("System.Data.Entity.DbSet`1");
        _dapperSqlMapper = types.Get("Dapper.SqlMapper");
        _dapperCommandDefinition = types.Get("Dapper.CommandDefinition");
        StringType = types.StringType;
    }

    public INamedTypeSymbol StringType { get; }

    /// <summary>Whether any database API is referenced; otherwise the rule has nothing to look at.</summary>
    public bool IsEmpty => _dbCommandInterface is null && _dbBatchCommand is null && _efQueryableExtensions is null
        && _efDatabaseFacadeExtensions is null && _ef6Database is null && _dapperSqlMapper is null;

    public static SqlSinkCatalogue Create(KnownTypes types) => new(types);

    /// <summary>A method whose argument is SQL text (EF Core, EF6, Dapper).</summary>
    public bool TryGetMethodSink(IMethodSymbol method, out SqlSink sink)
    {
        sink = default;
        var containingType = method.ContainingType?.OriginalDefinition;
        if (containingType is null || method.MethodKind == MethodKind.Constructor)
        {
            return false;
        }

        if (_dapperSqlMapper is not null && SymbolEqualityComparer.Default.Equals(containingType, _dapperSqlMapper))
        {
            var sql = FindParameter(method, "sql");
            if (sql is not null)
            {
                sink = new SqlSink(SqlSinkKind.Dapper, method.Name, sql);
                return true;
            }

            return false;
        }

        if (IsEfCoreRawMethod(method.Name)
            && (SymbolEqualityComparer.Default.Equals(containingType, _efQueryableExtensions) || SymbolEqualityComparer.Default.Equals(containingType, _efDatabaseFacadeExtensions)))
        {
            var sql = FindParameter(method, "sql", _efRawSqlString);
            if (sql is not null)
            {
                sink = new SqlSink(SqlSinkKind.EfCoreRaw, method.Name, sql);
                return true;
            }

            return false;
        }

        if (_ef6Database is not null && method.Name is "SqlQuery" or "ExecuteSqlCommand" or "ExecuteSqlCommandAsync"
            && (SymbolEqualityComparer.Default.Equals(containingType, _ef6Database)
                || SymbolEqualityComparer.Default.Equals(containingType, _ef6DbSet)
                || SymbolEqualityComparer.Default.Equals(containingType, _ef6DbSetOfT)))
        {
            var sql = FindParameter(method, "sql");
            if (sql is not null)
            {
                sink = new SqlSink(SqlSinkKind.EntityFramework6, method.Name, sql);
                return true;
            }
        }

        return false;
    }

    /// <summary>A constructor whose argument is SQL text (commands, batch commands, data adapters, CommandDefinition).</summary>
    public bool TryGetConstructorSink(IMethodSymbol constructor, out SqlSink sink)
    {
        sink = default;
        var type = constructor.ContainingType;
        if (type is null || constructor.MethodKind != MethodKind.Constructor || constructor.Parameters.IsEmpty)
        {
            return false;
        }

        // Most constructors take no SQL-text-like string: look at the parameters before the type's hierarchy.
        var parameter = FindSqlTextParameter(constructor);
        if (parameter is null)
        {
            return false;
        }

        // Object creations repeat the same few types: classify each type once.
        if (!_constructedKinds.TryGetValue(type, out var classified))
        {
            classified = ClassifyConstructedType(type);
            _constructedKinds.TryAdd(type, classified);
        }

        if (classified is not { } kind)
        {
            return false;
        }

        sink = new SqlSink(kind, type.Name, parameter);
        return true;
    }

    private SqlSinkKind? ClassifyConstructedType(INamedTypeSymbol type)
    {
        if (_dapperCommandDefinition is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _dapperCommandDefinition))
        {
            return SqlSinkKind.DapperCommandDefinition;
        }

        if (type.IsOrImplements(_dbCommandInterface))
        {
            return SqlSinkKind.CommandConstructor;
        }

        if (type.InheritsFromOrEquals(_dbBatchCommand))
        {
            return SqlSinkKind.BatchCommandConstructor;
        }

        return type.IsOrImplements(_dataAdapterInterface) ? SqlSinkKind.DataAdapterConstructor : null;
    }

    /// <summary>A property whose assigned value is SQL text: <c>CommandText</c> of commands and batch commands.</summary>
    public bool TryGetPropertySink(IPropertySymbol property, ITypeSymbol? receiverType, out SqlSink sink)
    {
        sink = default;
        if (property.Name != "CommandText" || property.IsIndexer || property.Type.SpecialType != SpecialType.System_String)
        {
            return false;
        }

        var type = property.ContainingType;
        if (!type.IsOrImplements(_dbCommandInterface) && !type.InheritsFromOrEquals(_dbBatchCommand))
        {
            return false;
        }

        var shown = receiverType is INamedTypeSymbol { TypeKind: not TypeKind.Error } named ? named : type;
        sink = new SqlSink(SqlSinkKind.CommandText, shown.Name + ".CommandText", null);
        return true;
    }

    /// <summary>The string parameter that carries SQL text: by name, else the first parameter when it is a string.</summary>
    public static IParameterSymbol? FindSqlTextParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.SpecialType == SpecialType.System_String && IsSqlTextParameterName(parameter.Name))
            {
                return parameter;
            }
        }

        var first = method.Parameters.IsEmpty ? null : method.Parameters[0];
        return first is { Type.SpecialType: SpecialType.System_String } ? first : null;
    }

    /// <summary>EF Core's raw-SQL methods (and EF Core 2's <c>FromSql</c>/<c>ExecuteSqlCommand</c>); checked for every call.</summary>
    private static bool IsEfCoreRawMethod(string name)
        => name is "FromSqlRaw" or "ExecuteSqlRaw" or "ExecuteSqlRawAsync" or "SqlQueryRaw" or "FromSql" or "ExecuteSqlCommand" or "ExecuteSqlCommandAsync";

    private static bool IsSqlTextParameterName(string name)
    {
        foreach (var candidate in SqlTextParameterNames)
        {
            if (string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static IParameterSymbol? FindParameter(IMethodSymbol method, string name, INamedTypeSymbol? alternativeType = null)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name != name)
            {
                continue;
            }

            if (parameter.Type.SpecialType == SpecialType.System_String
                || (alternativeType is not null && SymbolEqualityComparer.Default.Equals(parameter.Type, alternativeType)))
            {
                return parameter;
            }
        }

        return null;
    }
}
