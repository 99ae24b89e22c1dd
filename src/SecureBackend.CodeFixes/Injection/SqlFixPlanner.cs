using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Injection;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>A computed SB1001 fix: its kind (equivalence key), title and the rewritten document.</summary>
internal sealed class SqlFix
{
    public SqlFix(string equivalenceKey, string title, Document document)
    {
        EquivalenceKey = equivalenceKey;
        Title = title;
        Document = document;
    }

    public string EquivalenceKey { get; }

    public string Title { get; }

    public Document Document { get; }
}

/// <summary>
/// Decides whether a reported SQL expression can be rewritten into an equivalent parameterized query, and builds the
/// rewrite: EF Core raw methods become their interpolated (parameterizing) counterparts; ADO.NET commands get named
/// parameters; Dapper calls get an anonymous parameter object. Anything it cannot prove equivalent gets no fix.
/// </summary>
internal static class SqlFixPlanner
{
    public static async Task<SqlFix?> PlanAsync(Document document, SyntaxNode reported, CancellationToken cancellationToken)
    {
        if (reported is ArgumentSyntax argument)
        {
            reported = argument.Expression;
        }

        if (reported is not ExpressionSyntax sqlExpression)
        {
            return null;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || SqlAnalysisContext.Create(model.Compilation) is not { } context)
        {
            return null;
        }

        var value = model.GetOperation(sqlExpression, cancellationToken);
        if (value is null || !TryFindSink(value, context, out var sink, out var sinkOperation))
        {
            return null;
        }

        // The SQL is written at the sink, or in a local assigned once and read only there.
        var templateExpression = sqlExpression;
        VariableDeclaratorSyntax? local = null;
        if (value.WalkDownConversions() is ILocalReferenceOperation reference)
        {
            local = FindSingleUseLocal(reference, cancellationToken);
            if (local?.Initializer is null)
            {
                return null;
            }

            templateExpression = local.Initializer.Value;
        }

        while (templateExpression is ParenthesizedExpressionSyntax parenthesized)
        {
            templateExpression = parenthesized.Expression;
        }

        var template = SqlTemplate.Create(templateExpression, model, context, cancellationToken);
        if (template is null || !template.Pieces.Any(static p => p.Kind == SqlPieceKind.TaintedHole))
        {
            return null;
        }

        var plan = new Plan(document, model, context, sqlExpression, templateExpression, local, template, cancellationToken);
        return sink.Kind switch
        {
            SqlSinkKind.EfCoreRaw => await plan.EfCoreAsync((IInvocationOperation)sinkOperation).ConfigureAwait(false),
            SqlSinkKind.CommandConstructor or SqlSinkKind.BatchCommandConstructor or SqlSinkKind.DataAdapterConstructor or SqlSinkKind.CommandText
                => await plan.AdoNetAsync(sink.Kind, sinkOperation).ConfigureAwait(false),
            SqlSinkKind.Dapper or SqlSinkKind.DapperCommandDefinition => await plan.DapperAsync(sinkOperation).ConfigureAwait(false),
            _ => null,
        };
    }

    private static bool TryFindSink(IOperation value, SqlAnalysisContext context, out SqlSink sink, out IOperation sinkOperation)
    {
        sink = default;
        sinkOperation = value;
        var current = value;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation invocation }
                when context.Sinks.TryGetMethodSink(invocation.TargetMethod, out sink) && sink.Parameter?.Ordinal == parameter.Ordinal:
                sinkOperation = invocation;
                return true;
            case IArgumentOperation { Parameter: { } parameter, Parent: IObjectCreationOperation { Constructor: { } constructor } creation }
                when context.Sinks.TryGetConstructorSink(constructor, out sink) && sink.Parameter?.Ordinal == parameter.Ordinal:
                sinkOperation = creation;
                return true;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                when assignment.Value == current && context.Sinks.TryGetPropertySink(property.Property, property.Instance?.Type, out sink):
                sinkOperation = assignment;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The declarator of a local written once (its initializer) and read only by <paramref name="reference"/>.</summary>
    private static VariableDeclaratorSyntax? FindSingleUseLocal(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.IsConst || local.IsRef || local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        foreach (var operation in reference.GetRoot().Descendants())
        {
            if (operation is ILocalReferenceOperation other && other != reference && SymbolEqualityComparer.Default.Equals(other.Local, local))
            {
                return null;
            }
        }

        return local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
    }

