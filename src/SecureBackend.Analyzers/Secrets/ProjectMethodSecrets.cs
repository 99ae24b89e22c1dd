using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// SB2006, one level into the project's own methods: the bodies of a method of this compilation, so the analyzer can
/// ask whether what it returns is a MAC, a password-based key or a hash of a secret. A body is bound only after a cheap
/// syntax check (it mentions a hash or key-derivation member or a secret-looking identifier), and each method's answer
/// is remembered for the rest of the compilation (one instance per compilation start, shared by concurrent callbacks).
/// Methods without a body (abstract, interface, extern, partial definitions without an implementation) have none.
/// </summary>
internal sealed class ProjectMethodSecrets
{
    /// <summary>Members whose result a secret-returning helper typically returns (besides secret-looking names).</summary>
    private static readonly HashSet<string> OriginMembers = NameSet.Of(
        "ComputeHash", "TryComputeHash", "HashData", "HashDataAsync", "TryHashData", "ComputeHashAsync", "GetHashAndReset",
        "GetCurrentHash", "Hash", "Pbkdf2", "GetBytes", "GetBytesAsync");

    private const string NoSecret = "";

    private readonly ConcurrentDictionary<IMethodSymbol, string> _returned = new(SymbolEqualityComparer.Default);

    /// <summary>The remembered answer for <paramref name="method"/>: true with the origin (null when none) once known.</summary>
    public bool TryGetKnown(IMethodSymbol method, out string? origin)
    {
        if (_returned.TryGetValue(method, out var known))
        {
            origin = known.Length == 0 ? null : known;
            return true;
        }

        origin = null;
        return false;
    }

    /// <summary>Remembers the answer for <paramref name="method"/> (two threads computing it at once agree).</summary>
    public void Remember(IMethodSymbol method, string? origin) => _returned.TryAdd(method, origin ?? NoSecret);

    /// <summary>
    /// The bound bodies of <paramref name="method"/> that pass the cheap syntax check, read through
    /// <paramref name="callerModel"/> when declared in the caller's document and through the model of the declaring
    /// document otherwise.
    /// </summary>
    public static void CollectBodies(IMethodSymbol method, SemanticModel callerModel, SecretNameMatcher names, List<IOperation> bodies, CancellationToken cancellationToken)
    {
        var definition = method.PartialImplementationPart ?? method;
        if (definition.IsAbstract || definition.IsExtern || definition.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction))
        {
            return;
        }

        var compilation = callerModel.Compilation;
        foreach (var reference in definition.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            if (BodyOf(declaration) is not { } body || !MentionsSecretOrigin(body, names))
            {
                continue;
            }

            var tree = reference.SyntaxTree;
            SemanticModel model;
            if (tree == callerModel.SyntaxTree)
            {
                model = callerModel;
            }
            else if (compilation.ContainsSyntaxTree(tree))
            {
                // Only for a helper of another document that passed the checks above, once per method and compilation;
                // the compiler host hands out its cached model for the tree.
                model = SemanticModels.Of(compilation, tree);
            }
            else
            {
                continue;
            }

            if (model.GetOperation(declaration, cancellationToken) is { } operation)
            {
                bodies.Add(operation);
            }
        }
    }

    private static SyntaxNode? BodyOf(SyntaxNode declaration) => declaration switch
    {
        BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
        LocalFunctionStatementSyntax function => (SyntaxNode?)function.Body ?? function.ExpressionBody,
        _ => null,
    };

    /// <summary>Whether the body names a hash or key-derivation member or a secret-looking identifier.</summary>
    private static bool MentionsSecretOrigin(SyntaxNode body, SecretNameMatcher names)
    {
        foreach (var token in body.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && (OriginMembers.Contains(token.ValueText) || names.Matches(token.ValueText)))
            {
                return true;
            }
        }

        return false;
    }
}
