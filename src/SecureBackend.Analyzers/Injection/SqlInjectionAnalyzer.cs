using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// SB1001: SQL text built from non-constant strings (or taken whole from the request) reaching an ADO.NET command,
/// batch command or data adapter, an EF Core / EF6 raw-SQL method, Dapper, a sink named in <c>.editorconfig</c>, or a
/// method of the compilation that forwards its string parameter to one of those.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqlInjectionAnalyzer : SecureBackendAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Rules.SqlFromStrings, Rules.SqlFromStringsThroughWrapper);

    protected override bool IsRelevant(KnownTypes types) => !SqlSinkCatalogue.Create(types).IsEmpty;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var sql = SqlAnalysisContext.Create(context.Compilation);
        if (sql is null)
        {
            return;
        }

        var state = new CompilationState(sql, context.Compilation);
        context.RegisterOperationBlockStartAction(state.OnBlockStart);
        context.RegisterCompilationEndAction(state.OnCompilationEnd);
    }

    private sealed class CompilationState
    {
        private readonly SqlAnalysisContext _sql;
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<string, ConfiguredSqlSinks> _configured = new(System.StringComparer.Ordinal);

        public CompilationState(SqlAnalysisContext sql, Compilation compilation)
        {
            _sql = sql;
            _compilation = compilation;
        }

        public SqlAnalysisContext Sql => _sql;

        public SqlWrapperSummaries Summaries { get; } = new();

        public void OnBlockStart(OperationBlockStartAnalysisContext context)
        {
            if (context.OperationBlocks.IsEmpty)
            {
                return;
            }

            var tree = context.OperationBlocks[0].Syntax.SyntaxTree;
            var option = context.Options.GetString(tree, ConfiguredSqlSinks.OptionKey);
            var configured = string.IsNullOrWhiteSpace(option)
                ? ConfiguredSqlSinks.Empty
                : GetConfigured(option!);

            var block = new BlockAnalysis(this, configured);
            context.RegisterOperationAction(block.AnalyzeInvocation, OperationKind.Invocation);
            context.RegisterOperationAction(block.AnalyzeObjectCreation, OperationKind.ObjectCreation);
            context.RegisterOperationAction(block.AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
        }

        private ConfiguredSqlSinks GetConfigured(string option)
        {
            if (!_configured.TryGetValue(option, out var sinks))
            {
                sinks = _configured.GetOrAdd(option, ConfiguredSqlSinks.Parse(option, _compilation));
            }

            return sinks;
        }

        public void OnCompilationEnd(CompilationAnalysisContext context) => Summaries.Report(context.ReportDiagnostic);
    }

    /// <summary>Per method body: the sinks configured for its file and the lazily built local-flow index.</summary>
    private sealed class BlockAnalysis
    {
        private readonly CompilationState _state;
        private readonly ConfiguredSqlSinks _configured;
        private readonly Dictionary<IOperation, SqlFlowIndex> _indexes = new();

        public BlockAnalysis(CompilationState state, ConfiguredSqlSinks configured)
        {
            _state = state;
            _configured = configured;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (_state.Sql.Sinks.TryGetMethodSink(method, out var sink) || _configured.TryGetMethodSink(method, out sink))
            {
                CheckArgument(context, invocation.Arguments, sink);
                return;
            }

            RecordWrapperCall(method, invocation.Arguments);
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is not { } constructor)
            {
                return;
            }

            if (_state.Sql.Sinks.TryGetConstructorSink(constructor, out var sink) || _configured.TryGetMethodSink(constructor, out sink))
            {
                CheckArgument(context, creation.Arguments, sink);
                return;
            }

            RecordWrapperCall(constructor, creation.Arguments);
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (IAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation target)
            {
                return;
            }

            if (_state.Sql.Sinks.TryGetPropertySink(target.Property, target.Instance?.Type, out var sink)
                || _configured.TryGetPropertySink(target.Property, out sink))
            {
                var appended = assignment is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add };
                if (assignment is ICompoundAssignmentOperation && !appended)
                {
                    return;
                }

                Check(context, assignment.Value, sink, appended);
            }
        }

        private void CheckArgument(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, SqlSink sink)
        {
            var ordinal = sink.Parameter?.Ordinal ?? -1;
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    Check(context, argument.Value, sink, appended: false);
                    return;
                }
            }
        }

        private void Check(OperationAnalysisContext context, IOperation value, SqlSink sink, bool appended)
        {
            if (value.ConstantValue.HasValue || value is IInvalidOperation)
            {
                return;
            }

            var result = SqlTaintEvaluator.Evaluate(_state.Sql, GetIndex(value), value, appended);
            if (result.Piece is { } piece)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Rules.SqlFromStrings, value.Syntax.GetLocation(), sink.DisplayName, SqlTaintEvaluator.Describe(piece)));
                return;
            }

            foreach (var parameter in result.PassThroughParameters)
            {
                if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor })
                {
                    _state.Summaries.AddDirectSink(parameter);
                }
            }
        }

        /// <summary>A call to a method of this compilation: remember string-built arguments and forwarded parameters.</summary>
        private void RecordWrapperCall(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            if (method.DeclaringSyntaxReferences.IsEmpty
                || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor))
            {
                return;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter is not { Type.SpecialType: SpecialType.System_String, RefKind: RefKind.None } parameter
                    || argument.ArgumentKind != ArgumentKind.Explicit)
                {
                    continue;
                }

                var value = argument.Value;
                if (value.ConstantValue.HasValue || value is IInvalidOperation)
                {
                    continue;
                }

                var result = SqlTaintEvaluator.Evaluate(_state.Sql, GetIndex(value), value);
                if (result.Piece is { } piece)
                {
                    _state.Summaries.AddCandidate(parameter, value.Syntax.GetLocation(), SqlTaintEvaluator.Describe(piece));
                }

                foreach (var forwarded in result.PassThroughParameters)
                {
                    _state.Summaries.AddEdge(forwarded, parameter);
                }
            }
        }

        private SqlFlowIndex GetIndex(IOperation operation)
        {
            var root = operation.GetRoot();
            lock (_indexes)
            {
                if (!_indexes.TryGetValue(root, out var index))
                {
                    index = new SqlFlowIndex(root);
                    _indexes.Add(root, index);
                }

                return index;
            }
        }
    }
}
