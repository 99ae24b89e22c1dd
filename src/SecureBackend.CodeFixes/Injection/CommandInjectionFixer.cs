using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Injection;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>
/// SB1002 fix: an argument string that is a simple space-separated concatenation or interpolation of literal words and
/// whole values (<c>"-i " + input + " -o \"" + output + "\""</c>) becomes one <c>ProcessStartInfo.ArgumentList</c>
/// element per argument, so no value can add arguments: <c>Process.Start(file, args)</c> becomes
/// <c>Process.Start(new ProcessStartInfo(file) { ArgumentList = { … } })</c>, the constructor argument and the
/// <c>Arguments = …</c> initializer become an <c>ArgumentList</c> collection initializer, and <c>psi.Arguments = …;</c>
/// becomes one <c>psi.ArgumentList.Add(…);</c> per argument. Quotes around a whole value are dropped (ArgumentList
/// quotes for itself). No fix when a value is glued to other text, a word holds quotes or backslashes, a hole has a
/// format, the program name is the flagged value, or <c>ArgumentList</c> does not exist in the target framework.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CommandInjectionFixer)), Shared]
public sealed class CommandInjectionFixer : SecureBackendFixer
{
    public const string ArgumentListKey = "SB1002.UseArgumentList";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CommandInjection);

    /// <summary>Whether the arguments split into words the fix can pass one by one needs the bound command line.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (FindRewrite(offer.Root, offer.Model, diagnostic, offer.CancellationToken) is not null)
        {
            yield return new FixAction("Pass each argument through ProcessStartInfo.ArgumentList", ArgumentListKey);
        }
    }

    protected override void Fix(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FindRewrite(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken)?.Invoke(editor);
        }

    }

    private static System.Action<DocumentEditor>? FindRewrite(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(CommandInjectionAnalyzer.SinkProperty, out var sink) || sink != "Arguments"
            || !root.FullSpan.Contains(diagnostic.Location.SourceSpan)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
        {
            return null;
        }

        var startInfo = KnownTypes.Get(model.Compilation).Get("System.Diagnostics.ProcessStartInfo");
        if (startInfo is null || startInfo.GetMembers("ArgumentList").IsEmpty)
        {
            return null;
        }

        var arguments = ArgumentWords.Split(value, model, cancellationToken);
        if (arguments is null)
        {
            return null;
        }

        switch (value.Parent)
        {
            case ArgumentSyntax { NameColon: null, Parent: ArgumentListSyntax { Arguments.Count: 2 } list } argument
                when list.Arguments[1] == argument && list.Arguments[0].NameColon is null:
                var file = list.Arguments[0].Expression;
                if (list.Parent is InvocationExpressionSyntax invocation)
                {
                    return editor => editor.ReplaceNode(invocation.ArgumentList, (current, _) =>
                    {
                        var creation = NewStartInfo(startInfo, editor.Generator, file, arguments, null);
                        return SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(creation))).WithTriviaFrom(current);
                    });
                }

                if (list.Parent is ObjectCreationExpressionSyntax creationSyntax)
                {
                    return editor => editor.ReplaceNode(creationSyntax, (current, _) =>
                        NewStartInfo(startInfo, editor.Generator, file, arguments, ((ObjectCreationExpressionSyntax)current).Initializer).WithTriviaFrom(current));
                }

                return null;

            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax, Parent: InitializerExpressionSyntax } initializer
                when initializer.Right == value:
                return editor => editor.ReplaceNode(initializer, (current, _) => ArgumentListInitializer(arguments).WithTriviaFrom(current));

            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: MemberAccessExpressionSyntax member, Parent: ExpressionStatementSyntax statement } assignment
                when assignment.Right == value && IsPlainReceiver(member.Expression) && statement.Parent is BlockSyntax or SwitchSectionSyntax:
                return editor =>
                {
                    var statements = new List<SyntaxNode>();
                    foreach (var word in arguments)
                    {
                        statements.Add(SyntaxEdits.CallStatement(member.Expression.WithoutTrivia(), "ArgumentList.Add", SyntaxFactory.ParseExpression(word))
                            .WithLeadingTrivia(statement.GetLeadingTrivia())
                            .WithTrailingTrivia(statement.GetTrailingTrivia()));
                    }

                    editor.InsertAfter(statement, statements.Skip(1));
                    editor.ReplaceNode(statement, statements[0]);
                };
        }

        return null;
    }

    private static bool IsPlainReceiver(ExpressionSyntax receiver)
        => receiver switch
        {
            IdentifierNameSyntax or ThisExpressionSyntax => true,
            MemberAccessExpressionSyntax { Expression: var inner } => IsPlainReceiver(inner),
            _ => false,
        };

    private static ObjectCreationExpressionSyntax NewStartInfo(INamedTypeSymbol startInfo, SyntaxGenerator generator, ExpressionSyntax file, List<string> arguments, InitializerExpressionSyntax? existing)
    {
        var type = SyntaxEdits.TypeName(generator, startInfo);
        var initializers = new List<ExpressionSyntax> { ArgumentListInitializer(arguments) };
        if (existing is not null)
        {
            foreach (var expression in existing.Expressions)
            {
                initializers.Add(expression.WithoutTrivia());
            }
        }

        return SyntaxFactory.ObjectCreationExpression(
            SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
            type,
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(file.WithoutTrivia()))),
            SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.SeparatedList(initializers, SyntaxEdits.Separators(initializers.Count - 1)),
                SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space)));
    }

    /// <summary><c>ArgumentList = { … }</c>, every token with plain spaces (no elastic trivia for the formatter to rearrange).</summary>
    private static ExpressionSyntax ArgumentListInitializer(List<string> arguments)
    {
        var words = new List<ExpressionSyntax>();
        foreach (var word in arguments)
        {
            words.Add(SyntaxFactory.ParseExpression(word));
        }

        return SyntaxEdits.Plain(SyntaxEdits.AssignStatement(
            SyntaxFactory.IdentifierName("ArgumentList"),
            SyntaxFactory.InitializerExpression(
                SyntaxKind.CollectionInitializerExpression,
                SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.SeparatedList(words, SyntaxEdits.Separators(words.Count - 1)),
                SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space))).Expression);
    }
}

