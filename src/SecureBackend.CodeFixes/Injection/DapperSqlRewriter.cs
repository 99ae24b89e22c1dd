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
/// Dapper (<c>SqlMapper</c> extension methods, <c>CommandDefinition</c>): every tainted hole becomes a named
/// placeholder, and the values go into the call's anonymous parameter object (created, or extended).
/// </summary>
internal sealed class DapperSqlRewriter : ISqlRewriter
{
    public bool Handles(SqlSinkKind kind) => kind is SqlSinkKind.Dapper or SqlSinkKind.DapperCommandDefinition;

    public async Task<SqlFix?> RewriteAsync(SqlRewrite rewrite, SqlSinkKind kind, IOperation sinkOperation)
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

        var sqlArgument = arguments.FindBySyntax(rewrite.SqlExpression);
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
        var parameters = rewrite.Parameterize(provider, prefix, names, out var rewritten);
        if (parameters is null || rewritten is null || parameters.Count == 0)
        {
            return null;
        }

        var members = new List<AnonymousObjectMemberDeclaratorSyntax>();
        foreach (var parameter in parameters)
        {
            var value = SyntaxFactory.ParseExpression(parameter.Value);
            if (value.ContainsDiagnostics)
            {
                return null;
            }

            members.Add(ImpliedMemberName(parameter.Value) == parameter.Key
                ? SyntaxFactory.AnonymousObjectMemberDeclarator(value)
                : SyntaxFactory.AnonymousObjectMemberDeclarator(
                    SyntaxFactory.NameEquals(
                        SyntaxFactory.IdentifierName(SyntaxFactory.ParseToken(SqlParameterNames.Identifier(parameter.Key)).WithTrailingTrivia(SyntaxFactory.Space)),
                        SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space)),
                    value));
        }

        var editor = await DocumentEditor.CreateAsync(rewrite.Document, rewrite.CancellationToken).ConfigureAwait(false);
        if (anonymous is not null)
        {
            editor.ReplaceNode(anonymous, ExtendAnonymousObject(anonymous, members));
        }
        else
        {
            var created = NewAnonymousObject(members);
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
                editor.ReplaceNode(rewrite.TemplateExpression, rewritten);
                editor.ReplaceNode(argumentListOwner, (current, _) => current is BaseArgumentListSyntax list
                    ? list.WithArguments(InsertArgument(list.Arguments, index + 1, argument))
                    : current);
                return new SqlFix(editor.GetChangedDocument());
            }
        }

        editor.ReplaceNode(rewrite.TemplateExpression, rewritten);
        return new SqlFix(editor.GetChangedDocument());
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

    /// <summary><c>new { a, b = c }</c>.</summary>
    private static AnonymousObjectCreationExpressionSyntax NewAnonymousObject(List<AnonymousObjectMemberDeclaratorSyntax> members)
        => SyntaxEdits.Plain(SyntaxFactory.AnonymousObjectCreationExpression(
            SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.SeparatedList(members, SyntaxEdits.Separators(members.Count - 1)),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space)));

    /// <summary>The anonymous object with <paramref name="members"/> added after its own, on the line of its last member.</summary>
    private static AnonymousObjectCreationExpressionSyntax ExtendAnonymousObject(AnonymousObjectCreationExpressionSyntax anonymous, List<AnonymousObjectMemberDeclaratorSyntax> members)
    {
        var initializers = anonymous.Initializers;
        if (initializers.Count == 0)
        {
            return NewAnonymousObject(members).WithTriviaFrom(anonymous);
        }

        var items = new List<SyntaxNodeOrToken>();
        for (var i = 0; i < initializers.Count - 1; i++)
        {
            items.Add(initializers[i]);
            items.Add(initializers.GetSeparator(i));
        }

        var last = initializers[initializers.Count - 1];
        if (initializers.SeparatorCount == initializers.Count)
        {
            // new { a, } → new { a, b, }: the new members follow the trailing comma and get one of their own.
            var trailing = initializers.GetSeparator(initializers.Count - 1);
            items.Add(last);
            items.Add(trailing.WithTrailingTrivia());
            AddMembers(items, members, SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxFactory.TriviaList());
            items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(trailing.TrailingTrivia));
        }
        else
        {
            items.Add(last.WithoutTrailingTrivia());
            items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            AddMembers(items, members, SyntaxFactory.TriviaList(), last.GetTrailingTrivia());
        }

        return SyntaxEdits.Plain(anonymous.WithInitializers(SyntaxFactory.SeparatedList<AnonymousObjectMemberDeclaratorSyntax>(items)));
    }

    private static void AddMembers(List<SyntaxNodeOrToken> items, List<AnonymousObjectMemberDeclaratorSyntax> members, SyntaxTriviaList leading, SyntaxTriviaList trailing)
    {
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            if (i == 0)
            {
                member = member.WithLeadingTrivia(leading);
            }

            if (i == members.Count - 1)
            {
                items.Add(member.WithTrailingTrivia(trailing));
                break;
            }

            items.Add(member);
            items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        }
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
