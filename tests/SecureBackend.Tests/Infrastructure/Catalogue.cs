using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>What the product ships, found by reflection: descriptors, analyzers, code fixes, and the repository root.</summary>
public static class Catalogue
{
    public static readonly Assembly AnalyzerAssembly = typeof(Rules).Assembly;

    public static readonly Assembly CodeFixAssembly = typeof(SecureBackend.CodeFixes.CodeFixAssemblyMarker).Assembly;

    /// <summary>Every public static descriptor field of <see cref="Rules"/>, in declaration order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = typeof(Rules)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static ImmutableArray<string> RuleIdentifiers { get; } = Descriptors.Select(d => d.Id).Distinct().ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = AnalyzerAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t)
            && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = CodeFixAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static bool HasCodeFix(string ruleId) => CodeFixes.Any(f => f.FixableDiagnosticIds.Contains(ruleId));

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ReadRepositoryFile(params string[] relativePath)
        => File.ReadAllText(Path.Combine(RepositoryRoot, Path.Combine(relativePath)));

    public static IEnumerable<object[]> RuleIdData() => RuleIdentifiers.Select(id => new object[] { id });

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureBackend.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SecureBackend.sln not found above " + AppContext.BaseDirectory);
    }
}
