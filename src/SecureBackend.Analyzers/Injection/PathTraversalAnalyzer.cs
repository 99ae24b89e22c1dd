using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// SB1004: a path that carries request input, an uploaded file's name or a zip entry's name (zip slip) reaching
/// <c>File.*</c>, <c>Directory.*</c>, <c>FileStream</c>/<c>StreamReader</c>/<c>StreamWriter</c>/<c>FileInfo</c>/<c>DirectoryInfo</c>
/// constructors, <c>ZipArchiveEntry.ExtractToFile</c>, <c>ControllerBase.PhysicalFile</c>, <c>PhysicalFileResult</c>
/// and <c>Results/TypedResults.File/PhysicalFile</c>. Paths built from configuration or constants are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PathTraversalAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Diagnostic property set when the last argument of a <c>Path.Combine</c>/<c>Join</c> (the additional location) is the only tainted piece.</summary>
    public const string FileNameProperty = "FileName";

    private static readonly string[] StaticSinkTypes =
    {
        "System.IO.File",
        "System.IO.Directory",
        "System.IO.Compression.ZipFileExtensions",
        "Microsoft.AspNetCore.Mvc.ControllerBase",
        "Microsoft.AspNetCore.Http.Results",
        "Microsoft.AspNetCore.Http.TypedResults",
    };

    private static readonly string[] ConstructorSinkTypes =
    {
        "System.IO.FileStream",
        "System.IO.StreamReader",
        "System.IO.StreamWriter",
        "System.IO.FileInfo",
        "System.IO.DirectoryInfo",
        "Microsoft.AspNetCore.Mvc.PhysicalFileResult",
    };

    /// <summary>
    /// Every report needs one of these written in the source (<see cref="SourceWords"/>): a static sink type, a sink
    /// extension or controller method, or a sink type constructed (or declared, for <c>new()</c>).
    /// </summary>
    private static readonly ImmutableArray<string> WrittenNames = ImmutableArray.Create(
        "File", "Directory", "ExtractToFile", "ExtractToFileAsync", "ExtractToDirectory", "ExtractToDirectoryAsync", "CreateEntryFromFile",
        "CreateEntryFromFileAsync", "PhysicalFile", "FileStream", "StreamReader", "StreamWriter", "FileInfo", "DirectoryInfo", "PhysicalFileResult");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.PathTraversal);

    protected override bool IsRelevant(KnownTypes types) => types.Has("System.IO.File");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (!SourceWords.AnyWritten(context.Compilation, WrittenNames, context.CancellationToken))
        {
            return;
        }

        var policy = new PathTaintPolicy(types);
        var methods = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in StaticSinkTypes)
        {
            if (types.Get(name) is { } type)
            {
                methods.Add(type);
            }
        }

        var constructors = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in ConstructorSinkTypes)
        {
            if (types.Get(name) is { } type)
            {
                constructors.Add(type);
            }
        }

        var sinks = new PathSinks(policy, methods.ToImmutable(), constructors.ToImmutable());
        new StringSinkAnalysis(sinks, policy, Rules.PathTraversal, requestOnly: true).Register(context);
    }

    private sealed class PathSinks : StringSinks
    {
        private readonly PathTaintPolicy _policy;
        private readonly ImmutableHashSet<INamedTypeSymbol> _methods;
        private readonly ImmutableHashSet<INamedTypeSymbol> _constructors;

        public PathSinks(PathTaintPolicy policy, ImmutableHashSet<INamedTypeSymbol> methods, ImmutableHashSet<INamedTypeSymbol> constructors)
        {
            _policy = policy;
            _methods = methods;
            _constructors = constructors;
        }

        public override bool MayBeSink(IMethodSymbol method)
            => method.ContainingType is { } type && (method.MethodKind == MethodKind.Constructor ? _constructors.Contains(type) : _methods.Contains(type));

        public override bool IsSinkParameter(IMethodSymbol method, IParameterSymbol parameter)
        {
            if (parameter.Type.SpecialType != SpecialType.System_String || !IsPathParameter(parameter.Name) || method.ContainingType is not { } type)
            {
                return false;
            }

            if (method.MethodKind == MethodKind.Constructor)
            {
                return _constructors.Contains(type);
            }

            if (!_methods.Contains(type))
            {
                return false;
            }

            // On controllers and Results only the physical-file results take a file-system path.
            return type.Name is "File" or "Directory" or "ZipFileExtensions"
                || method.Name == "PhysicalFile"
                || (method.Name == "File" && type.Name is "Results" or "TypedResults");
        }

        public override bool IsSinkProperty(IPropertySymbol property) => false;

        public override Diagnostic CreateDiagnostic(DiagnosticDescriptor rule, IOperation value, ISymbol sink, ISymbol target, IOperation piece, LocalFlowIndex index)
        {
            var fileName = FileNameArgument(value, index);
            return Diagnostic.Create(
                rule,
                value.Syntax.GetLocation(),
                fileName is null ? null : new[] { fileName.Syntax.GetLocation() },
                fileName is null ? null : ImmutableDictionary<string, string?>.Empty.Add(FileNameProperty, "true"),
                DisplayName(sink),
                StringTaintEngine.Describe(piece));
        }

        private static bool IsPathParameter(string name)
            => name == "path"
               || name.EndsWith("FileName", StringComparison.OrdinalIgnoreCase)
               || name.EndsWith("DirName", StringComparison.Ordinal)
               || name.EndsWith("DirectoryName", StringComparison.Ordinal)
               || name.EndsWith("Path", StringComparison.Ordinal);

        /// <summary>
        /// The last argument of the <c>Path.Combine</c>/<c>Path.Join</c> that builds the path (directly or as the one
        /// initializer of a local), when it is the only piece carrying input: the fix reduces it to a file name.
        /// </summary>
        private IOperation? FileNameArgument(IOperation value, LocalFlowIndex index)
        {
            var current = value.WalkDownConversions();
            if (current is ILocalReferenceOperation local)
            {
                var writes = index.GetWrites(local.Local);
                if (writes.Count != 1 || writes[0].Kind != LocalWriteKind.Initializer || writes[0].Value is null)
                {
                    return null;
                }

                current = writes[0].Value!.WalkDownConversions();
            }

            if (current is not IInvocationOperation call
                || !(_policy.IsPathMethod(call.TargetMethod, "Combine") || _policy.IsPathMethod(call.TargetMethod, "Join"))
                || call.Arguments.Length < 2)
            {
                return null;
            }

            for (var i = 0; i < call.Arguments.Length; i++)
            {
                var argument = call.Arguments[i];
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Value.Type?.SpecialType != SpecialType.System_String)
                {
                    return null;
                }

                var piece = StringTaintEngine.Evaluate(_policy, index, argument.Value, requestOnly: true).Piece;
                if ((piece is not null) != (i == call.Arguments.Length - 1) || (piece is not null && _policy.IsArchiveEntryName(piece)))
                {
                    // Zip entries keep their folders: reducing them to a file name is not the fix.
                    return null;
                }
            }

            return call.Arguments[call.Arguments.Length - 1].Value;
        }
    }
}
