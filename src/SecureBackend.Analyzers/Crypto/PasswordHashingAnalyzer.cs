using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// SB2002: a password (by the name of the parameter, local, field or property it comes from, or because the method
/// hashes/verifies passwords) reaches a fast hash: any <c>HashAlgorithm</c> (MD5, SHA-1/2/3, HMAC*) via static
/// <c>HashData</c> or instance <c>ComputeHash</c>/<c>TryComputeHash</c>, <c>IncrementalHash.AppendData</c>,
/// <c>CryptographicOperations.HashData</c>, an HMAC keyed with the password, or <c>string.GetHashCode</c>.
/// Every fast hash inside a custom <c>IPasswordHasher&lt;T&gt;</c> is reported as well, and so is a call that hands a
/// password to a helper of the same file that fast-hashes that parameter.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PasswordHashingAnalyzer : SecureBackendAnalyzer
{
    /// <summary>
    /// Every report, a helper call's included, needs a fast hash written in the source (<see cref="SourceWords"/>): one
    /// of the hashing methods <see cref="PasswordHashDetector"/> matches, or an HMAC type (constructed, declared for
    /// <c>new()</c>, or derived from).
    /// </summary>
    private static readonly ImmutableArray<string> WrittenNames = ImmutableArray.Create(
        "HashData", "HashDataAsync", "TryHashData", "ComputeHash", "ComputeHashAsync", "TryComputeHash", "TransformBlock",
        "TransformFinalBlock", "AppendData", "HmacData", "HmacDataAsync", "TryHmacData", "GetHashCode", "HMAC", "HMACMD5", "HMACSHA1",
        "HMACSHA256", "HMACSHA384", "HMACSHA512", "HMACSHA3_256", "HMACSHA3_384", "HMACSHA3_512", "HMACRIPEMD160");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.PasswordFastHash);

    protected override bool IsRelevant(KnownTypes types) => true;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (!SourceWords.AnyWritten(context.Compilation, WrittenNames, context.CancellationToken))
        {
            return;
        }

        var symbols = CryptoSymbols.Get(types);
        var namesByTree = new ConcurrentDictionary<SyntaxTree, PasswordNames>();
        context.RegisterOperationAction(
            c => Analyze(c, symbols, namesByTree),
            OperationKind.Invocation,
            OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context, CryptoSymbols symbols, ConcurrentDictionary<SyntaxTree, PasswordNames> namesByTree)
    {
        var operation = context.Operation;
        PasswordHashMatch match;
        if (PasswordHashDetector.IsFastHashSink(operation, symbols))
        {
            var names = NamesFor(context, namesByTree);
            if (!PasswordHashDetector.TryMatch(operation, symbols, names, context.ContainingSymbol, out match))
            {
                return;
            }
        }
        else if (operation is IInvocationOperation { TargetMethod: { IsImplicitlyDeclared: false, ReturnsVoid: false }, Arguments.Length: > 0 } call
                 && IsDeclaredIn(call.TargetMethod.OriginalDefinition, operation.Syntax.SyntaxTree))
        {
            var names = NamesFor(context, namesByTree);
            if (!PasswordHashDetector.TryMatchHelperCall(call, symbols, names, context.ContainingSymbol, out match))
            {
                return;
            }
        }
        else
        {
            return;
        }

        context.Report(Diagnostic.Create(Rules.PasswordFastHash, operation.Syntax.GetLocation(), match.PasswordName, match.HashName));
    }

    /// <summary>The password names in force for the operation's file, read from the options once per file.</summary>
    private static PasswordNames NamesFor(OperationAnalysisContext context, ConcurrentDictionary<SyntaxTree, PasswordNames> namesByTree)
    {
        var tree = context.Operation.Syntax.SyntaxTree;
        if (!namesByTree.TryGetValue(tree, out var names))
        {
            names = PasswordNames.For(context.Options, tree);
            namesByTree.TryAdd(tree, names);
        }

        return names;
    }

    /// <summary>Whether the method is declared in <paramref name="tree"/> (its locations, which unlike its syntax references are not rebuilt per call).</summary>
    /// <remarks>
    /// This runs for every call with arguments. A library method has a metadata token (source methods have none), which
    /// rules it out without walking up to its module; then the containing type's locations (kept by the compiler)
    /// rule out the methods of types declared in other files before the method's own locations. A synthesized type
    /// (top-level statements) is not ruled out this way.
    /// </remarks>
    private static bool IsDeclaredIn(IMethodSymbol method, SyntaxTree tree)
    {
        if (method.MetadataToken != 0)
        {
            return false;
        }

        if (method.ContainingType is { IsImplicitlyDeclared: false } type)
        {
            var declaredHere = false;
            foreach (var location in type.Locations)
            {
                if (location.SourceTree == tree)
                {
                    declaredHere = true;
                    break;
                }
            }

            if (!declaredHere)
            {
                return false;
            }
        }

        foreach (var location in method.Locations)
        {
            if (location.SourceTree == tree)
            {
                return true;
            }
        }

        return false;
    }
}
