using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Injection;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>
/// ADO.NET commands (constructor text, <c>CommandText</c>, batch commands, data adapters): every tainted hole becomes a
/// named placeholder, and the values are added to the command's parameters next to the command.
/// </summary>
internal sealed class AdoNetSqlRewriter : ISqlRewriter
{
    public bool Handles(SqlSinkKind kind)
        => kind is SqlSinkKind.CommandConstructor or SqlSinkKind.BatchCommandConstructor or SqlSinkKind.DataAdapterConstructor or SqlSinkKind.CommandText;

    public async Task<SqlFix?> RewriteAsync(SqlRewrite rewrite, SqlSinkKind kind, IOperation sinkOperation)
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
        var parameters = rewrite.Parameterize(provider, provider == SqlProvider.Oracle ? ":" : "@", names, out var rewritten);
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

        var command = SyntaxFactory.ParseExpression(commandText);
        var statements = new List<StatementSyntax>();
        foreach (var parameter in parameters)
        {
            var placeholder = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal((provider == SqlProvider.Oracle ? ":" : "@") + parameter.Key));
            var value = SyntaxFactory.ParseExpression(parameter.Value);
            if (value.ContainsDiagnostics)
            {
                return null;
            }

            if (addWithValue)
            {
                statements.Add(SyntaxEdits.CallStatement(command, "Parameters.AddWithValue", placeholder, value));
                continue;
            }

            var variable = UniqueLocalName(rewrite.Model, parameter.Key + "Parameter", anchor.SpanStart, names);
            var name = SyntaxFactory.IdentifierName(variable);
            statements.Add(SyntaxEdits.DeclareVar(variable, SyntaxEdits.Call(command, "CreateParameter")));
            statements.Add(SyntaxEdits.AssignStatement(SyntaxEdits.Member(name, "ParameterName"), placeholder));
            statements.Add(SyntaxEdits.AssignStatement(SyntaxEdits.Member(name, "Value"), value));
            statements.Add(SyntaxEdits.CallStatement(command, "Parameters.Add", name));
        }

        var editor = await DocumentEditor.CreateAsync(rewrite.Document, rewrite.CancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(rewrite.TemplateExpression, rewritten);
        if (!SyntaxEdits.InsertStatements(editor, anchor, statements))
        {
            return null;
        }

        return new SqlFix(editor.GetChangedDocument());
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

    private static string UniqueLocalName(SemanticModel model, string baseName, int position, SqlParameterNames names)
    {
        var name = char.ToLowerInvariant(baseName[0]) + baseName.Substring(1);
        var candidate = name;
        for (var n = 2; !model.LookupSymbols(position, name: candidate).IsEmpty || !IsFreeIdentifier(candidate); n++)
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
}
