using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureBackend.Benchmarks;

/// <summary>One set of analyzers measured together, with the diagnostic options that switch all of its rules on.</summary>
internal sealed record AnalyzerSet(
    string Key,
    string Label,
    ImmutableArray<DiagnosticAnalyzer> Analyzers,
    ImmutableDictionary<string, ReportDiagnostic> Options)
{
    public bool IsEmpty => Analyzers.IsDefaultOrEmpty;
}

internal static partial class AnalyzerSets
{
    /// <summary>
    /// Every SecureBackend analyzer, found by reflection like the test catalogue: non-abstract
    /// <see cref="DiagnosticAnalyzer"/> types carrying <see cref="DiagnosticAnalyzerAttribute"/>. By default from the
    /// referenced analyzer project; <paramref name="path"/> (a dll or a folder) measures another build.
    /// </summary>
    public static AnalyzerSet Ours(string? path)
    {
        IEnumerable<Assembly> assemblies;
        if (path is null)
        {
            assemblies = new[] { typeof(SecureBackend.Analyzers.Rules).Assembly };
        }
        else
        {
            var context = new PeerLoadContext("securebackend", Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!);
            var files = Directory.Exists(path) ? Directory.GetFiles(path, "SecureBackend.Analyzers.dll") : new[] { Path.GetFullPath(path) };
            assemblies = files.Select(context.LoadFromAssemblyPath).ToList();
        }

        var analyzers = assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        return new AnalyzerSet("securebackend", "SecureBackend", analyzers, EnableAll(analyzers, _ => true));
    }

    /// <summary>Security Code Scan (the <c>SecurityCodeScan.VS2019</c> package), every rule on.</summary>
    public static AnalyzerSet SecurityCodeScan()
    {
        var analyzers = LoadPeer("SecurityCodeScan");
        return new AnalyzerSet("securitycodescan", "Security Code Scan " + PeerVersion("SecurityCodeScan.VS2019"), analyzers, EnableAll(analyzers, _ => true));
    }

    /// <summary>
    /// The security rules of the .NET SDK analyzers (<c>Microsoft.CodeAnalysis.NetAnalyzers</c>): CA2100, CA23xx,
    /// CA3xxx and CA5xxx switched on; only analyzers reporting one of them are loaded, their other rules are off.
    /// </summary>
    public static AnalyzerSet NetAnalyzersSecurity()
    {
        var analyzers = LoadPeer("NetAnalyzers")
            .Where(a => a.SupportedDiagnostics.Any(d => IsCaSecurityRule(d.Id)))
            .ToImmutableArray();
        var options = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            options[descriptor.Id] = IsCaSecurityRule(descriptor.Id) ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress;
        }

        return new AnalyzerSet("netanalyzers", "CA security rules " + PeerVersion("Microsoft.CodeAnalysis.NetAnalyzers"), analyzers, options.ToImmutable());
    }

    public static bool IsCaSecurityRule(string id) => CaSecurityRule().IsMatch(id);

    [GeneratedRegex("^CA(2100|23[0-9]{2}|3[0-9]{3}|5[0-9]{3})$")]
    private static partial Regex CaSecurityRule();

    private static ImmutableDictionary<string, ReportDiagnostic> EnableAll(ImmutableArray<DiagnosticAnalyzer> analyzers, Func<string, bool> include)
    {
        var options = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            if (include(descriptor.Id) && !descriptor.IsEnabledByDefault)
            {
                options[descriptor.Id] = ReportDiagnostic.Warn;
            }
        }

        return options.ToImmutable();
    }

    private static ImmutableArray<DiagnosticAnalyzer> LoadPeer(string folder)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "peers", folder);
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException("Peer analyzers not found in " + directory + "; build the benchmark project first.");
        }

        var loader = new PeerAssemblyLoader(new PeerLoadContext(folder, directory));
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var file in Directory.GetFiles(directory, "*.dll").Order(StringComparer.Ordinal))
        {
            var reference = new AnalyzerFileReference(file, loader);
            reference.AnalyzerLoadFailed += (_, e) => Console.Error.WriteLine($"warning: {Path.GetFileName(file)}: {e.ErrorCode} {e.TypeName} {e.Message}");
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        return analyzers.ToImmutable();
    }

    /// <summary>The peer package version this project restored (recorded by the project file).</summary>
    public static string PeerVersion(string package)
        => typeof(AnalyzerSets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == package)?.Value ?? "?";

    /// <summary>Loads a peer's analyzer assemblies, sharing the compiler and the framework with the host.</summary>
    private sealed class PeerAssemblyLoader(PeerLoadContext context) : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => context.LoadFromAssemblyPath(fullPath);
    }

    private sealed class PeerLoadContext(string name, string directory) : AssemblyLoadContext("peer-" + name)
    {
        private static readonly HashSet<string> Shared = new(StringComparer.OrdinalIgnoreCase)
        {
            "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "Microsoft.CodeAnalysis.VisualBasic", "Microsoft.CodeAnalysis.Workspaces",
            "Microsoft.CodeAnalysis.CSharp.Workspaces", "System.Collections.Immutable", "System.Reflection.Metadata",
        };

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name is null || Shared.Contains(assemblyName.Name))
            {
                return null;
            }

            var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
