using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

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
        context.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(state.AnalyzeObjectCreation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(state.AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
        context.RegisterCompilationEndAction(state.OnCompilationEnd);
    }

    /// <summary>
    /// Per compilation: the sinks, the sinks configured for each file, and the wrapper summaries. Calls of the
    /// compilation's own methods are only recorded here; their arguments are evaluated at compilation end, and only
    /// for the parameters that turned out to reach a sink.
    /// </summary>
    private sealed class CompilationState
    {
        private readonly SqlAnalysisContext _sql;
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<string, ConfiguredSqlSinks> _configured = new(System.StringComparer.Ordinal);
        private readonly ConcurrentDictionary<SyntaxTree, ConfiguredSqlSinks> _configuredByTree = new();
        private TreeSinks? _lastTree;
        private readonly SqlWrapperSummaries _summaries;

        public CompilationState(SqlAnalysisContext sql, Compilation compilation)
        {
            _sql = sql;
            _compilation = compilation;
            _summaries = new SqlWrapperSummaries(sql);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (_sql.Sinks.TryGetMethodSink(method, out var sink) || Configured(context).TryGetMethodSink(method, out sink))
            {
                CheckArgument(context, invocation.Arguments, sink);
                return;
            }

            RecordWrapperCall(method, invocation.Arguments);
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is not { } constructor || creation.Arguments.IsEmpty)
            {
                return;
            }

            if (_sql.Sinks.TryGetConstructorSink(constructor, out var sink) || Configured(context).TryGetMethodSink(constructor, out sink))
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

            if (_sql.Sinks.TryGetPropertySink(target.Property, target.Instance?.Type, out var sink)
                || Configured(context).TryGetPropertySink(target.Property, out sink))
            {
                var appended = assignment is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add };
                if (assignment is ICompoundAssignmentOperation && !appended)
                {
                    return;
                }

                Check(context, assignment.Value, sink, appended);
            }
        }

        public void OnCompilationEnd(CompilationAnalysisContext context)
            => _summaries.Report(context.Compilation, context.Reporter(), context.CancellationToken);

        /// <summary>The sinks named in the <c>.editorconfig</c> of the operation's file (read once per file).</summary>
        private ConfiguredSqlSinks Configured(OperationAnalysisContext context)
        {
            // Callbacks arrive tree by tree: the last answer is usually the right one.
            var tree = context.Operation.Syntax.SyntaxTree;
            var last = Volatile.Read(ref _lastTree);
            if (last is not null && last.Tree == tree)
            {
                return last.Sinks;
            }

            var sinks = ConfiguredFor(context.Options, tree);
            Volatile.Write(ref _lastTree, new TreeSinks(tree, sinks));
            return sinks;
        }

        private ConfiguredSqlSinks ConfiguredFor(AnalyzerOptions options, SyntaxTree tree)
        {
            if (_configuredByTree.TryGetValue(tree, out var sinks))
            {
                return sinks;
            }

            var option = options.GetString(tree, ConfiguredSqlSinks.OptionKey);
            if (string.IsNullOrWhiteSpace(option))
            {
                sinks = ConfiguredSqlSinks.Empty;
            }
            else if (!_configured.TryGetValue(option!, out sinks))
            {
                sinks = _configured.GetOrAdd(option!, ConfiguredSqlSinks.Parse(option, _compilation));
            }

            return _configuredByTree.GetOrAdd(tree, sinks);
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

            var index = GetIndex(value);
            var result = StringTaintEngine.Evaluate(_sql, index, value, appended);
            var procedureName = false;
            if ((result.Piece is not null || !result.PassThroughParameters.IsEmpty)
                && StoredProcedureCalls.SendsProcedureName(_sql, index, value, sink.Kind))
            {
                // A procedure name sent as an RPC: only request-bound input in it is reported.
                procedureName = true;
                if (result.Piece is not null)
                {
                    result = StringTaintEngine.Evaluate(_sql, index, value, appended, requestOnly: true);
                }
            }

            if (result.Piece is { } piece)
            {
                context.Report(Diagnostic.Create(
                    Rules.SqlFromStrings, value.Syntax.GetLocation(), SqlFixData.Properties(sink.Kind, _sql, index, value), sink.DisplayName, StringTaintEngine.Describe(piece)));
                return;
            }

            foreach (var parameter in result.PassThroughParameters)
            {
                if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor })
                {
                    _summaries.AddDirectSink(parameter, procedureName);
                }
            }
        }

        /// <summary>
        /// A call to a method of this compilation: remember each non-constant string argument with the parameter it is
        /// bound to. Nothing is evaluated here; most such calls never reach SQL.
        /// </summary>
        private void RecordWrapperCall(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            if (arguments.IsEmpty || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor))
            {
                return;
            }

            // The arguments first: most calls pass no non-constant string, and the method's assembly is further away.
            var isOwnMethod = (bool?)null;
            foreach (var argument in arguments)
            {
                // The value carries the parameter's type (converted to it), and reading it there allocates nothing;
                // literals are constants without reading the constant.
                var value = argument.Value;
                if (argument.ArgumentKind != ArgumentKind.Explicit
                    || value.Type?.SpecialType != SpecialType.System_String
                    || argument.Parameter is not { RefKind: RefKind.None } parameter
                    || value.Kind is OperationKind.Literal or OperationKind.Invalid
                    || value.ConstantValue.HasValue)
                {
                    continue;
                }

                isOwnMethod ??= SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)
                                && !method.DeclaringSyntaxReferences.IsEmpty;
                if (isOwnMethod == false)
                {
                    return;
                }

                _summaries.AddCall(parameter, argument.Syntax);
            }
        }

        /// <summary>The local-flow index of the body, built the first time a sink or rule in that body needs it and shared.</summary>
        public static LocalFlowIndex GetIndex(IOperation operation) => LocalFlowIndex.For(operation);

        private sealed class TreeSinks
        {
            public TreeSinks(SyntaxTree tree, ConfiguredSqlSinks sinks)
            {
                Tree = tree;
                Sinks = sinks;
            }

            public SyntaxTree Tree { get; }

            public ConfiguredSqlSinks Sinks { get; }
        }
    }
}
