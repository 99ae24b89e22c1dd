using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// Whether the text handed to a sink is sent with <c>CommandType.StoredProcedure</c>: then the provider sends it as the
/// name of a procedure to call (an RPC), never parsed as SQL, so building it from fixed pieces cannot inject a
/// statement. Recognised in the same method: Dapper's <c>commandType:</c> argument (on the <c>SqlMapper</c> call or on
/// <c>CommandDefinition</c>), and for ADO.NET commands the <c>CommandType</c> property set in the command's object
/// initializer or on the same local, parameter or field — before or after the text. The value must be the constant
/// <c>StoredProcedure</c>, directly or through locals whose every reaching write is that constant; every
/// <c>CommandType</c> assignment found for the command must agree.
/// </summary>
internal static class StoredProcedureCalls
{
    private const int StoredProcedure = 4; // System.Data.CommandType.StoredProcedure

    public static bool SendsProcedureName(SqlAnalysisContext sql, LocalFlowIndex index, IOperation value, SqlSinkKind kind)
    {
        if (sql.CommandType is null)
        {
            return false;
        }

        switch (kind)
        {
            case SqlSinkKind.Dapper:
                return value.Parent is IArgumentOperation { Parent: IInvocationOperation call }
                    && HasStoredProcedureArgument(sql, call.Arguments);
            case SqlSinkKind.DapperCommandDefinition:
                return value.Parent is IArgumentOperation { Parent: IObjectCreationOperation definition }
                    && HasStoredProcedureArgument(sql, definition.Arguments);
            case SqlSinkKind.CommandConstructor:
            case SqlSinkKind.BatchCommandConstructor:
                return value.Parent is IArgumentOperation { Parent: IObjectCreationOperation creation }
                    && IsStoredProcedureCommand(sql, index, creation, StorageOf(creation));
            case SqlSinkKind.CommandText:
                if (value.Parent is not IAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } })
                {
                    return false;
                }

                if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
                {
                    return CreationOf(instance) is { } initialized && IsStoredProcedureCommand(sql, index, initialized, StorageOf(initialized));
                }

                return CommandSymbol(instance) is { } command && IsStoredProcedureCommand(sql, index, null, command);
            default:
                return false;
        }
    }

    private static bool HasStoredProcedureArgument(SqlAnalysisContext sql, ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter && IsCommandTypeType(sql, parameter.Type))
            {
                return argument.ArgumentKind == ArgumentKind.Explicit && IsStoredProcedure(argument.Value);
            }
        }

        return false;
    }

    /// <summary>
    /// Every <c>CommandType</c> assignment to the command in the method — in the creation's object initializer or on
    /// <paramref name="command"/> — is <c>StoredProcedure</c>, and there is at least one.
    /// </summary>
    private static bool IsStoredProcedureCommand(SqlAnalysisContext sql, LocalFlowIndex index, IObjectCreationOperation? creation, ISymbol? command)
    {
        if (creation is null && command is null)
        {
            return false;
        }

        var found = false;
        foreach (var operation in index.Root.Descendants())
        {
            if (operation is not IAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } target } assignment
                || target.Property.Name != "CommandType"
                || !IsCommandTypeType(sql, target.Property.Type))
            {
                continue;
            }

            bool ours;
            if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
            {
                var initialized = CreationOf(instance);
                ours = initialized is not null && (initialized == creation
                    || (command is not null && SymbolEqualityComparer.Default.Equals(StorageOf(initialized), command)));
            }
            else
            {
                ours = command is not null && SymbolEqualityComparer.Default.Equals(CommandSymbol(instance), command);
            }

            if (!ours)
            {
                continue;
            }

            if (assignment is not ISimpleAssignmentOperation || !IsStoredProcedure(assignment.Value))
            {
                return false;
            }

            found = true;
        }

        return found;
    }

    private static bool IsStoredProcedure(IOperation value) => ValueTrace<bool>.Of(ProcedureType.Instance, value);

    private static bool IsStoredProcedureConstant(IOperation value)
        => value.ConstantValue is { HasValue: true, Value: int number } && number == StoredProcedure;

    /// <summary>
    /// Whether a <c>CommandType</c> value is the constant <c>StoredProcedure</c>, directly or through locals whose every
    /// reaching write is (a policy over <see cref="ValueTrace{T}"/>; branches and other values are not proof).
    /// </summary>
    private sealed class ProcedureType : ValuePolicy<bool>
    {
        public static readonly ProcedureType Instance = new();

        /// <summary>
        /// 8, not <see cref="FlowBudget.MaxDepth"/>: a command type is proof of a stored procedure (and so narrows what
        /// SB1001 reports) only when set from the constant or a short chain of locals holding it.
        /// </summary>
        public override int MaxDepth => 8;

        public override bool Exhausted => false;

        /// <summary>A constant past the budget still counts; a local there is not followed.</summary>
        public override bool ExhaustedAt(IOperation value) => IsStoredProcedureConstant(value);

        public override bool Reaches(IOperation write, ILocalReferenceOperation read) => LocalFlowIndex.MayReach(write, read);

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            result = IsStoredProcedureConstant(value);
            return value.ConstantValue.HasValue || value is not ILocalReferenceOperation;
        }

        public override bool Leaf(IOperation value, int depth) => false;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;

        public override bool Merge(bool first, bool second) => first && second;

        public override bool IsSettled(bool result) => !result;
    }

    private static bool IsCommandTypeType(SqlAnalysisContext sql, ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return SymbolEqualityComparer.Default.Equals(type, sql.CommandType);
    }

    /// <summary>The object creation whose initializer holds <paramref name="receiver"/> (<c>new SqlCommand { … }</c>).</summary>
    private static IObjectCreationOperation? CreationOf(IOperation receiver)
    {
        for (var current = receiver.Parent; current is not null; current = current.Parent)
        {
            if (current is IObjectOrCollectionInitializerOperation initializer)
            {
                return initializer.Parent as IObjectCreationOperation;
            }
        }

        return null;
    }

    /// <summary>The local, parameter or field a created command is stored in (declaration or assignment), or null.</summary>
    private static ISymbol? StorageOf(IOperation creation)
    {
        var current = creation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation assignment when assignment.Value == current => CommandSymbol(assignment.Target),
            _ => null,
        };
    }

    /// <summary>A command held in a local, a parameter or a field of this instance (or a static field).</summary>
    private static ISymbol? CommandSymbol(IOperation instance) => instance.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        _ => null,
    };
}