/// <summary>Splits an argument string built by concatenation or interpolation into the C# expressions of its arguments.</summary>
internal static class ArgumentWords
{
    /// <summary>The source text of each argument, or null when the string is not a simple space-separated list.</summary>
    public static List<string>? Split(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        var top = value;
        while (top is ParenthesizedExpressionSyntax parenthesized)
        {
            top = parenthesized.Expression;
        }

        // Only text the code visibly assembles: an opaque value (a call, a builder's text) may hold several arguments.
        var pieces = new List<object>();
        if (top is not (InterpolatedStringExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression })
            || !Flatten(value, model, pieces, cancellationToken))
        {
            return null;
        }

        var words = new List<string>();
        var current = new List<object>();
        var text = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (piece is string literal)
            {
                foreach (var c in literal)
                {
                    if (char.IsWhiteSpace(c))
                    {
                        if (!EndWord(current, text, words, model, cancellationToken))
                        {
                            return null;
                        }
                    }
                    else
                    {
                        text.Append(c);
                    }
                }
            }
            else
            {
                if (text.Length > 0)
                {
                    current.Add(text.ToString());
                    text.Clear();
                }

                current.Add(piece);
            }
        }

        return EndWord(current, text, words, model, cancellationToken) && words.Count > 0 ? words : null;
    }

    private static bool EndWord(List<object> current, StringBuilder text, List<string> words, SemanticModel model, CancellationToken cancellationToken)
    {
        if (text.Length > 0)
        {
            current.Add(text.ToString());
            text.Clear();
        }

        string? word = null;
        switch (current.Count)
        {
            case 0:
                return true;
            case 1 when current[0] is string literal:
                if (literal.IndexOf('"') >= 0 || literal.IndexOf('\\') >= 0)
                {
                    return false;
                }

                word = SymbolDisplay.FormatLiteral(literal, quote: true);
                break;
            case 1 when current[0] is ExpressionSyntax hole:
                word = HoleText(hole, model, cancellationToken);
                break;
            case 3 when current[0] is "\"" && current[1] is ExpressionSyntax quoted && current[2] is "\"":
                word = HoleText(quoted, model, cancellationToken);
                break;
        }

        current.Clear();
        if (word is null)
        {
            return false;
        }

        words.Add(word);
        return true;
    }

    private static string? HoleText(ExpressionSyntax hole, SemanticModel model, CancellationToken cancellationToken)
    {
        var type = model.GetTypeInfo(hole, cancellationToken).Type;
        var text = hole.WithoutTrivia().ToString();
        if (type?.SpecialType == SpecialType.System_String)
        {
            return text;
        }

        if (type is { IsValueType: true } && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T)
        {
            var simple = hole is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax;
            return (simple ? text : "(" + text + ")") + ".ToString()";
        }

        return null;
    }

    private static bool Flatten(ExpressionSyntax expression, SemanticModel model, List<object> pieces, CancellationToken cancellationToken)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        switch (expression)
        {
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal:
                pieces.Add(literal.Token.ValueText);
                return true;
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    switch (content)
                    {
                        case InterpolatedStringTextSyntax text:
                            pieces.Add(text.TextToken.ValueText);
                            break;
                        case InterpolationSyntax { AlignmentClause: null, FormatClause: null } hole:
                            pieces.Add(hole.Expression);
                            break;
                        default:
                            return false;
                    }
                }

                return true;
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } binary
                when model.GetTypeInfo(binary, cancellationToken).Type?.SpecialType == SpecialType.System_String:
                return Flatten(binary.Left, model, pieces, cancellationToken) && Flatten(binary.Right, model, pieces, cancellationToken);
            default:
                pieces.Add(expression);
                return true;
        }
    }
}
