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
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BrokenHashAlgorithmFixer)), Shared]
public sealed class BrokenHashAlgorithmFixer : SecureBackendFixer
{
    public const string UseSha256Key = "SB2001.UseSha256";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BrokenHashAlgorithm);

    /// <summary>Whether the digest may be compared with stored values is a question for the bound uses.</summary>
    protected override bool OffersNeedModel => true;

    protected override async Task<IEnumerable<FixAction>> OfferAsync(FixOffer offer, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.ContainsKey(BrokenHashAlgorithmAnalyzer.KindProperty))
        {
            return Array.Empty<FixAction>(); // an algorithm named at run time, or DSA: no rewrite keeps the behaviour
        }

        var model = offer.Model;
        var symbols = CryptoSymbols.Get(KnownTypes.Get(model.Compilation));
        var node = offer.Root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (model.GetOperation(node, offer.CancellationToken) is not { } operation
            || Plan(operation, symbols) is not { } plan
            || DigestUses.HasFixedSize(operation, plan.Digests)
            || await DigestUses.MayBeComparedAsync(offer.Document.Project.Solution, model, plan.Digests, offer.CancellationToken).ConfigureAwait(false))
        {
            return Array.Empty<FixAction>();
        }

        return new[] { new FixAction("Use SHA-256 (HMAC-SHA256 for keyed hashes)", UseSha256Key) };
    }

    protected override Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        => FixOneByOneAsync(document, diagnostics, (current, node, _) => RewriteAsync(current, node.Span, cancellationToken), cancellationToken);

    private sealed class Rewrite
    {
        public Rewrite(bool hmac, List<IOperation> digests, SyntaxNode? declaredType)
        {
            Hmac = hmac;
            Digests = digests;
            DeclaredType = declaredType;
        }

        public bool Hmac { get; }

        /// <summary>The expressions that produce the digest bytes.</summary>
        public List<IOperation> Digests { get; }

        /// <summary>An explicit local type (<c>MD5 md5 = …</c>) that must change along.</summary>
        public SyntaxNode? DeclaredType { get; }
    }

    private static Rewrite? Plan(IOperation operation, CryptoSymbols symbols)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "HashData" or "HashDataAsync" } invocation when symbols.BrokenAlgorithmOf(invocation.TargetMethod.ContainingType) is not null:
                return invocation.GetArgument("destination") is null ? new Rewrite(IsHmac(invocation.TargetMethod.ContainingType, symbols), new List<IOperation> { invocation }, null) : null;

            case IInvocationOperation { TargetMethod.Name: "Create" } invocation:
                return PlanInstance(invocation, IsHmacFactory(invocation, symbols), symbols);

            case IInvocationOperation { TargetMethod.Name: "CreateFromName" } invocation:
                return PlanInstance(invocation, IsHmacFactory(invocation, symbols), symbols);

            case IObjectCreationOperation creation:
                return PlanInstance(creation, IsHmac(creation.Type, symbols), symbols);

            default:
                // HashAlgorithmName.MD5/SHA1 passed to IncrementalHash or CryptographicOperations.
                if (operation.WalkDownConversions() is IPropertyReferenceOperation && operation.Parent is IArgumentOperation { Parent: IInvocationOperation call }
                    && call.GetArgument("destination") is null)
                {
                    var digests = new List<IOperation>();
                    if (call.TargetMethod.Name is "CreateHash" or "CreateHMAC")
                    {
                        CollectInstanceDigests(call, digests);
                    }
                    else
                    {
                        digests.Add(call);
                    }

                    return new Rewrite(call.TargetMethod.Name.IndexOf("HMAC", System.StringComparison.OrdinalIgnoreCase) >= 0, digests, null);
                }

                return null;
        }
    }

    private static Rewrite? PlanInstance(IOperation creation, bool hmac, CryptoSymbols symbols)
    {
        var digests = new List<IOperation>();
        var parent = HashValueShapes.ParentSkippingConversions(creation, out var child);
        SyntaxNode? declaredType = null;
        if (parent is IInvocationOperation chained && chained.Instance == child)
        {
            digests.Add(chained);
        }
        else if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            if (declarator.Syntax.Parent is VariableDeclarationSyntax { Type: { IsVar: false } type } && symbols.BrokenAlgorithmOf(declarator.Symbol.Type) is not null)
            {
                declaredType = type;
            }

            if (!CollectInstanceDigests(creation, digests))
            {
                return null;
            }
        }
        else
        {
            return null; // stored in a field, returned or passed on: its uses are out of sight
        }

        return digests.Count == 0 ? null : new Rewrite(hmac, digests, declaredType);
    }

    /// <summary>The digest-producing calls on the local that receives <paramref name="creation"/>.</summary>
    private static bool CollectInstanceDigests(IOperation creation, List<IOperation> digests)
    {
        var parent = HashValueShapes.ParentSkippingConversions(creation, out _);
        if (parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return parent is IInvocationOperation chained && Add(chained, digests);
        }

        foreach (var local in HashValueShapes.LocalReads(creation.GetRoot(), declarator.Symbol))
        {
            switch (local.Parent)
            {
                case IInvocationOperation call when call.Instance == local:
                    if (!Add(call, digests))
                    {
                        return false;
                    }

                    break;
                case IPropertyReferenceOperation { Property.Name: "Hash" } hash:
                    digests.Add(hash);
                    break;
                case IPropertyReferenceOperation:
                    break;
                default:
                    return false; // passed on (CryptoStream, a helper): out of sight
            }
        }

        return true;
    }

    private static bool Add(IInvocationOperation call, List<IOperation> digests)
    {
        if (call.TargetMethod.Name is "ComputeHash" or "ComputeHashAsync" or "GetHashAndReset" or "GetCurrentHash" or "TransformFinalBlock")
        {
            digests.Add(call);
        }

        return !call.TargetMethod.Name.StartsWith("Try", System.StringComparison.Ordinal);
    }

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
