using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>
/// SB2003: names SHA-256 (keeping an explicit SHA-384/SHA-512) and raises the iterations to OWASP's minimum for that
/// hash. <c>new Rfc2898DeriveBytes(password, salt, …)</c> used once for <c>GetBytes(n)</c> becomes the static
/// <c>Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, hash, n)</c> where the framework has it; any other use
/// keeps the constructor and gets the new arguments. <c>PasswordDeriveBytes</c> (PBKDF1) gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakKeyDerivationFixer)), Shared]
public sealed class WeakKeyDerivationFixer : SecureBackendFixer
{
    public const string StrengthenKey = "SB2003.Strengthen";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakKeyDerivation);

    /// <summary>The settings (hash, iterations) are read from the bound call.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        var model = offer.Model;
        var node = offer.Root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var operation = model.GetOperation(node, offer.CancellationToken);
        var symbols = CryptoSymbols.Get(KnownTypes.Get(model.Compilation));
        if (operation is not null && WeakKeyDerivationAnalyzer.TryGetSettings(operation, symbols, out var settings) && settings.IsWeak(out _))
        {
            yield return new FixAction("Use PBKDF2 with a strong hash and enough iterations", StrengthenKey);
        }
    }

    protected override Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        => FixOneByOneAsync(document, diagnostics, (current, node, _) => RewriteAsync(current, node.Span, cancellationToken), cancellationToken);

    private static async Task<Document?> RewriteAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;
        var node = editor.OriginalRoot.FindNode(span, getInnermostNodeForTie: true);
        var operation = model.GetOperation(node, cancellationToken);
        var symbols = CryptoSymbols.Get(KnownTypes.Get(model.Compilation));
        if (operation is null || !WeakKeyDerivationAnalyzer.TryGetSettings(operation, symbols, out var settings) || !settings.IsWeak(out _))
        {
            return document;
        }

        var hash = settings.Hash is "SHA384" or "SHA512" && !settings.HashIsDefault ? settings.Hash : "SHA256";
        var keepIterations = settings.Iterations is null;
        SyntaxNode iterations = keepIterations ? settings.IterationsArgument!.Value.Syntax.WithoutTrivia() : IterationsLiteral(KeyDerivationSettings.MinimumIterations(hash));
        var generator = editor.Generator;

        if (operation is IInvocationOperation { TargetMethod.Name: "Pbkdf2" } invocation
            && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.KeyDerivation))
        {
            var prf = generator.MemberAccessExpression(Type(generator, symbols.KeyDerivationPrf!), "HMAC" + hash);
            Replace(editor, settings.HashArgument, prf);
            Replace(editor, settings.IterationsArgument, iterations);
            return editor.GetChangedDocument();
        }

        var hashName = generator.MemberAccessExpression(Type(generator, symbols.HashAlgorithmName!), hash);
        if (operation is IObjectCreationOperation creation)
        {
            if (TryUseStaticPbkdf2(editor, creation, symbols, iterations, hashName))
            {
                return editor.GetChangedDocument();
            }

            var arguments = (creation.Syntax as BaseObjectCreationExpressionSyntax)?.ArgumentList;
            if (arguments is null || arguments.Arguments.Any(a => a.NameColon is not null))
            {
                return document;
            }

            // (password, salt) / (password, saltSize) and (…, iterations): append what is missing.
            var list = arguments.Arguments;
            if (settings.IterationsArgument is null)
            {
                list = list.Add(SyntaxFactory.Argument((ExpressionSyntax)iterations));
            }
            else if (!keepIterations)
            {
                list = list.Replace(list[settings.IterationsArgument.Parameter!.Ordinal], SyntaxFactory.Argument((ExpressionSyntax)iterations).WithTriviaFrom(list[settings.IterationsArgument.Parameter!.Ordinal]));
            }

            if (settings.HashArgument is null)
            {
                list = list.Add(SyntaxFactory.Argument((ExpressionSyntax)hashName));
            }
            else
            {
                var index = settings.HashArgument.Parameter!.Ordinal;
                list = list.Replace(list[index], SyntaxFactory.Argument((ExpressionSyntax)hashName).WithTriviaFrom(list[index]));
            }

            editor.ReplaceNode(arguments, arguments.WithArguments(list).WithAdditionalAnnotations(Formatter.Annotation));
            return editor.GetChangedDocument();
        }

        Replace(editor, settings.HashArgument, hashName);
        if (!keepIterations)
        {
            Replace(editor, settings.IterationsArgument, iterations);
        }

        return editor.GetChangedDocument();
    }

    /// <summary>
    /// <c>new Rfc2898DeriveBytes(password, salt, …).GetBytes(n)</c>, directly or through a local read once, becomes
    /// <c>Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, hash, n)</c>.
    /// </summary>
    private static bool TryUseStaticPbkdf2(DocumentEditor editor, IObjectCreationOperation creation, CryptoSymbols symbols, SyntaxNode iterations, SyntaxNode hashName)
    {
        var type = symbols.Rfc2898DeriveBytes;
        if (type is null || type.GetMembers("Pbkdf2").IsEmpty || creation.Arguments.Length < 2
            || creation.Arguments[1].Parameter?.Type is not IArrayTypeSymbol || creation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit))
        {
            return false;
        }

        IInvocationOperation? getBytes = null;
        SyntaxNode? declaration = null;
        var parent = HashValueShapes.ParentSkippingConversions(creation, out var child);
        if (parent is IInvocationOperation { TargetMethod.Name: "GetBytes" } direct && direct.Instance == child)
        {
            getBytes = direct;
        }
        else if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                 && declarator.Syntax.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement })
        {
            var reads = HashValueShapes.LocalReads(creation.GetRoot(), declarator.Symbol);
            if (reads.Count == 1 && reads[0].Parent is IInvocationOperation { TargetMethod.Name: "GetBytes" } viaLocal && viaLocal.Instance == reads[0])
            {
                getBytes = viaLocal;
                declaration = statement;
            }
        }

        if (getBytes is null || getBytes.Arguments.Length != 1)
        {
            return false;
        }

        var generator = editor.Generator;
        var call = generator.InvocationExpression(
            generator.MemberAccessExpression(Type(generator, type), "Pbkdf2"),
            creation.Arguments[0].Value.Syntax.WithoutTrivia(),
            creation.Arguments[1].Value.Syntax.WithoutTrivia(),
            iterations,
            hashName,
            getBytes.Arguments[0].Value.Syntax.WithoutTrivia());
        editor.ReplaceNode(getBytes.Syntax, call.WithTriviaFrom(getBytes.Syntax));
        if (declaration is not null)
        {
            editor.RemoveNode(declaration, SyntaxRemoveOptions.KeepUnbalancedDirectives);
        }

        return true;
    }

    private static void Replace(DocumentEditor editor, IArgumentOperation? argument, SyntaxNode value)
    {
        if (argument is not null && argument.ArgumentKind == ArgumentKind.Explicit)
        {
            editor.ReplaceNode(argument.Value.Syntax, value.WithTriviaFrom(argument.Value.Syntax));
        }
    }

    private static SyntaxNode Type(SyntaxGenerator generator, INamedTypeSymbol type)
        => generator.TypeExpression(type).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);

    private static LiteralExpressionSyntax IterationsLiteral(int value)
        => SyntaxFactory.LiteralExpression(
            SyntaxKind.NumericLiteralExpression,
            SyntaxFactory.Literal(value.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", "_"), value));
}