    private sealed class Plan
    {
        /// <summary>Marks type names built by the fix whose namespace gets a <c>using</c>.</summary>
        private static readonly SyntaxAnnotation ImportsAnnotation = new("SecureBackend.SB1001.AddImport");

        private readonly Document _document;
        private readonly SemanticModel _model;
        private readonly SqlAnalysisContext _context;
        private readonly ExpressionSyntax _sqlExpression;
        private readonly ExpressionSyntax _templateExpression;
        private readonly VariableDeclaratorSyntax? _local;
        private readonly SqlTemplate _template;
        private readonly CancellationToken _cancellationToken;

        public Plan(
            Document document,
            SemanticModel model,
            SqlAnalysisContext context,
            ExpressionSyntax sqlExpression,
            ExpressionSyntax templateExpression,
            VariableDeclaratorSyntax? local,
            SqlTemplate template,
            CancellationToken cancellationToken)
        {
            _document = document;
            _model = model;
            _context = context;
            _sqlExpression = sqlExpression;
            _templateExpression = templateExpression;
            _local = local;
            _template = template;
            _cancellationToken = cancellationToken;
        }

        // ---------------------------------------------------------------- EF Core

        public async Task<SqlFix?> EfCoreAsync(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var target = InterpolatedCounterpart(method);
            if (target is null || !HasOnlyCancellationArguments(invocation) || invocation.Syntax is not InvocationExpressionSyntax call)
            {
                return null;
            }

            var pieces = _template.Pieces;
            if (pieces.Any(static p => p.Kind == SqlPieceKind.Constant))
            {
                return null; // a constant written as a hole would become a parameter
            }

            var contexts = SqlTextScanner.Analyze(pieces, static p => p.IsHole);
            var replacements = new Dictionary<int, string>();
            for (var i = 0; i < pieces.Count; i++)
            {
                var piece = pieces[i];
                if (!piece.IsHole)
                {
                    continue;
                }

                if (piece.HasFormatOrAlignment || !contexts.TryGetValue(i, out var hole) || !hole.Parameterizable)
                {
                    return null;
                }

                if (hole.Quoted)
                {
                    if (piece.Type?.SpecialType != SpecialType.System_String)
                    {
                        return null;
                    }

                    pieces[i - 1].RemoveEnd = hole.RemoveBefore;
                    pieces[i + 1].RemoveStart = hole.RemoveAfter;
                    if (hole.Prefix.Length > 0 || hole.Suffix.Length > 0)
                    {
                        replacements[i] = SqlTemplateRewriter.Decorate(hole.Prefix, piece.Expression!, hole.Suffix);
                    }
                }
                else if (!_context.IsSafeType(piece.Type))
                {
                    return null; // unquoted text: the provider is unknown, the value's SQL type would change
                }
            }

            var rewritten = SqlTemplateRewriter.ToInterpolated(_template, replacements);
            if (rewritten is null)
            {
                return null;
            }

            var editor = await DocumentEditor.CreateAsync(_document, _cancellationToken).ConfigureAwait(false);
            editor.ReplaceNode(_templateExpression, rewritten);
            if (_local is not null)
            {
                if (_local.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration || _context.FormattableString is null)
                {
                    return null;
                }

                var type = editor.Generator.TypeExpression(_context.FormattableString, addImport: true)
                    .WithAdditionalAnnotations(ImportsAnnotation, Simplifier.Annotation)
                    .WithTriviaFrom(declaration.Type);
                editor.ReplaceNode(declaration.Type, type);
            }

            var name = NameNode(call);
            if (name is null)
            {
                return null;
            }

            editor.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier(target).WithTriviaFrom(name.Identifier)));
            var changed = await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), ImportsAnnotation, cancellationToken: _cancellationToken).ConfigureAwait(false);
            return new SqlFix(SqlInjectionFixer.ParameterizeKey, "Use " + target + " with an interpolated string (parameterized)", changed);
        }

        private string? InterpolatedCounterpart(IMethodSymbol method)
        {
            var candidates = method.Name switch
            {
                "FromSqlRaw" => new[] { "FromSql", "FromSqlInterpolated" },
                "ExecuteSqlRaw" => new[] { "ExecuteSql", "ExecuteSqlInterpolated" },
                "ExecuteSqlRawAsync" => new[] { "ExecuteSqlAsync", "ExecuteSqlInterpolatedAsync" },
                "SqlQueryRaw" => new[] { "SqlQuery" },
                _ => System.Array.Empty<string>(),
            };
            foreach (var candidate in candidates)
            {
                foreach (var member in method.ContainingType.GetMembers(candidate))
                {
                    if (member is IMethodSymbol overload && overload.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, _context.FormattableString)))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        /// <summary>No SQL parameters are passed besides the text (a cancellation token may be).</summary>
        private static bool HasOnlyCancellationArguments(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || parameter.Ordinal == 0 || parameter.Name == "sql")
                {
                    continue;
                }

                if (parameter.Type.Name == "CancellationToken")
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer.ElementValues.IsEmpty: true })
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                return false;
            }

            return true;
        }

        private static SimpleNameSyntax? NameNode(InvocationExpressionSyntax call) => call.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };

        // ---------------------------------------------------------------- placeholders (ADO.NET, Dapper)

        /// <summary>Replaces every tainted hole by a named placeholder; returns the parameters (name → value text), or null.</summary>
        private List<KeyValuePair<string, string>>? Parameterize(SqlProvider provider, string prefix, SqlParameterNames names, out ExpressionSyntax? rewritten)
        {
            rewritten = null;
            var pieces = _template.Pieces;
            foreach (var piece in pieces)
            {
                if (!piece.IsHole)
                {
                    names.ReserveFromSql(piece.Value);
                }
            }

            var contexts = SqlTextScanner.Analyze(pieces, static p => p.Kind == SqlPieceKind.TaintedHole);
            var parameters = new List<KeyValuePair<string, string>>();
            var removed = new HashSet<int>();
            for (var i = 0; i < pieces.Count; i++)
            {
                var piece = pieces[i];
                if (piece.Kind != SqlPieceKind.TaintedHole)
                {
                    continue;
                }

                if (piece.HasFormatOrAlignment || !contexts.TryGetValue(i, out var hole) || !hole.Parameterizable
                    || i == 0 || !pieces[i - 1].IsEditableText || piece.Type?.SpecialType != SpecialType.System_String)
                {
                    return null;
                }

                if (hole.Quoted)
                {
                    if (i + 1 >= pieces.Count || !pieces[i + 1].IsEditableText)
                    {
                        return null;
                    }

                    pieces[i - 1].RemoveEnd = hole.RemoveBefore;
                    pieces[i + 1].RemoveStart = hole.RemoveAfter;
                }
                else if (!SqlParameterNames.ConvertsTextImplicitly(provider))
                {
                    return null; // WHERE Id = " + id: a text parameter compared with a number fails on this provider
                }

                var valueText = SqlTemplateRewriter.Decorate(hole.Prefix, piece.Expression!, hole.Suffix);
                var name = names.NameFor(piece.Expression!, valueText, out var isNew);
                pieces[i - 1].Append += prefix + name;
                removed.Add(i);
                if (isNew)
                {
                    parameters.Add(new KeyValuePair<string, string>(name, valueText));
                }
            }

            rewritten = SqlTemplateRewriter.WithoutHoles(_template, removed);
            return rewritten is null ? null : parameters;
        }

        // ---------------------------------------------------------------- ADO.NET

        public async Task<SqlFix?> AdoNetAsync(SqlSinkKind kind, IOperation sinkOperation)
        {
            if (!TryFindCommand(kind, sinkOperation, out var commandText, out var commandType, out var anchor))
            {
                return null;
            }

            var provider = SqlParameterNames.ProviderOf(commandType);
            if (provider == SqlProvider.Positional)
            {
                return null;
            }

            var names = new SqlParameterNames();
            var parameters = Parameterize(provider, provider == SqlProvider.Oracle ? ":" : "@", names, out var rewritten);
            if (parameters is null || rewritten is null || parameters.Count == 0)
            {
                return null;
            }

            var collection = FindProperty(commandType, "Parameters")?.Type;
            var addWithValue = collection is not null && HasMethod(collection, "AddWithValue", 2);
            if (!addWithValue && !HasMethod(commandType, "CreateParameter", 0))
            {
                return null;
            }

            var statements = new List<StatementSyntax>();
            foreach (var parameter in parameters)
            {
                var placeholder = SymbolDisplay.FormatLiteral((provider == SqlProvider.Oracle ? ":" : "@") + parameter.Key, quote: true);
                if (addWithValue)
                {
                    statements.Add(SyntaxFactory.ParseStatement(commandText + ".Parameters.AddWithValue(" + placeholder + ", " + parameter.Value + ");"));
                    continue;
                }

                var variable = UniqueLocalName(parameter.Key + "Parameter", anchor.SpanStart, names);
                statements.Add(SyntaxFactory.ParseStatement("var " + variable + " = " + commandText + ".CreateParameter();"));
                statements.Add(SyntaxFactory.ParseStatement(variable + ".ParameterName = " + placeholder + ";"));
                statements.Add(SyntaxFactory.ParseStatement(variable + ".Value = " + parameter.Value + ";"));
                statements.Add(SyntaxFactory.ParseStatement(commandText + ".Parameters.Add(" + variable + ");"));
            }

            var editor = await DocumentEditor.CreateAsync(_document, _cancellationToken).ConfigureAwait(false);
            editor.ReplaceNode(_templateExpression, rewritten);
            if (!InsertStatements(editor, anchor, statements))
            {
                return null;
            }

            return new SqlFix(SqlInjectionFixer.ParameterizeKey, "Use command parameters for the values in the SQL", editor.GetChangedDocument());
        }

        /// <summary>
        /// The command the parameters go to (as source text), its type, and the statement after which (or the using
        /// statement in whose body) they are added.
        /// </summary>
        private static bool TryFindCommand(SqlSinkKind kind, IOperation sinkOperation, out string commandText, out ITypeSymbol commandType, out SyntaxNode anchor)
        {
            commandText = "";
            commandType = null!;
            anchor = null!;
            switch (sinkOperation)
            {
                case IObjectCreationOperation creation when creation.Type is { } createdType:
                    if (!TryFindDeclaration(creation.Syntax, out var variable, out anchor))
                    {
                        return false;
                    }

                    commandText = variable;
                    commandType = createdType;
                    break;

                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } } assignment:
                    if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
                        && instance.Type is { } initializedType)
                    {
                        // new SqlCommand { CommandText = … } in a declaration
                        var creationSyntax = assignment.Syntax.Parent?.Parent;
                        if (creationSyntax is null || !TryFindDeclaration(creationSyntax, out var declared, out anchor))
                        {
                            return false;
                        }

                        commandText = declared;
                        commandType = initializedType;
                        break;
                    }

                    if (assignment.Syntax.Parent is not ExpressionStatementSyntax statement || instance.Type is not { } receiverType
                        || !IsSimpleReceiver(instance.Syntax))
                    {
                        return false;
                    }

                    commandText = instance.Syntax.WithoutTrivia().ToString();
                    commandType = receiverType;
                    anchor = statement;
                    break;

                default:
                    return false;
            }

            if (kind == SqlSinkKind.DataAdapterConstructor)
            {
                var selectCommand = FindProperty(commandType, "SelectCommand");
                if (selectCommand is null)
                {
                    return false;
                }

                commandText += ".SelectCommand";
                commandType = selectCommand.Type;
            }

            if (anchor.Parent is GlobalStatementSyntax global)
            {
                anchor = global;
            }

            return anchor is UsingStatementSyntax or GlobalStatementSyntax || anchor.Parent is BlockSyntax or SwitchSectionSyntax;
        }

        /// <summary>The creation initialises a local in a declaration statement or a <c>using (…)</c> header.</summary>
        private static bool TryFindDeclaration(SyntaxNode creation, out string variable, out SyntaxNode anchor)
        {
            variable = "";
            anchor = null!;
            if (creation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                || declarator.Parent is not VariableDeclarationSyntax declaration)
            {
                return false;
            }

            variable = declarator.Identifier.ValueText;
            switch (declaration.Parent)
            {
                case LocalDeclarationStatementSyntax statement:
                    anchor = statement.Parent is GlobalStatementSyntax global ? global : statement;
                    return true;
                case UsingStatementSyntax usingStatement:
                    anchor = usingStatement;
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsSimpleReceiver(SyntaxNode receiver) => receiver switch
        {
            IdentifierNameSyntax => true,
            ThisExpressionSyntax => true,
            MemberAccessExpressionSyntax member => IsSimpleReceiver(member.Expression),
            _ => false,
        };

        private static bool InsertStatements(DocumentEditor editor, SyntaxNode anchor, List<StatementSyntax> statements)
        {
            switch (anchor)
            {
                case UsingStatementSyntax { Statement: BlockSyntax { Statements.Count: > 0 } body }:
                {
                    var first = body.Statements[0];
                    editor.InsertBefore(first, WithTriviaOf(statements, first));
                    return true;
                }

                case UsingStatementSyntax usingStatement:
                {
                    var formatted = statements.Select(static s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
                    if (usingStatement.Statement is BlockSyntax empty)
                    {
                        editor.ReplaceNode(empty, empty.WithStatements(SyntaxFactory.List(formatted)).WithAdditionalAnnotations(Formatter.Annotation));
                    }
                    else
                    {
                        formatted.Add(usingStatement.Statement.WithoutLeadingTrivia());
                        editor.ReplaceNode(usingStatement.Statement, SyntaxFactory.Block(formatted).WithAdditionalAnnotations(Formatter.Annotation));
                    }

                    return true;
                }

                case GlobalStatementSyntax global:
                    editor.InsertAfter(global, WithTriviaOf(statements, global).Select(static s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
                    return true;

                case StatementSyntax statement:
                    editor.InsertAfter(statement, WithTriviaOf(statements, statement));
                    return true;

                default:
                    return false;
            }
        }

        /// <summary>The statements indented like <paramref name="neighbour"/> and ended with its line break.</summary>
        private static IEnumerable<StatementSyntax> WithTriviaOf(List<StatementSyntax> statements, SyntaxNode neighbour)
        {
            var leading = neighbour.GetLeadingTrivia();
            var indentation = SyntaxFactory.TriviaList();
            for (var i = leading.Count - 1; i >= 0 && leading[i].IsKind(SyntaxKind.WhitespaceTrivia); i--)
            {
                indentation = indentation.Insert(0, leading[i]);
            }

            var endOfLine = SyntaxFactory.ElasticCarriageReturnLineFeed;
            foreach (var trivia in neighbour.GetTrailingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    endOfLine = trivia;
                }
            }

            foreach (var statement in statements)
            {
                yield return statement.WithLeadingTrivia(indentation).WithTrailingTrivia(endOfLine);
            }
        }

        private string UniqueLocalName(string baseName, int position, SqlParameterNames names)
        {
            var name = char.ToLowerInvariant(baseName[0]) + baseName.Substring(1);
            var candidate = name;
            for (var n = 2; !_model.LookupSymbols(position, name: candidate).IsEmpty || !IsFreeIdentifier(candidate); n++)
            {
                candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            names.Reserve(candidate);
            return candidate;
        }

        private static bool IsFreeIdentifier(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

        private static IPropertySymbol? FindProperty(ITypeSymbol type, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (member is IPropertySymbol { IsStatic: false, IsIndexer: false } property)
                    {
                        return property;
                    }
                }
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                foreach (var @interface in type.AllInterfaces)
                {
                    foreach (var member in @interface.GetMembers(name))
                    {
                        if (member is IPropertySymbol property)
                        {
                            return property;
                        }
                    }
                }
            }

            return null;
        }

        private static bool HasMethod(ITypeSymbol type, string name, int parameterCount)
        {
            var types = new List<ITypeSymbol>();
            for (var current = type; current is not null; current = current.BaseType)
            {
                types.Add(current);
            }

            types.AddRange(type.AllInterfaces);
            foreach (var candidate in types)
            {
                foreach (var member in candidate.GetMembers(name))
                {
                    if (member is IMethodSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public } method && method.Parameters.Length == parameterCount)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // ---------------------------------------------------------------- Dapper

        public async Task<SqlFix?> DapperAsync(IOperation sinkOperation)
        {
            ArgumentLookup arguments;
            string parameterName;
            SqlProvider provider;
            SeparatedSyntaxList<ArgumentSyntax> syntaxArguments;
            BaseArgumentListSyntax argumentListOwner;
            switch (sinkOperation)
            {
                case IInvocationOperation { Syntax: InvocationExpressionSyntax call } invocation:
                    arguments = new ArgumentLookup(invocation.Arguments);
                    parameterName = "param";
                    provider = SqlParameterNames.ProviderOf(invocation.Arguments.IsEmpty ? null : invocation.Arguments[0].Value.WalkDownConversions().Type);
                    syntaxArguments = call.ArgumentList.Arguments;
                    argumentListOwner = call.ArgumentList;
                    break;
                case IObjectCreationOperation { Syntax: BaseObjectCreationExpressionSyntax { ArgumentList: { } list } } creation:
                    arguments = new ArgumentLookup(creation.Arguments);
                    parameterName = "parameters";
                    provider = SqlProvider.Unknown;
                    syntaxArguments = list.Arguments;
                    argumentListOwner = list;
                    break;
                default:
                    return null;
            }

            if (provider == SqlProvider.Positional)
            {
                return null;
            }

            var sqlArgument = arguments.FindBySyntax(_sqlExpression);
            var paramArgument = arguments.FindByName(parameterName);
            if (sqlArgument?.Syntax is not ArgumentSyntax sqlArgumentSyntax || paramArgument is null)
            {
                return null;
            }

            var existing = paramArgument.ArgumentKind == ArgumentKind.Explicit ? (paramArgument.Syntax as ArgumentSyntax)?.Expression : null;
            var names = new SqlParameterNames();
            AnonymousObjectCreationExpressionSyntax? anonymous = null;
            if (existing is AnonymousObjectCreationExpressionSyntax anonymousObject)
            {
                anonymous = anonymousObject;
                foreach (var member in anonymous.Initializers)
                {
                    names.Reserve(MemberName(member));
                }
            }
            else if (existing is not null && !IsNullLiteral(existing))
            {
                return null; // a parameter object of another kind: the developer adds the values
            }

            var prefix = provider == SqlProvider.Oracle ? ":" : "@";
            var parameters = Parameterize(provider, prefix, names, out var rewritten);
            if (parameters is null || rewritten is null || parameters.Count == 0)
            {
                return null;
            }

            var members = new List<string>();
            foreach (var parameter in parameters)
            {
                members.Add(ImpliedMemberName(parameter.Value) == parameter.Key
                    ? parameter.Value
                    : SqlParameterNames.Identifier(parameter.Key) + " = " + parameter.Value);
            }

            var editor = await DocumentEditor.CreateAsync(_document, _cancellationToken).ConfigureAwait(false);
            if (anonymous is not null)
            {
                var extended = ExtendAnonymousObject(anonymous, members);
                if (extended is null)
                {
                    return null;
                }

                editor.ReplaceNode(anonymous, extended);
            }
            else
            {
                var created = SyntaxFactory.ParseExpression("new { " + string.Join(", ", members) + " }");
                if (existing is not null)
                {
                    editor.ReplaceNode(existing, created.WithTriviaFrom(existing));
                }
                else
                {
                    var index = syntaxArguments.IndexOf(sqlArgumentSyntax);
                    var positional = sqlArgumentSyntax.NameColon is null
                        && paramArgument.Parameter!.Ordinal == sqlArgument.Parameter!.Ordinal + 1
                        && AllLaterArgumentsNamed(syntaxArguments, index);
                    var argument = positional
                        ? SyntaxFactory.Argument(created)
                        : SyntaxFactory.Argument(SyntaxFactory.NameColon(parameterName), default, created);
                    editor.ReplaceNode(_templateExpression, rewritten);
                    editor.ReplaceNode(argumentListOwner, (current, _) => current is BaseArgumentListSyntax list
                        ? list.WithArguments(InsertArgument(list.Arguments, index + 1, argument))
                        : current);
                    return new SqlFix(SqlInjectionFixer.ParameterizeKey, "Pass the values as Dapper parameters", editor.GetChangedDocument());
                }
            }

            editor.ReplaceNode(_templateExpression, rewritten);
            return new SqlFix(SqlInjectionFixer.ParameterizeKey, "Pass the values as Dapper parameters", editor.GetChangedDocument());
        }

        private static bool AllLaterArgumentsNamed(SeparatedSyntaxList<ArgumentSyntax> arguments, int index)
        {
            for (var i = index + 1; i < arguments.Count; i++)
            {
                if (arguments[i].NameColon is null)
                {
                    return false;
                }
            }

            return true;
        }

        private static SeparatedSyntaxList<ArgumentSyntax> InsertArgument(SeparatedSyntaxList<ArgumentSyntax> arguments, int index, ArgumentSyntax argument)
        {
            var nodes = new List<ArgumentSyntax>(arguments);
            nodes.Insert(index, argument);
            var separators = new List<SyntaxToken>();
            for (var i = 0; i < arguments.SeparatorCount; i++)
            {
                separators.Add(arguments.GetSeparator(i));
            }

            separators.Insert(index - 1, SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            return SyntaxFactory.SeparatedList(nodes, separators);
        }

        private static ExpressionSyntax? ExtendAnonymousObject(AnonymousObjectCreationExpressionSyntax anonymous, List<string> members)
        {
            var text = anonymous.WithoutTrivia().ToFullString();
            var start = anonymous.SpanStart;
            string updated;
            if (anonymous.Initializers.Count == 0)
            {
                updated = "new { " + string.Join(", ", members) + " }";
            }
            else
            {
                var last = anonymous.Initializers[anonymous.Initializers.Count - 1];
                var insertAt = last.Span.End - start;
                var separatorAfterLast = anonymous.Initializers.SeparatorCount == anonymous.Initializers.Count;
                if (separatorAfterLast)
                {
                    insertAt = anonymous.Initializers.GetSeparator(anonymous.Initializers.SeparatorCount - 1).Span.End - start;
                    updated = text.Substring(0, insertAt) + " " + string.Join(", ", members) + "," + text.Substring(insertAt);
                }
                else
                {
                    updated = text.Substring(0, insertAt) + ", " + string.Join(", ", members) + text.Substring(insertAt);
                }
            }

            var parsed = SyntaxFactory.ParseExpression(updated);
            return parsed.ContainsDiagnostics ? null : parsed.WithTriviaFrom(anonymous);
        }

        private static string MemberName(AnonymousObjectMemberDeclaratorSyntax member)
            => member.NameEquals?.Name.Identifier.ValueText ?? ImpliedMemberName(member.Expression.ToString()) ?? "";

        /// <summary>The member name C# infers for <c>new { x }</c> / <c>new { a.b }</c>, or null.</summary>
        private static string? ImpliedMemberName(string expression)
            => SyntaxFactory.ParseExpression(expression) switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                _ => null,
            };

        private static bool IsNullLiteral(ExpressionSyntax expression)
            => expression.IsKind(SyntaxKind.NullLiteralExpression) || expression.IsKind(SyntaxKind.DefaultLiteralExpression);
    }

    /// <summary>Argument lookups by parameter name or by syntax.</summary>
    private readonly struct ArgumentLookup
    {
        private readonly System.Collections.Immutable.ImmutableArray<IArgumentOperation> _arguments;

        public ArgumentLookup(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments) => _arguments = arguments;

        public IArgumentOperation? FindByName(string name)
        {
            foreach (var argument in _arguments)
            {
                if (argument.Parameter?.Name == name)
                {
                    return argument;
                }
            }

            return null;
        }

        public IArgumentOperation? FindBySyntax(ExpressionSyntax expression)
        {
            foreach (var argument in _arguments)
            {
                if (argument.Syntax is ArgumentSyntax syntax && syntax.Expression == expression)
                {
                    return argument;
                }
            }

            return null;
        }
    }
}
