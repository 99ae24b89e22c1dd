using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>Namespace names compared segment by segment must agree with the namespace's formatted name.</summary>
public sealed class NamespaceNameTests
{
    private static readonly Compilation Source = CSharpCompilation.Create(
        "Namespaces",
        new[]
        {
            CSharpSyntaxTree.ParseText("""
                namespace System.Text { class InSystemText { } }
                namespace SystemX.Text { class InSystemXText { } }
                namespace Text { class InText { } }
                namespace Microsoft { class InMicrosoft { } }
                namespace Microsoft.Extensions.Hosting { class InHosting { } }
                class InGlobal { }
                """),
        });

    private static INamespaceSymbol? NamespaceOf(string typeName)
        => Source.GetTypeByMetadataName(typeName)?.ContainingNamespace;

    [Theory]
    [InlineData("System.Text.InSystemText", "System.Text", true)]
    [InlineData("System.Text.InSystemText", "Text", false)]
    [InlineData("System.Text.InSystemText", "System", false)]
    [InlineData("System.Text.InSystemText", "ystem.Text", false)]
    [InlineData("System.Text.InSystemText", "My.System.Text", false)]
    [InlineData("SystemX.Text.InSystemXText", "System.Text", false)]
    [InlineData("Text.InText", "System.Text", false)]
    [InlineData("Text.InText", "Text", true)]
    [InlineData("Microsoft.Extensions.Hosting.InHosting", "Microsoft.Extensions.Hosting", true)]
    [InlineData("Microsoft.Extensions.Hosting.InHosting", "Microsoft.AspNetCore.Hosting", false)]
    [InlineData("InGlobal", "System", false)]
    public void IsNamespace_MatchesTheFormattedName(string typeName, string qualifiedName, bool expected)
    {
        var ns = NamespaceOf(typeName);
        Assert.NotNull(ns);
        Assert.Equal(expected, ns.IsNamespace(qualifiedName));
        Assert.Equal(expected, !ns.IsGlobalNamespace && ns.ToDisplayString() == qualifiedName);
    }

    [Fact]
    public void IsNamespace_NullIsNoNamespace() => Assert.False(((INamespaceSymbol?)null).IsNamespace("System"));

    [Theory]
    [InlineData("System.Text.InSystemText", "System.Text", true)]
    [InlineData("System.Text.InSystemText", "System", true)]
    [InlineData("System.Text.InSystemText", "Text", false)]
    [InlineData("System.Text.InSystemText", "System.Text.Json", false)]
    [InlineData("SystemX.Text.InSystemXText", "System", false)]
    [InlineData("Microsoft.InMicrosoft", "Microsoft", true)]
    [InlineData("Microsoft.Extensions.Hosting.InHosting", "Microsoft", true)]
    [InlineData("Microsoft.Extensions.Hosting.InHosting", "Microsoft.Extensions", true)]
    [InlineData("Microsoft.Extensions.Hosting.InHosting", "Microsoft.AspNetCore", false)]
    [InlineData("InGlobal", "System", false)]
    public void IsWithinNamespace_MatchesTheNameOrAnEnclosingOne(string typeName, string qualifiedName, bool expected)
    {
        var ns = NamespaceOf(typeName);
        Assert.NotNull(ns);
        Assert.Equal(expected, ns.IsWithinNamespace(qualifiedName));
        var formatted = ns.IsGlobalNamespace ? "" : ns.ToDisplayString();
        Assert.Equal(expected, formatted == qualifiedName || formatted.StartsWith(qualifiedName + ".", System.StringComparison.Ordinal));
    }

    [Fact]
    public void IsWithinNamespace_NullIsNoNamespace() => Assert.False(((INamespaceSymbol?)null).IsWithinNamespace("System"));
}
