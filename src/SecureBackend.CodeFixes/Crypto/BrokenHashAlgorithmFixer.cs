using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>
/// SB2001: replaces MD5/SHA-1/RIPEMD-160 with SHA-256 and HMAC-MD5/HMAC-SHA1 with HMAC-SHA256 — <c>MD5.HashData</c> →
/// <c>SHA256.HashData</c>, <c>SHA1.Create()</c>/<c>new SHA1Managed()</c> → <c>SHA256.Create()</c>, <c>new HMACSHA1(key)</c>
/// → <c>new HMACSHA256(key)</c>, <c>HashAlgorithmName.SHA1</c> → <c>HashAlgorithmName.SHA256</c>, a literal algorithm
/// name → its SHA-256 counterpart. Offered only when the digest size is not fixed and the digest is not compared
/// (in the method, or by the callers/members it escapes to), since a new algorithm would no longer match stored values.
/// The analyzer decides what the body shows (<see cref="BrokenHashFixData"/>); the fixer searches only the references of
/// the methods and members the digest escapes to.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BrokenHashAlgorithmFixer)), Shared]
public sealed class BrokenHashAlgorithmFixer : SecureBackendFixer
{
    public const string UseSha256Key = "SB2001.UseSha256";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BrokenHashAlgorithm);

    protected override async Task<IEnumerable<FixAction>> OfferAsync(FixOffer offer, Diagnostic diagnostic)
        => await IsSafeAsync(offer.Document, diagnostic, offer.CancellationToken).ConfigureAwait(false)
            ? new[] { new FixAction("Use SHA-256 (HMAC-SHA256 for keyed hashes)", UseSha256Key) }
            : Array.Empty<FixAction>();

    /// <summary>
    /// Fix All rewrites only what a single fix would: the diagnostics the analyzer found rewritable whose digest no
    /// caller or member use compares.
    /// </summary>
    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var safe = ImmutableArray.CreateBuilder<Diagnostic>(diagnostics.Length);
        foreach (var diagnostic in diagnostics)
        {
            if (await IsSafeAsync(document, diagnostic, cancellationToken).ConfigureAwait(false))
            {
                safe.Add(diagnostic);
            }
        }

        return await FixOneByOneAsync(document, safe.ToImmutable(), (current, node, _) => RewriteAsync(current, node.Span, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the analyzer handed over (<see cref="BrokenHashFixData"/>): whether the body allows the rewrite, and the
    /// methods and members the digest escapes to, whose references are searched here for a comparison.
    /// </summary>
    private static async Task<bool> IsSafeAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Properties.ContainsKey(BrokenHashAlgorithmAnalyzer.KindProperty) || !BrokenHashFixData.IsRewritable(diagnostic))
        {
            return false; // an algorithm named at run time, DSA, or a digest compared, sized or out of sight
        }

        var escapes = BrokenHashFixData.GetEscapes(diagnostic);
        return escapes.Length == 0 || !await DigestUses.MayBeComparedAsync(document.Project, escapes, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Rewrite
    {
        public Rewrite(bool hmac, SyntaxNode? declaredType)
        {
            Hmac = hmac;
            DeclaredType = declaredType;
        }

        public bool Hmac { get; }

        /// <summary>An explicit local type (<c>MD5 md5 = …</c>) that must change along.</summary>
        public SyntaxNode? DeclaredType { get; }
    }

    /// <summary>The shape of the rewrite at the reported operation (the analyzer found where its digest goes).</summary>
    private static Rewrite? Plan(IOperation operation, CryptoSymbols symbols)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "HashData" or "HashDataAsync" } invocation when symbols.BrokenAlgorithmOf(invocation.TargetMethod.ContainingType) is not null:
                return new Rewrite(IsHmac(invocation.TargetMethod.ContainingType, symbols), null);

            case IInvocationOperation { TargetMethod.Name: "Create" or "CreateFromName" } invocation:
                return new Rewrite(IsHmacFactory(invocation, symbols), DeclaredType(invocation, symbols));

            case IObjectCreationOperation creation:
                return new Rewrite(IsHmac(creation.Type, symbols), DeclaredType(creation, symbols));

            default:
                // HashAlgorithmName.MD5/SHA1 passed to IncrementalHash or CryptographicOperations.
                return operation.WalkDownConversions() is IPropertyReferenceOperation && operation.Parent is IArgumentOperation { Parent: IInvocationOperation call }
                    ? new Rewrite(call.TargetMethod.Name.IndexOf("HMAC", System.StringComparison.OrdinalIgnoreCase) >= 0, null)
                    : null;
        }
    }

    /// <summary>The explicit type of the local that receives <paramref name="creation"/>, when it names the broken algorithm.</summary>
    private static TypeSyntax? DeclaredType(IOperation creation, CryptoSymbols symbols)
        => HashValueShapes.ParentSkippingConversions(creation, out _) is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
           && declarator.Syntax.Parent is VariableDeclarationSyntax { Type: { IsVar: false } type }
           && symbols.BrokenAlgorithmOf(declarator.Symbol.Type) is not null
            ? type
            : null;

    private static bool IsHmac(ITypeSymbol? type, CryptoSymbols symbols) => type.InheritsFromOrEquals(symbols.Hmac);

    private static bool IsHmacFactory(IInvocationOperation invocation, CryptoSymbols symbols)
    {
        if (invocation.Arguments.Length > 0 && invocation.Arguments[0].Value.TryGetConstantString(out var name) && name is not null)
        {
            return name.IndexOf("HMAC", System.StringComparison.OrdinalIgnoreCase) >= 0 || name.EndsWith("KeyedHashAlgorithm", System.StringComparison.Ordinal);
        }

        return IsHmac(invocation.TargetMethod.ContainingType, symbols) || invocation.TargetMethod.ContainingType?.Name == "KeyedHashAlgorithm";
    }

    private static async Task<Document?> RewriteAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;
        var node = editor.OriginalRoot.FindNode(span, getInnermostNodeForTie: true);
        var symbols = CryptoSymbols.Get(KnownTypes.Get(model.Compilation));
        if (model.GetOperation(node, cancellationToken) is not { } operation || Plan(operation, symbols) is not { } plan)
        {
            return document;
        }

        var generator = editor.Generator;
        var target = plan.Hmac ? symbols.HmacSha256 : symbols.Sha256;
        if (target is null)
        {
            return document;
        }

        var targetType = generator.TypeExpression(target).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "HashData" or "HashDataAsync", Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } }:
                editor.ReplaceNode(access.Expression, targetType.WithTriviaFrom(access.Expression));
                break;

            case IInvocationOperation { Arguments.Length: 1 } named when named.Arguments[0].Value.Syntax is LiteralExpressionSyntax literal:
                var text = plan.Hmac ? "HMACSHA256" : "SHA256";
                editor.ReplaceNode(literal, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text)).WithTriviaFrom(literal));
                break;

            case IInvocationOperation { Arguments.Length: 0 } or IObjectCreationOperation:
                var replacement = plan.Hmac
                    ? generator.ObjectCreationExpression(targetType, operation is IObjectCreationOperation creation ? creation.Arguments.Select(a => a.Syntax.WithoutTrivia()) : Enumerable.Empty<SyntaxNode>())
                    : generator.InvocationExpression(generator.MemberAccessExpression(targetType, "Create"));
                editor.ReplaceNode(operation.Syntax, replacement.WithTriviaFrom(operation.Syntax));
                break;

            case IPropertyReferenceOperation { Syntax: MemberAccessExpressionSyntax name }:
                editor.ReplaceNode(name.Name, SyntaxFactory.IdentifierName("SHA256").WithTriviaFrom(name.Name));
                break;

            default:
                return document;
        }

        if (plan.DeclaredType is not null)
        {
            editor.ReplaceNode(plan.DeclaredType, generator.TypeExpression(target).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation).WithTriviaFrom(plan.DeclaredType));
        }

        return editor.GetChangedDocument();
    }
}
