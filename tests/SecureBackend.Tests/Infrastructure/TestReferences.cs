using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Benchmarks.Shared;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>
/// The real assemblies every test compilation sees: the .NET 10 and ASP.NET Core 10 reference packs, and the
/// data-access, crypto and token libraries this test project references (their loaded assemblies and the package
/// assemblies those depend on). Built once per test run.
/// </summary>
public static class TestReferences
{
    public static readonly ReferenceAssemblies Net10 = new ReferenceAssemblies(
            "net10.0",
            new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"),
            Path.Combine("ref", "net10.0"))
        .AddPackages(ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.App.Ref", "10.0.12")));

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyFramework = new(
        () => Net10.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult(),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyLibraries = new(() => BuildLibraries(LibrarySeeds.All), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Package assemblies (not framework ones) to add as <c>TestState.AdditionalReferences</c>.</summary>
    public static ImmutableArray<MetadataReference> Libraries => LazyLibraries.Value;

    /// <summary>The resolved .NET 10 and ASP.NET Core 10 reference assemblies of <see cref="Net10"/>.</summary>
    public static ImmutableArray<MetadataReference> Framework => LazyFramework.Value;

    /// <summary>Framework and libraries: everything a compilation built outside the verifiers needs.</summary>
    public static ImmutableArray<MetadataReference> All => Framework.AddRange(Libraries);

    private static ImmutableArray<MetadataReference> BuildLibraries(IEnumerable<Type> seeds)
    {
        // Names the reference packs already provide must not be added again (CS0433 ambiguities otherwise).
        var frameworkNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in Framework)
        {
            if (reference is PortableExecutableReference { FilePath: { } path })
            {
                frameworkNames.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return PackageAssemblies.Paths(seeds, frameworkNames)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .OrderBy(r => r.Display, StringComparer.Ordinal)
            .ToImmutableArray();
    }
}
